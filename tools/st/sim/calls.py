"""Calls: functions, FB instances, methods, actions, properties, standard FBs and functions.

IEC 61131-3 §6.6.1.7 and §6.6.3.4 call semantics, as CODESYS and TwinCAT
implement them:

- a FUNCTION gets fresh locals per call (its VAR are temporary), returns
  through its name, and takes inputs formally (``IN := x``) or by position
  (inputs and in-outs in declaration order);
- an FB instance keeps its state; an input left out of a call keeps the
  value it had (§6.6.3.4), outputs are read after the body with ``=>``;
- VAR_IN_OUT is passed by reference: the callee reads and writes the
  caller's variable (an array element, a struct field...);
- METHODs are dispatched on the instance's actual type (overrides through
  EXTENDS; ``SUPER^.M()`` calls the base implementation), get fresh locals
  except VAR_INST, and see the FB's variables; properties are methods read
  (GET) or written (SET) through their name;
- standard FBs are the iec classes, driven by the simulator's virtual clock;
  standard functions and conversions are the iec functions, specialised for
  the argument types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from werk.tools.st.model.analysis import wider
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.model.types import ElementaryType
from werk.tools.st.sim.compiled import CompiledFb, Routine
from werk.tools.st.sim.context import CompileError, Getter
from werk.tools.st.sim.convert import is_integer, is_string, spec_of_type
from werk.tools.st.sim.expressions import Expr, ExpressionCompiler, constant, fault_from
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.functions import parameter_names, standard_function
from werk.tools.st.sim.iec.types import ElementarySpec, spec
from werk.tools.st.sim.natives import NativeArgument, NativeCall, NativeFunction
from werk.tools.st.sim.places import Place, Setter
from werk.tools.st.sim.runtime import MethodFrame
from werk.tools.st.sim.values import (
    ElementaryLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
)

PARAMETER_SECTIONS = (Section.VAR_INPUT, Section.VAR_IN_OUT, Section.VAR_OUTPUT)
REAL_RESULTS = frozenset(
    {"SQRT", "LN", "LOG", "EXP", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "ATAN2", "EXPT"}
)
SELECTORS = {"SEL": 1, "MUX": 1}  # leading arguments that choose, not give, the result
# Standard functions that cannot fault when their values already have the result's type
# (no conversion on the way in): ABS of the most negative integer wraps, the others pick.
SAFE_WHEN_UNCONVERTED = frozenset({"ABS", "MAX", "MIN", "LIMIT", "SEL", "MOVE"})


def function_may_fault(
    name: str, specs: list[ElementarySpec], result: ElementarySpec | None
) -> bool:
    """Whether a standard function call may fault on some argument values.

    Most can: a domain error (``SQRT(-1)``), a conversion out of range
    (``REAL_TO_INT``), a selector out of range (``MUX``), a negative shift or
    string position. Only the functions that pick or wrap, given values
    already of the result type, cannot.
    """
    if name not in SAFE_WHEN_UNCONVERTED:
        return True
    values = specs[SELECTORS.get(name, 0) :]
    return not all(value == result for value in values)


@dataclass(frozen=True)
class Argument:
    name: str | None  # None: positional
    value: Node
    output: bool  # ``name => target``


@dataclass(frozen=True)
class Parameter:
    name: str
    section: Section
    key: Any  # slot index, or attribute name of a standard FB
    layout: Layout  # for VAR_IN_OUT: the layout of what it refers to


@dataclass
class Binding:
    """How a call's arguments reach the callee: ``(key, closure)`` lists, and the same
    in generated source (``None`` where the body must call a closure instead)."""

    inputs: list[tuple[Any, Getter]] = field(default_factory=list)
    in_outs: list[tuple[Any, Getter]] = field(default_factory=list)
    outputs: list[tuple[Any, Callable[[Any], Any], Setter]] = field(default_factory=list)
    # (key, Python expression) for inputs and in-outs, in the order they are assigned.
    assigned_sources: list[tuple[Any, str]] = field(default_factory=list)
    # (key, converter or None, the caller's place, copy an aggregate) per output.
    output_places: list[tuple[Any, Callable[[Any], Any] | None, Place, bool]] = field(
        default_factory=list
    )


def generic_result(name: str, specs: list[ElementarySpec]) -> ElementarySpec | None:
    """The result type of a generic standard function whose arguments were all literals.

    The model types ``LIMIT(0, x, 100)`` from ``x``; with only literals it
    cannot, and the result is the arguments' common type (the wider one, as
    IEC 61131-3 §6.6.2.5.2 has ANY_NUM functions return their inputs' type),
    REAL functions return LREAL for integer literals, TRUNC a DINT (CODESYS).
    """
    if name == "TRUNC":
        return spec("DINT")
    values = specs[SELECTORS.get(name, 0) :]
    if name in ("LEN", "FIND"):
        return spec("INT")
    chosen: ElementarySpec | None = None
    for value in values:
        if chosen is None:
            chosen = value
            continue
        wider_type = wider(ElementaryType(chosen.name), ElementaryType(value.name))
        chosen = spec_of_type(wider_type) or chosen
    if name in REAL_RESULTS and (chosen is None or chosen.kind != "real"):
        return spec("LREAL")
    return chosen


class CallCompiler(ExpressionCompiler):
    """Compiles the calls of one POU's code."""

    # --- entry -----------------------------------------------------------------------------

    def call_expression(self, node: Node) -> Expr:
        function = node.child_by_field_name("function")
        arguments_node = node.child_by_field_name("arguments")
        if function is None or node.has_error:
            raise CompileError(f"call {self.text(node)!r}", node)
        arguments = self.arguments(arguments_node)
        if function.type == "identifier":
            return self.call_name(function, arguments, node)
        if function.type == "member_access_expression":
            return self.call_member(function, arguments, node)
        if function.type == "dereference_expression":
            pointer = function.child_by_field_name("pointer")
            if pointer is not None and pointer.type == "super_expression":
                return self.call_super_body(arguments, node)
            if pointer is not None and pointer.type == "this_expression":
                raise CompileError("THIS^() (an FB calling its own body)", node)
        if function.type in ("index_expression", "dereference_expression"):
            return self.call_instance(self.place(function), arguments, node)
        raise CompileError(f"call of {self.text(function)!r}", node)

    def arguments(self, node: Node | None) -> list[Argument]:
        found: list[Argument] = []
        if node is None:
            return found
        for child in node.named_children:
            if child.type in ("comment", "pragma"):
                continue
            if child.type == "named_argument":
                name_node = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                if name_node is None or value is None:
                    raise CompileError(f"argument {self.text(child)!r}", child)
                if any(not c.is_named and c.type.upper() == "NOT" for c in child.children):
                    raise CompileError(f"negated output {self.text(child)!r}", child)
                output = any(not c.is_named and c.type == "=>" for c in child.children)
                found.append(Argument(self.unit.identifier_name(name_node), value, output))
            else:
                found.append(Argument(None, child, False))
        return found

    def call_name(self, function: Node, arguments: list[Argument], node: Node) -> Expr:
        target = self.target(function)
        name = self.unit.identifier_name(function)
        if isinstance(target, Pou):
            if target.kind is PouKind.FUNCTION:
                native = self.compiler.natives.get(target)
                if native is not None:
                    return self.native_call(target, native, arguments, node)
                if self.project.is_standard(target):
                    return self.standard_call(target, arguments, node)
                return self.function_call(target, arguments, node)
            if target.kind in (PouKind.METHOD, PouKind.ACTION, PouKind.PROPERTY):
                this, cls = self.this_getter(function)
                return self.call_on_instance(this, cls, name, arguments, node)
            if target.kind is PouKind.PROGRAM:
                instance = self.compiler.program_instance(target)
                return self.fb_call(lambda f: instance, instance.cls.layout, arguments, node)
            raise CompileError(f"call of {target.kind.value} {target.name}", node)
        if isinstance(target, Variable):
            return self.call_instance(self.place(function), arguments, node)
        return self.special_call(name, arguments, node)

    def call_member(self, function: Node, arguments: list[Argument], node: Node) -> Expr:
        obj = function.child_by_field_name("object")
        member = function.child_by_field_name("member")
        if obj is None or member is None:
            raise CompileError(f"call {self.text(node)!r}", node)
        name = self.unit.identifier_name(member)
        target = self.target(member)
        if isinstance(target, Variable):
            return self.call_instance(self.place(function), arguments, node)
        if isinstance(target, Pou) and target.kind is PouKind.PROGRAM:
            instance = self.compiler.program_instance(target)
            return self.fb_call(lambda f: instance, instance.cls.layout, arguments, node)
        base = self.object_place(obj)
        layout = base.layout
        if isinstance(layout, StandardFbLayout) and name.upper() in layout.variants:
            return self.instance_data_call(base, layout, name, arguments, node)
        if not isinstance(layout, FbLayout):
            if isinstance(layout, StandardFbLayout | ReferenceLayout) or target is None:
                raise CompileError(f"call {self.text(function)!r}", node)
            raise CompileError(f"call {self.text(function)!r}", node)
        cls = layout.compiled
        is_super = self.is_super(obj)
        if name.lower() in cls.slot_by_name:
            return self.call_instance(self.member_of(base, name, target, member), arguments, node)
        return self.call_on_instance(base.get, cls, name, arguments, node, static=is_super)

    @staticmethod
    def is_super(obj: Node) -> bool:
        pointer = (
            obj.child_by_field_name("pointer") if obj.type == "dereference_expression" else None
        )
        return pointer is not None and pointer.type == "super_expression"

    def instance_data_call(
        self,
        base: Place,
        layout: StandardFbLayout,
        name: str,
        arguments: list[Argument],
        node: Node,
    ) -> Expr:
        """``#t.TON(...)`` on TIA Portal instance data (``IEC_TIMER``, ``IEC_COUNTER``)."""
        kind = name.upper()
        get_data = base.get

        def block(f: Any) -> Any:
            return get_data(f).variant(kind)

        variant = StandardFbLayout(f"{layout.name}.{kind}", layout.variants[kind])
        return self.standard_fb_call(block, variant, arguments, node)

    def call_instance(self, place: Place, arguments: list[Argument], node: Node) -> Expr:
        """``fb(...)`` where ``fb`` is an FB instance (user or standard)."""
        layout = place.layout
        if isinstance(layout, FbLayout):
            return self.fb_call(place.get, layout, arguments, node, place.source)
        if isinstance(layout, StandardFbLayout) and layout.variants:
            kinds = "/".join(layout.variants)
            raise CompileError(
                f"{place.name!r} is {layout.name} instance data: call one of its blocks, "
                f"{place.name}.{next(iter(layout.variants))}(...) ({kinds})",
                node,
            )
        if isinstance(layout, StandardFbLayout):
            return self.standard_fb_call(place.get, layout, arguments, node, place.source)
        raise CompileError(f"{place.name!r} ({layout.name}) is not a function block", node)

    # --- argument binding ------------------------------------------------------------------

    def bind_arguments(
        self,
        parameters: list[Parameter],
        positional: list[Parameter],
        arguments: list[Argument],
        callee: str,
        node: Node,
    ) -> Binding:
        by_name = {parameter.name.lower(): parameter for parameter in parameters}
        binding = Binding()
        position = 0
        for argument in arguments:
            if argument.name is None:
                if position >= len(positional):
                    raise CompileError(f"too many arguments for {callee}", node)
                parameter = positional[position]
                position += 1
            else:
                found = by_name.get(argument.name.lower())
                if found is None:
                    raise CompileError(f"{callee} has no parameter {argument.name!r}", node)
                parameter = found
            if argument.output:
                if parameter.section is not Section.VAR_OUTPUT:
                    raise CompileError(f"{callee}.{parameter.name} is not an output", node)
                target = self.place(argument.value)
                if target.set is None:
                    raise CompileError(f"{self.text(argument.value)!r} cannot be written", node)
                identity = Expr(lambda value: value, parameter.layout)
                converted = self.coerced(identity, target.layout, argument.value)
                convert = converted.fn
                setter = target.set
                copy = target.layout.aggregate
                if copy:
                    # An output array or struct is copied into the caller's variable.
                    setter = self.copying_setter(target)
                binding.outputs.append((parameter.key, convert, setter))
                binding.output_places.append(
                    (parameter.key, None if converted is identity else convert, target, copy)
                )
            elif (
                isinstance(parameter.layout, ReferenceLayout)
                and parameter.layout.kind == "reference"
            ):
                # ``fb(rTarget := x)`` on a REFERENCE TO input binds it to ``x``.
                target = self.place(argument.value)
                if target.ref is None:
                    raise CompileError(f"a reference to {self.text(argument.value)!r}", node)
                binding.in_outs.append((parameter.key, target.ref))
                binding.assigned_sources.append(
                    (parameter.key, f"{self.bind(target.ref, '_ref')}(f)")
                )
            elif parameter.section is Section.VAR_IN_OUT:
                target = self.place(argument.value)
                if target.ref is None:
                    raise CompileError(
                        f"{self.text(argument.value)!r} passed to VAR_IN_OUT {parameter.name}",
                        node,
                    )
                if target.layout.value_class != parameter.layout.value_class:
                    raise CompileError(
                        f"a {target.layout.name} passed to VAR_IN_OUT {parameter.name} "
                        f"({parameter.layout.name})",
                        node,
                    )
                binding.in_outs.append((parameter.key, target.ref))
                binding.assigned_sources.append(
                    (parameter.key, f"{self.bind(target.ref, '_ref')}(f)")
                )
            elif parameter.section is Section.VAR_INPUT:
                value = self.coerced(
                    self.expression(argument.value), parameter.layout, argument.value
                )
                getter = value.fn
                source = self.source_of(value)
                if parameter.layout.aggregate:
                    # VAR_INPUT is by value: the callee gets its own copy of an array or struct.
                    getter = self.copying_getter(getter, parameter.layout)
                    source = f"{self.bind(getter, '_copy')}(f)"
                binding.inputs.append((parameter.key, getter))
                binding.assigned_sources.append((parameter.key, source))
            else:
                raise CompileError(f"{callee}.{parameter.name} is an output: use =>", node)
        return binding

    @staticmethod
    def copying_getter(getter: Getter, layout: Layout) -> Getter:
        if isinstance(layout, FbLayout | StandardFbLayout):
            raise CompileError(f"a {layout.name} instance passed by value")
        make = layout.new
        assign_into = layout.assign_into

        def copy(f: Any) -> Any:
            fresh = make("")
            assign_into(fresh, getter(f))
            return fresh

        return copy

    @staticmethod
    def copying_setter(target: Place) -> Setter:
        layout = target.layout
        if isinstance(layout, FbLayout | StandardFbLayout):
            raise CompileError(f"an output {layout.name} instance")
        get_target = target.get
        assign_into = layout.assign_into

        def copy_into(f: Any, value: Any) -> None:
            assign_into(get_target(f), value)

        return copy_into

    @staticmethod
    def routine_parameters(routine: Routine) -> tuple[list[Parameter], list[Parameter]]:
        parameters = []
        for index, slot in enumerate(routine.slots):
            if slot.variable is None or slot.section not in PARAMETER_SECTIONS:
                continue
            layout = slot.layout
            if slot.section is Section.VAR_IN_OUT and isinstance(layout, ReferenceLayout):
                layout = layout.target
            parameters.append(Parameter(slot.name, slot.section, index, layout))
        order = [
            variable.key
            for variable in routine.pou.variables
            if variable.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]
        by_key = {p.name.lower(): p for p in parameters}
        positional = [by_key[name] for name in order if name in by_key]
        return parameters, positional

    @staticmethod
    def fb_parameters(cls: CompiledFb) -> tuple[list[Parameter], list[Parameter]]:
        parameters = []
        for index, slot in enumerate(cls.slots):
            if slot.variable is None or slot.section not in PARAMETER_SECTIONS:
                continue
            layout = slot.layout
            if slot.section is Section.VAR_IN_OUT and isinstance(layout, ReferenceLayout):
                layout = layout.target
            parameters.append(Parameter(slot.name, slot.section, index, layout))
        positional = [p for p in parameters if p.section is not Section.VAR_OUTPUT]
        return parameters, positional

    # --- functions -------------------------------------------------------------------------

    def function_call(self, pou: Pou, arguments: list[Argument], node: Node) -> Expr:
        routine = self.compiler.function(pou)
        parameters, positional = self.routine_parameters(routine)
        binding = self.bind_arguments(parameters, positional, arguments, pou.name, node)
        return_slot = routine.return_slot
        layout = routine.slots[return_slot].layout if return_slot is not None else None
        path = pou.name
        inputs, in_outs, outputs = binding.inputs, binding.in_outs, binding.outputs
        if not in_outs and not outputs and return_slot is not None:
            r = return_slot

            def call_function(f: Any) -> Any:
                frame = routine.new_locals(path)
                for key, get in inputs:
                    frame[key] = get(f)
                routine_body = routine.body
                assert routine_body is not None
                routine_body(frame)
                return frame[r]

            return Expr(call_function, layout, pure=False, may_fault=True)

        def call_general(f: Any) -> Any:
            frame = routine.new_locals(path)
            for key, get in inputs:
                frame[key] = get(f)
            for key, ref in in_outs:
                frame[key] = ref(f)
            routine_body = routine.body
            assert routine_body is not None
            routine_body(frame)
            for key, convert, set_target in outputs:
                set_target(f, convert(frame[key]))
            return frame[return_slot] if return_slot is not None else None

        return Expr(call_general, layout, pure=False, may_fault=True)

    def native_call(
        self, pou: Pou, native: NativeFunction, arguments: list[Argument], node: Node
    ) -> Expr:
        """A call of a FUNCTION implemented in Python (see ``natives``)."""
        inputs = [v for v in pou.variables if v.section is Section.VAR_INPUT]
        for variable in pou.variables:
            if variable.section in (Section.VAR_IN_OUT, Section.VAR_OUTPUT):
                raise CompileError(
                    f"native function {pou.name} with {variable.section.value} {variable.name}",
                    node,
                )
        by_name = {variable.key: variable for variable in inputs}
        bound: dict[str, tuple[Expr, Node]] = {}
        position = 0
        for argument in arguments:
            if argument.output:
                raise CompileError(f"output argument of {pou.name}", node)
            if argument.name is None:
                if position >= len(inputs):
                    raise CompileError(f"too many arguments for {pou.name}", node)
                variable = inputs[position]
                position += 1
            else:
                found = by_name.get(argument.name.lower())
                if found is None:
                    raise CompileError(f"{pou.name} has no parameter {argument.name!r}", node)
                variable = found
            if variable.key in bound:
                raise CompileError(f"{pou.name}: {variable.name} given twice", node)
            bound[variable.key] = (self.expression(argument.value), argument.value)
        typed = [e.spec for e, _ in bound.values() if not e.untyped and e.spec is not None]
        getters: list[tuple[str, Getter, Layout | None, Callable[[Any], Any] | None, str]] = []
        for key_, (expr, argument_node) in bound.items():
            if expr.untyped:
                expr = self.typed_constant(expr, self.native_literal_spec(expr.const, typed))
            layout = expr.layout
            read = layout.read if layout is not None and layout.aggregate else None
            getters.append((key_, expr.fn, layout, read, self.text(argument_node)))
        store: Callable[[Any], Any] | None = None
        result_layout: Layout | None = None
        if pou.return_type is not None and str(pou.return_type).upper() != "VOID":
            result_layout = self.layouts.layout(pou.return_type, self.layouts.pou_site(pou))
            if not isinstance(result_layout, ElementaryLayout):
                raise CompileError(
                    f"native function {pou.name} returning {result_layout.name}", node
                )
            store = result_layout.store
        name = pou.name
        span = self.span(node)

        def call_native(f: Any) -> Any:
            given: dict[str, NativeArgument] = {}
            for key, get, layout, read, text in getters:
                value = get(f)
                given[key] = NativeArgument(value if read is None else read(value), layout, text)
            result = native(NativeCall(name, given, span))
            return store(result) if store is not None else None

        return Expr(call_native, result_layout, pure=False, may_fault=True)

    @staticmethod
    def native_literal_spec(literal: Any, typed: list[ElementarySpec]) -> ElementarySpec:
        """The type of an untyped literal argument of a native call: its context's."""
        if isinstance(literal, bool):
            found = spec("BOOL")
        elif isinstance(literal, float):
            found = next((s for s in typed if s.kind == "real"), spec("LREAL"))
        else:
            found = next((s for s in typed if is_integer(s) or s.kind == "real"), spec("LINT"))
        assert found is not None
        return found

    # --- FB instances ----------------------------------------------------------------------

    def fb_call(
        self,
        instance: Getter,
        layout: FbLayout,
        arguments: list[Argument],
        node: Node,
        instance_source: str | None = None,
    ) -> Expr:
        cls = layout.compiled
        parameters, positional = self.fb_parameters(cls)
        for parameter in parameters:
            slot = cls.slots[parameter.key]
            if slot.located is not None:
                raise CompileError(f"parameter {parameter.name} located at an address", node)
        binding = self.bind_arguments(parameters, positional, arguments, cls.name, node)
        inputs, in_outs, outputs = binding.inputs, binding.in_outs, binding.outputs
        lines = None
        if instance_source is not None:
            t = self.temp()
            lines = [f"{t} = {instance_source}"]
            lines += [f"{t}[{key}] = {source}" for key, source in binding.assigned_sources]
            lines.append(f"{t}.cls.run({t})")
            lines += self.output_lines(binding, lambda key: f"{t}[{key}]")
        if not in_outs and not outputs:
            if len(inputs) == 0:

                def call_plain(f: Any) -> Any:
                    inst = instance(f)
                    inst.cls.run(inst)

                return Expr(call_plain, None, pure=False, may_fault=True, lines=lines)

            def call_inputs(f: Any) -> Any:
                inst = instance(f)
                for key, get in inputs:
                    inst[key] = get(f)
                inst.cls.run(inst)

            return Expr(call_inputs, None, pure=False, may_fault=True, lines=lines)

        def call_fb(f: Any) -> Any:
            inst = instance(f)
            for key, get in inputs:
                inst[key] = get(f)
            for key, ref in in_outs:
                inst[key] = ref(f)
            inst.cls.run(inst)
            for key, convert, set_target in outputs:
                set_target(f, convert(inst[key]))

        return Expr(call_fb, None, pure=False, may_fault=True, lines=lines)

    def output_lines(self, binding: Binding, value_of: Callable[[Any], str]) -> list[str]:
        """``name => target`` assignments after a call, in generated source."""
        lines = []
        for key, convert, place, copy in binding.output_places:
            value = value_of(key)
            if convert is not None:
                value = f"{self.bind(convert, '_store')}({value})"
            if copy:
                lines.append(f"{self.bind(self.copying_setter(place), '_set')}(f, {value})")
            else:
                lines.append(self.assign_line(place, value))
        return lines

    def standard_fb_call(
        self,
        instance: Getter,
        layout: StandardFbLayout,
        arguments: list[Argument],
        node: Node,
        instance_source: str | None = None,
    ) -> Expr:
        cls = layout.cls
        types: dict[str, str] = cls.TYPES
        parameters = [
            Parameter(name, Section.VAR_INPUT, name, self.layouts.elementary(types[name]))
            for name in cls.INPUTS
        ] + [
            Parameter(name, Section.VAR_OUTPUT, name, self.layouts.elementary(types[name]))
            for name in cls.OUTPUTS
        ]
        positional = [p for p in parameters if p.section is Section.VAR_INPUT]
        aliases: dict[str, str] = getattr(cls, "ALIASES", {})
        by_name = {p.name.upper(): p for p in parameters}
        for alias, member in aliases.items():
            if member.upper() in by_name:
                original = by_name[member.upper()]
                parameters.append(Parameter(alias, original.section, original.key, original.layout))
        binding = self.bind_arguments(parameters, positional, arguments, layout.name, node)
        inputs, outputs = binding.inputs, binding.outputs
        clock = self.machine.clock
        span = self.span(node)
        lines = None
        if instance_source is not None:
            t = self.temp()
            lines = [f"{t} = {instance_source}"]
            for name, source in binding.assigned_sources:
                assert name.isidentifier()  # an IEC member name of the iec class
                lines.append(f"{t}.{name} = {source}")
            lines.append(f"{t}.execute({self.bind(clock, '_clock')})")
            lines += self.output_lines(binding, lambda name: f"{t}.{name}")

        if len(inputs) == 2 and not outputs:
            (name1, get1), (name2, get2) = inputs

            def call_two(f: Any) -> Any:
                fb = instance(f)
                setattr(fb, name1, get1(f))
                setattr(fb, name2, get2(f))
                try:
                    fb.execute(clock)
                except IecFault as exc:
                    raise fault_from(exc, span) from None

            return Expr(call_two, None, pure=False, may_fault=True, lines=lines)
        if len(inputs) == 1 and not outputs:
            ((name1, get1),) = inputs

            def call_one(f: Any) -> Any:
                fb = instance(f)
                setattr(fb, name1, get1(f))
                try:
                    fb.execute(clock)
                except IecFault as exc:
                    raise fault_from(exc, span) from None

            return Expr(call_one, None, pure=False, may_fault=True, lines=lines)

        def call_standard(f: Any) -> Any:
            fb = instance(f)
            for name, get in inputs:
                setattr(fb, name, get(f))
            try:
                fb.execute(clock)
            except IecFault as exc:
                raise fault_from(exc, span) from None
            for name, convert, set_target in outputs:
                set_target(f, convert(getattr(fb, name)))

        return Expr(call_standard, None, pure=False, may_fault=True, lines=lines)

    def call_super_body(self, arguments: list[Argument], node: Node) -> Expr:
        if self.fb is None or self.fb.parent is None:
            raise CompileError("SUPER^() in a function block that extends nothing", node)
        if arguments:
            raise CompileError("SUPER^() with arguments", node)
        parent = self.fb.parent
        this, _ = self.this_getter(node)

        def call_parent_body(f: Any) -> Any:
            parent.run(this(f))

        return Expr(call_parent_body, None, pure=False, may_fault=True)

    # --- methods, actions, properties ------------------------------------------------------

    def call_on_instance(
        self,
        instance: Getter,
        cls: CompiledFb,
        name: str,
        arguments: list[Argument],
        node: Node,
        *,
        static: bool = False,
    ) -> Expr:
        key = name.lower()
        if key in cls.methods:
            return self.method_call(instance, cls, key, arguments, node, static=static)
        if key in cls.actions:
            if arguments:
                raise CompileError(f"action {name} called with arguments", node)
            action = cls.actions[key]

            def call_action(f: Any) -> Any:
                action(instance(f))

            return Expr(call_action, None, pure=False, may_fault=True)
        if key in cls.properties:
            raise CompileError(f"property {name} called like a method", node)
        raise CompileError(f"{cls.name} has no method or action {name!r}", node)

    def method_call(
        self,
        instance: Getter,
        cls: CompiledFb,
        key: str,
        arguments: list[Argument],
        node: Node,
        *,
        static: bool,
    ) -> Expr:
        routine = cls.methods[key]
        parameters, positional = self.routine_parameters(routine)
        binding = self.bind_arguments(parameters, positional, arguments, routine.name, node)
        inputs, in_outs, outputs = binding.inputs, binding.in_outs, binding.outputs
        return_slot = routine.return_slot
        layout = routine.slots[return_slot].layout if return_slot is not None else None

        def call_method(f: Any) -> Any:
            inst = instance(f)
            chosen = routine if static else inst.cls.methods[key]
            frame = MethodFrame(chosen.new_locals(inst.path), inst)
            for index, get in inputs:
                frame[index] = get(f)
            for index, ref in in_outs:
                frame[index] = ref(f)
            body = chosen.body
            assert body is not None
            body(frame)
            for index, convert, set_target in outputs:
                set_target(f, convert(frame[index]))
            return frame[return_slot] if return_slot is not None else None

        return Expr(call_method, layout, pure=False, may_fault=True)

    def property_get(self, node: Node, instance: Getter, cls: CompiledFb, name: str) -> Expr:
        key = name.lower()
        compiled = cls.properties.get(key)
        if compiled is None or compiled.getter is None:
            raise CompileError(f"property {name} has no GET", node)
        getter = compiled.getter
        return_slot = getter.return_slot
        if return_slot is None:
            raise CompileError(f"property {name} without a type", node)
        layout = getter.slots[return_slot].layout

        def read_property(f: Any) -> Any:
            inst = instance(f)
            chosen = inst.cls.properties[key].getter
            frame = MethodFrame(chosen.new_locals(inst.path), inst)
            chosen.body(frame)
            return frame[return_slot]

        return Expr(read_property, layout, pure=False, may_fault=True)

    def property_set(
        self, node: Node, instance: Getter, cls: CompiledFb, name: str, value: Expr
    ) -> Callable[[Any], Any]:
        key = name.lower()
        compiled = cls.properties.get(key)
        if compiled is None or compiled.setter is None:
            raise CompileError(f"property {name} has no SET", node)
        setter = compiled.setter
        slot = setter.return_slot
        if slot is None:
            raise CompileError(f"property {name} without a type", node)
        get_value = self.coerce(value, setter.slots[slot].layout, node)

        def write_property(f: Any) -> None:
            inst = instance(f)
            chosen = inst.cls.properties[key].setter
            frame = MethodFrame(chosen.new_locals(inst.path), inst)
            frame[slot] = get_value(f)
            chosen.body(frame)

        return write_property

    # --- standard functions ----------------------------------------------------------------

    def standard_call(self, pou: Pou, arguments: list[Argument], node: Node) -> Expr:
        name = pou.name.upper()
        if name == "SIZEOF":
            return self.size_of(arguments, node)
        names = parameter_names(name)
        declared = [
            variable.name.upper()
            for variable in pou.variables
            if variable.section is Section.VAR_INPUT
        ]
        spellings = [names] if names else []
        spellings.append(tuple(declared))
        values = self.ordered_arguments(name, spellings, arguments, node)
        result_type = self.model_type(node)
        result_spec = spec_of_type(self.project.resolve_alias(result_type)) if result_type else None
        typed = [value.spec for value in values if not value.untyped and value.spec is not None]
        context = result_spec or (typed[0] if typed else None)
        specs: list[ElementarySpec] = []
        for position, value in enumerate(values):
            value_spec = value.spec
            if value.untyped:
                value_spec = self.argument_literal_spec(name, position, value, typed, context)
                if value_spec is None:
                    raise CompileError(f"argument {position + 1} of {name}", node)
                values[position] = self.typed_constant(value, value_spec)
            if value_spec is None or (value.layout is not None and value.layout.aggregate):
                raise CompileError(f"argument {position + 1} of {name}", node)
            specs.append(value_spec)
        if result_spec is None:
            result_spec = generic_result(name, specs)
        try:
            function = standard_function(name, specs, result_spec)
        except IecFault as exc:
            raise CompileError(
                f"{name} on {', '.join(s.name for s in specs)} ({exc})", node
            ) from exc
        if function is None:
            raise CompileError(f"standard function {name}", node)
        if result_spec is None:
            raise CompileError(f"the result type of {self.text(node)!r}", node)
        layout = self.layouts.elementary(result_spec.name)
        span = self.span(node)
        getters = [value.fn for value in values]
        if all(value.is_const for value in values):
            try:
                return constant(function(*(value.const for value in values)), layout)
            except IecFault as exc:
                error = fault_from(exc, span)

                def always_faults(f: Any) -> Any:
                    raise error

                return Expr(always_faults, layout, pure=False, may_fault=True)
        pure = all(value.pure for value in values)
        may_fault = any(value.may_fault for value in values) or function_may_fault(
            name, specs, result_spec
        )
        if len(getters) == 1:
            (g1,) = getters

            def call_one(f: Any) -> Any:
                try:
                    return function(g1(f))
                except IecFault as exc:
                    raise fault_from(exc, span) from None

            return Expr(call_one, layout, pure=pure, may_fault=may_fault)

        def call_many(f: Any) -> Any:
            arguments_now = [get(f) for get in getters]
            try:
                return function(*arguments_now)
            except IecFault as exc:
                raise fault_from(exc, span) from None

        return Expr(call_many, layout, pure=pure, may_fault=may_fault)

    @staticmethod
    def argument_literal_spec(
        name: str,
        position: int,
        value: Expr,
        typed: list[ElementarySpec],
        context: ElementarySpec | None,
    ) -> ElementarySpec | None:
        """The type an untyped literal argument takes (IEC 61131-3 §6.3.2: its context's).

        The context is the other arguments' type, else the result's; it must
        suit the literal (an integer takes an integer or REAL type, a REAL
        literal a REAL type). A conversion's argument is its source type
        (``INT_TO_STRING(-5)``); shift counts, string positions and MUX's
        selector are integers; SEL's selector is BOOL.
        """
        literal = value.const
        if isinstance(literal, bool):
            return spec("BOOL")
        if "_TO_" in name and not name.startswith("TO_"):
            source = spec(name.split("_TO_", 1)[0].replace("_TRUNC", ""))
            if source is not None:
                return source
        if isinstance(literal, str):
            return spec("STRING")
        if name in ("SHL", "SHR", "ROL", "ROR") and position == 1:
            return spec("INT")
        if name in ("LEFT", "RIGHT", "MID", "INSERT", "DELETE", "REPLACE") and position > 0:
            return spec("INT")
        if name == "MUX" and position == 0:
            return spec("INT")
        if name == "EXPT" and position == 1:
            return spec("LREAL") if isinstance(literal, float) else spec("DINT")
        candidates = [s for s in (*typed, context) if s is not None]
        if isinstance(literal, float):
            reals = [s for s in candidates if s.kind == "real"]
            return reals[0] if reals else spec("LREAL")
        numbers = [s for s in candidates if is_integer(s) or s.kind == "real"]
        return numbers[0] if numbers else spec("LINT")

    def ordered_arguments(
        self, name: str, spellings: list[tuple[str, ...]], arguments: list[Argument], node: Node
    ) -> list[Expr]:
        """Arguments in parameter order; formal names in any of ``spellings`` (or ``IN3``...)."""
        if any(argument.output for argument in arguments):
            raise CompileError(f"output argument of {name}", node)
        if all(argument.name is None for argument in arguments):
            return [self.expression(argument.value) for argument in arguments]
        slots: dict[int, Expr] = {}
        for position, argument in enumerate(arguments):
            if argument.name is None:
                slots[position] = self.expression(argument.value)
                continue
            index = self.parameter_position(name, argument.name.upper(), spellings)
            if index is None:
                raise CompileError(f"{name} has no parameter {argument.name!r}", node)
            slots[index] = self.expression(argument.value)
        if sorted(slots) != list(range(len(slots))):
            raise CompileError(f"missing arguments of {name}", node)
        return [slots[i] for i in range(len(slots))]

    @staticmethod
    def parameter_position(name: str, formal: str, spellings: list[tuple[str, ...]]) -> int | None:
        for names in spellings:
            upper = [n.upper() for n in names]
            if formal in upper:
                return upper.index(formal)
        for stem in ("IN", "STR"):
            number = formal[len(stem) :]
            if formal.startswith(stem) and number.isdigit():
                return int(number) + 1 if name == "MUX" else int(number) - 1
        return None

    def size_of(self, arguments: list[Argument], node: Node) -> Expr:
        if len(arguments) != 1 or arguments[0].name is not None:
            raise CompileError("SIZEOF takes one argument", node)
        place = self.place(arguments[0].value)
        layout = place.layout
        from werk.tools.st.sim.values import ArrayLayout

        element = layout.element if isinstance(layout, ArrayLayout) else layout
        count = layout.size if isinstance(layout, ArrayLayout) else 1
        spec = element.spec
        if element.aggregate or spec is None or is_string(spec):
            raise CompileError(f"SIZEOF of a {layout.name} (memory layout not modelled)", node)
        size = max(spec.bits // 8, 1) * count
        return constant(size, self.layouts.elementary("UDINT"))

    # --- names the model does not resolve --------------------------------------------------

    def special_call(self, name: str, arguments: list[Argument], node: Node) -> Expr:
        upper = name.upper()
        if upper == "REF" and len(arguments) == 1 and arguments[0].name is None:
            place = self.place(arguments[0].value)
            if place.ref is None:
                raise CompileError(f"REF of {place.name!r}", node)
            return Expr(
                place.ref, ReferenceLayout(place.layout, "ref_to"), may_fault=place.may_fault
            )
        if upper == "__ISVALIDREF" and len(arguments) == 1:
            place = self.place(arguments[0].value)
            raw = place.raw
            layout = self.layouts.elementary("BOOL")
            if raw is None:
                if isinstance(place.layout, ReferenceLayout):
                    get = place.get
                    return Expr(lambda f: get(f) is not None, layout, may_fault=place.may_fault)
                raise CompileError(f"__ISVALIDREF of {place.name!r}", node)
            # Conservative: the place may fault by being NULL, which ``raw`` does not.
            return Expr(lambda f: raw(f) is not None, layout, may_fault=place.may_fault)
        raise CompileError(f"call of unknown {name!r}", node)
