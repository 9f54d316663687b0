"""The compiler: semantic model in, Python with resolved slots out, once per simulator.

It lays out every FB/PROGRAM type (``CompiledFb``), every FUNCTION, METHOD
and property accessor (``Routine``) and the global variables, as code asks
for them, and queues their bodies; ``drain`` compiles the queued bodies
(``BodyCompiler``: one generated Python function per body, a closure over
the values it uses), which may ask for more types. Layouts come first so that
recursive calls and FBs that call each other compile.

What the compiler cannot run is collected in ``unsupported`` (with the
position in the user's file) and compiled into code that raises a
``not supported`` fault if it is ever reached; the rest of the project runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.sim.compiled import (
    RETAINED,
    CompiledFb,
    CompiledProperty,
    GlobalStorage,
    Routine,
    Slot,
)
from werk.tools.st.sim.constants import Constants, declaration_node
from werk.tools.st.sim.context import FrameKind
from werk.tools.st.sim.faults import FaultKind, SimulationFault, Unsupported
from werk.tools.st.sim.io_image import IoAddress, IoView
from werk.tools.st.sim.layouts import Layouts, UnsupportedLayout
from werk.tools.st.sim.natives import NativeFunction
from werk.tools.st.sim.positions import Span
from werk.tools.st.sim.runtime import FbInstance, Machine
from werk.tools.st.sim.statements import BodyCompiler
from werk.tools.st.sim.values import ArrayLayout, ReferenceLayout

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project
    from werk.tools.st.sim.coverage import Coverage

# Locals are laid out parameters first, so an override with the same
# signature has its parameters at the same slots as the method it overrides.
ROUTINE_ORDER = {
    Section.VAR_INPUT: 0,
    Section.VAR_IN_OUT: 1,
    Section.VAR_OUTPUT: 2,
}
NOT_LOCAL = frozenset({Section.VAR_INST, Section.VAR_STAT, Section.VAR_EXTERNAL})
NOT_RUN = frozenset({Section.VAR_CONFIG, Section.VAR_ACCESS, Section.VAR_GLOBAL})


class Compiler:
    """Compiles the POUs of one project for one simulator (one ``Machine``)."""

    def __init__(
        self,
        project: Project,
        machine: Machine,
        coverage: Coverage | None,
        natives: Mapping[Pou, NativeFunction] | None = None,
    ) -> None:
        self.project = project
        self.machine = machine
        self.coverage = coverage
        # FUNCTIONs whose calls run a Python callable instead of an ST body (see natives).
        self.natives: Mapping[Pou, NativeFunction] = natives or {}
        self.constants = Constants(project)
        self.layouts = Layouts(self)
        self.io_view = IoView()
        self.unsupported: list[Unsupported] = []
        self._reported: set[tuple[str, str, int]] = set()
        self._classes: dict[Pou, CompiledFb] = {}
        self._building: set[Pou] = set()
        self._functions: dict[Pou, Routine] = {}
        self._queue: list[Callable[[], None]] = []
        self.program_instances: dict[Pou, FbInstance] = {}
        self.globals = GlobalStorage()
        self._build_globals()

    # --- reporting -------------------------------------------------------------------------

    def report_unsupported(self, what: str, span: Span) -> None:
        key = (what, str(span.unit.path), span.start)
        if key not in self._reported:
            self._reported.add(key)
            self.unsupported.append(Unsupported(what, span))

    # --- globals ---------------------------------------------------------------------------

    def _build_globals(self) -> None:
        for gvl in self.project.global_lists:
            if self.project.is_standard(gvl):
                continue
            for variable in gvl.variables:
                if variable.section in (Section.VAR_CONFIG, Section.VAR_ACCESS):
                    span = Span(
                        variable.location.unit, variable.location.start, variable.location.end
                    )
                    self.report_unsupported(variable.section.value, span)
                    continue
                slot = self.variable_slot(variable)
                index = self.globals.add(slot)
                path = f"{gvl.name}.{variable.name}" if gvl.name else variable.name
                self.globals.values[index] = slot.factory(path)

    # --- slots -----------------------------------------------------------------------------

    def variable_slot(self, variable: Variable, name: str | None = None) -> Slot:
        site = self.layouts.variable_site(variable)
        retain = bool(variable.qualifiers & RETAINED) or bool(
            self.section_qualifiers(variable) & RETAINED
        )
        if variable.section is Section.VAR_IN_OUT:
            target = self.layouts.layout(variable.type, site, indirect=True)
            return Slot(
                name or variable.name,
                variable,
                ReferenceLayout(target, "in_out"),
                lambda path: None,
                variable.section,
                retain,
                indirect=True,
            )
        layout = self.layouts.layout(variable.type, site)
        indirect = isinstance(layout, ReferenceLayout) and layout.kind == "reference"
        factory = self.layouts.factory(variable, layout, site)
        slot = Slot(
            name or variable.name,
            variable,
            layout,
            factory,
            variable.section,
            retain,
            indirect=indirect,
        )
        if variable.address and "*" not in variable.address:
            self.locate(slot, variable.address, site.span)
        return slot

    def locate(self, slot: Slot, address_text: str, span: Span) -> None:
        """Bind a located variable to the I/O image (its factory writes its initial value)."""
        try:
            address = IoAddress.parse(address_text)
        except ValueError as exc:
            self.report_unsupported(f"address {address_text} ({exc})", span)
            slot.layout = UnsupportedLayout(f"address {address_text}")
            return
        layout = slot.layout
        if isinstance(layout, ArrayLayout):
            self.locate_array(slot, layout, address, address_text, span)
            return
        spec = layout.spec
        if layout.aggregate or spec is None or isinstance(layout, UnsupportedLayout):
            self.report_unsupported(f"a {layout.name} located at {address_text}", span)
            slot.layout = UnsupportedLayout(f"a {layout.name} at {address_text}")
            return
        try:
            read, write = self.machine.io.accessors(address, spec)
        except ValueError as exc:
            self.report_unsupported(f"{address_text}: {exc}", span)
            slot.layout = UnsupportedLayout(f"a {layout.name} at {address_text}")
            return
        key = f"{address}:{spec.name}"
        self.io_view.add(key, read, write)
        slot.located = (read, write)
        slot.located_key = key
        slot.process_write = self.machine.io.process_writer(address, spec)
        initial = slot.factory
        if address.area == "I":
            return  # inputs belong to the process (the test): never overwritten by the program

        def located_initial(path: str) -> Any:
            value = initial(path)
            write(value)
            return value

        slot.factory = located_initial

    def locate_array(
        self, slot: Slot, layout: ArrayLayout, address: IoAddress, address_text: str, span: Span
    ) -> None:
        """``aRaw AT %IW10 : ARRAY[1..6] OF INT``: elements side by side in the image."""
        spec = layout.element.spec
        try:
            if spec is None or layout.element.aggregate:
                raise ValueError(f"{layout.element.name} elements are not laid out in the image")
            self.machine.io.sequence(address, spec, layout.size)
        except ValueError as exc:
            self.report_unsupported(f"a {layout.name} located at {address_text} ({exc})", span)
            slot.layout = UnsupportedLayout(f"a {layout.name} at {address_text}")
            return
        io = self.machine.io
        initial = slot.factory
        size = layout.size

        def located_array(path: str) -> Any:
            elements = io.sequence(address, spec, size)
            if address.area != "I":  # inputs belong to the process, as for scalars
                elements[:] = initial(path)
            return elements

        slot.factory = located_array

    def section_qualifiers(self, variable: Variable) -> frozenset[str]:
        """Qualifiers lowering took out of the section header (``VAR PERSISTENT``)."""
        node = declaration_node(variable)
        section = node.parent if node is not None else None
        if section is None:
            return frozenset()
        first = next((c for c in section.named_children if c.type == "variable_declaration"), None)
        end = first.start_byte if first is not None else section.end_byte
        unit = variable.location.unit
        return frozenset(
            str(rewrite.detail.get("qualifier", "")).upper()
            for rewrite in unit.lowered.rewrites_in(section.start_byte, end)
            if rewrite.kind is RewriteKind.VAR_QUALIFIER
        )

    # --- FB and PROGRAM types --------------------------------------------------------------

    def classes(self) -> list[CompiledFb]:
        return list(self._classes.values())

    def is_building(self, pou: Pou) -> bool:
        return pou in self._building

    def fb_class(self, pou: Pou) -> CompiledFb:
        """The compiled type of a FUNCTION_BLOCK or PROGRAM (laid out now, body queued)."""
        found = self._classes.get(pou)
        if found is not None:
            return found
        self._building.add(pou)
        parent = None
        if pou.extends:
            base = self.project.find_pou(pou.extends)
            if (
                base is None
                or self.project.is_standard(base)
                or base.kind not in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM)
                or base in self._building
            ):
                self.report_unsupported(f"EXTENDS {pou.extends}", self.pou_span(pou))
            else:
                parent = self.fb_class(base)
        cls = CompiledFb(pou, parent)
        self._classes[pou] = cls
        for variable in pou.variables:
            self.add_member(cls, variable)
        for method in pou.methods.values():
            for variable in method.variables:
                if variable.section is Section.VAR_INST:
                    slot = self.variable_slot(variable, f"{method.name}.{variable.name}")
                    index = len(cls.slots)
                    cls.slots.append(slot)
                    cls.slot_of[variable] = index
        for key_, method in pou.methods.items():
            if method.abstract or (not method.body and method.location.unit.symbols_only):
                continue
            routine = self.routine(method, f"{pou.name}.{method.name}")
            inherited = cls.methods.get(key_)
            if inherited is not None and not self.same_signature(inherited, routine):
                self.report_unsupported(
                    f"override of {method.name} with different parameters", self.pou_span(method)
                )
            cls.methods[key_] = routine
            self._queue.append(self.method_job(cls, method, routine))
        for key_, prop in pou.properties.items():
            compiled = CompiledProperty(prop.name)
            if "GET" in prop.accessors:
                compiled.getter = self.routine(prop, f"{pou.name}.{prop.name}.GET")
                self._queue.append(self.accessor_job(cls, prop, compiled.getter, "GET"))
            if "SET" in prop.accessors:
                compiled.setter = self.routine(prop, f"{pou.name}.{prop.name}.SET")
                self._queue.append(self.accessor_job(cls, prop, compiled.setter, "SET"))
            cls.properties[key_] = compiled
        for key_, action in pou.actions.items():
            holder: list[Callable[[Any], Any]] = [self.not_compiled(action)]
            cls.actions[key_] = self.trampoline(holder)
            self._queue.append(self.action_job(cls, action, holder))
        self._building.discard(pou)
        self._queue.append(self.body_job(cls))
        return cls

    def add_member(self, cls: CompiledFb, variable: Variable) -> None:
        section = variable.section
        if section is Section.VAR_EXTERNAL:
            return  # resolved to the VAR_GLOBAL it names
        if section in NOT_RUN:
            self.report_unsupported(f"{section.value} in {cls.name}", self.variable_span(variable))
            return
        if section is Section.VAR_STAT:
            slot = self.variable_slot(variable)
            cls.static_of[variable] = len(cls.statics)
            cls.static_slots.append(slot)
            cls.statics.append(slot.factory(f"{cls.name}.{variable.name}"))
            return
        slot = self.variable_slot(variable)
        index = cls.add(slot)
        if section is Section.VAR_TEMP:
            cls.temps.append((index, slot.factory))

    @staticmethod
    def same_signature(base: Routine, override: Routine) -> bool:
        def signature(routine: Routine) -> list[tuple[str, Section, int]]:
            return [
                (slot.name.lower(), slot.section, index)
                for index, slot in enumerate(routine.slots)
                if slot.section in ROUTINE_ORDER
            ]

        return signature(base) == signature(override)

    # --- routines --------------------------------------------------------------------------

    def function(self, pou: Pou) -> Routine:
        """A user FUNCTION (laid out now, body queued)."""
        found = self._functions.get(pou)
        if found is not None:
            return found
        routine = self.routine(pou, pou.name)
        self._functions[pou] = routine
        self._queue.append(self.function_job(pou, routine))
        return routine

    def routine(self, pou: Pou, name: str) -> Routine:
        """Locals of a FUNCTION, METHOD or property: parameters, return value, the rest."""
        routine = Routine(pou, name)
        variables = [v for v in pou.variables if v.section not in NOT_LOCAL]
        for variable in variables:
            if variable.section in NOT_RUN:
                self.report_unsupported(
                    f"{variable.section.value} in {name}", self.variable_span(variable)
                )
        variables = [v for v in variables if v.section not in NOT_RUN]
        parameters = sorted(
            (v for v in variables if v.section in ROUTINE_ORDER),
            key=lambda v: ROUTINE_ORDER[v.section],
        )
        for variable in parameters:
            routine.add(self.variable_slot(variable))
        if pou.return_type is not None and str(pou.return_type).upper() != "VOID":
            site = self.layouts.pou_site(pou)
            layout = self.layouts.layout(pou.return_type, site)
            routine.return_slot = routine.add(Slot(pou.name, None, layout, layout.new))
        for variable in variables:
            if variable.section not in ROUTINE_ORDER:
                routine.add(self.variable_slot(variable))
        routine.finish_layout()
        return routine

    # --- program instances -----------------------------------------------------------------

    def program_instance(self, pou: Pou, path: str | None = None) -> FbInstance:
        """The instance of a PROGRAM that ``MAIN.x`` refers to (created on first use)."""
        found = self.program_instances.get(pou)
        if found is None:
            found = self.fb_class(pou).new_instance(path or pou.name)
            self.program_instances[pou] = found
        return found

    # --- bodies ----------------------------------------------------------------------------

    def drain(self) -> None:
        """Compile every queued body (compiling one may queue more)."""
        while self._queue:
            self._queue.pop(0)()

    def syntax_fault(self, pou: Pou) -> Callable[[Any], Any] | None:
        """A POU with syntax errors is not run at all: lowering or parsing lost its meaning."""
        unit = pou.location.unit
        issue = next((i for i in unit.issues if pou.span.start <= i.start < pou.span.end), None)
        if issue is None:
            return None
        span = Span(unit, issue.start, issue.end)
        what = f"syntax error ({issue.message}) in {pou.qualified_name}"
        self.report_unsupported(what, span)

        def syntax_error(frame: Any) -> Any:
            raise SimulationFault(FaultKind.NOT_SUPPORTED, what, span)

        return syntax_error

    def compiled_body(
        self,
        pou: Pou,
        statements: list[Any],
        frame: FrameKind,
        *,
        fb: CompiledFb | None = None,
        routine: Routine | None = None,
    ) -> Callable[[Any], Any]:
        """The body function of ``statements``, or one that faults if they cannot run."""
        refused = self.syntax_fault(pou)
        if refused is not None:
            return refused
        try:
            return BodyCompiler(self, pou, frame, fb=fb, routine=routine).body(statements)
        except RecursionError:  # the model's analysis or this compiler recursed too deep
            span = self.pou_span(pou)
            what = f"{pou.qualified_name}: expressions nested too deeply to compile"
            self.report_unsupported(what, span)

            def too_deep(frame_: Any) -> Any:
                raise SimulationFault(FaultKind.NOT_SUPPORTED, what, span)

            return too_deep

    def body_job(self, cls: CompiledFb) -> Callable[[], None]:
        def compile_body() -> None:
            pou = cls.pou
            block = self.compiled_body(pou, pou.body, FrameKind.INSTANCE, fb=cls)
            cls.run = self.instance_runner(block, pou.name, cls.temps)

        return compile_body

    def action_job(
        self, cls: CompiledFb, action: Pou, holder: list[Callable[[Any], Any]]
    ) -> Callable[[], None]:
        def compile_action() -> None:
            block = self.compiled_body(action, action.body, FrameKind.INSTANCE, fb=cls)
            holder[0] = self.instance_runner(block, f"{cls.name}.{action.name}", [])

        return compile_action

    def method_job(self, cls: CompiledFb, method: Pou, routine: Routine) -> Callable[[], None]:
        def compile_method() -> None:
            block = self.compiled_body(
                method, method.body, FrameKind.METHOD, fb=cls, routine=routine
            )
            routine.body = self.method_runner(block, routine.name)

        return compile_method

    def accessor_job(
        self, cls: CompiledFb, prop: Pou, routine: Routine, accessor: str
    ) -> Callable[[], None]:
        def compile_accessor() -> None:
            block = self.compiled_body(
                prop, prop.accessors[accessor], FrameKind.METHOD, fb=cls, routine=routine
            )
            routine.body = self.method_runner(block, routine.name)

        return compile_accessor

    def function_job(self, pou: Pou, routine: Routine) -> Callable[[], None]:
        def compile_function() -> None:
            block = self.compiled_body(pou, pou.body, FrameKind.LOCALS, routine=routine)
            routine.body = self.function_runner(block, pou.name)

        return compile_function

    # --- runners: a body plus its frame on the ST call stack ---------------------------------

    @staticmethod
    def instance_runner(
        block: Callable[[Any], Any], pou_name: str, temps: list[tuple[int, Callable[[str], Any]]]
    ) -> Callable[[Any], Any]:
        if temps:

            def run_with_temps(instance: Any) -> None:
                path = instance.path
                for index, make in temps:
                    instance[index] = make(path)
                try:
                    block(instance)
                except SimulationFault as fault:
                    fault.push(instance.path, pou_name)
                    raise

            return run_with_temps

        def run(instance: Any) -> None:
            try:
                block(instance)
            except SimulationFault as fault:
                fault.push(instance.path, pou_name)
                raise

        return run

    @staticmethod
    def method_runner(block: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
        def run_method(frame: Any) -> None:
            try:
                block(frame)
            except SimulationFault as fault:
                fault.push(frame.inst.path, name)
                raise

        return run_method

    @staticmethod
    def function_runner(block: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
        def run_function(frame: Any) -> None:
            try:
                block(frame)
            except SimulationFault as fault:
                fault.push(name, name)
                raise

        return run_function

    @staticmethod
    def trampoline(holder: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
        def call_compiled(instance: Any) -> Any:
            return holder[0](instance)

        return call_compiled

    @staticmethod
    def not_compiled(pou: Pou) -> Callable[[Any], Any]:
        def not_yet(instance: Any) -> Any:
            raise SimulationFault(FaultKind.INTERNAL, f"{pou.qualified_name} was not compiled")

        return not_yet

    # --- spans -----------------------------------------------------------------------------

    @staticmethod
    def pou_span(pou: Pou) -> Span:
        return Span(pou.location.unit, pou.location.start, pou.location.end)

    @staticmethod
    def variable_span(variable: Variable) -> Span:
        location = variable.declaration or variable.location
        return Span(location.unit, location.start, location.end)
