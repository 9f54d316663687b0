"""Signal flow inside one POU's code: which storage each statement writes, from what.

The semantic model resolves every name (``Use``); this walk adds what a
slice needs on top: for each assignment, parameter binding and call, the
storage written, the storage its value comes from, and the conditions under
which it happens (the IF, CASE, FOR and WHILE around it: a pump's run signal
depends on the interlock that guards its assignment even though the
interlock is not on the right-hand side).

Storage is named by a ``Ref``: a path relative to the instance that runs the
code (``fbPump1.bRun`` inside ``MAIN`` becomes ``Main.fbStation.fbPump1.bRun``
once the instance is known) or an absolute one (``GVL_IO.bStart``,
``%QX0.1``, ``MAIN.nMode``). Templates are made once per POU and placed under
every instance path later, so a function block instantiated 500 times is
walked once.

What the flow records, statement by statement:

- ``x := e`` (and ``S=``, ``R=``, ``REF=``): x from the names in e;
- ``fb(IN := e, Q => x, io := y)``: ``fb.IN`` from e, x from ``fb.Q``, and
  ``fb.io`` both ways; for a standard FB (TON, R_TRIG, CTU...) whose code is
  not in the project, its outputs from its inputs (a ``behaviour`` step);
- ``y := F(a, b)``: y from a and b and the globals F reads; F's parameters
  from the arguments, so a slice can follow the values into F's code;
- ``fb.M(a)``: M's parameters from the arguments; the call's value is the
  method's return value (``fb.M``), which M's code writes;
- ``FOR i := a TO b``: i from a and b.

Approximations, deliberately: an array element is the whole array
(``aValues[i]`` is ``aValues``), a bit is its whole word, a pointer
dereference is the pointer, and calls of one function from different places
share its parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from tree_sitter import Node

from werk.tools.plant.addresses import normal_address
from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.calls import callee_pou
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Location,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    Variable,
)
from werk.tools.st.model.uses import Symbol, Use

MAX_STATEMENT = 120
IGNORED_STATEMENTS = frozenset(
    {"return_statement", "exit_statement", "continue_statement", "empty_statement"}
)
VALUE_NODES = frozenset(
    {"identifier", "member_access_expression", "index_expression", "dereference_expression"}
)
MEMBER_KINDS = frozenset({PouKind.METHOD, PouKind.PROPERTY, PouKind.ACTION})
STATIC_SECTIONS = frozenset({Section.VAR_INST, Section.VAR_STAT})


class StepKind(StrEnum):
    ASSIGN = "assign"  # x := e, S=, R=, REF=
    INPUT = "input"  # fb(IN := e): an instance's input from the caller
    OUTPUT = "output"  # fb(Q => x): the caller's variable from an instance's output
    IN_OUT = "in-out"  # fb(io := y): an instance's VAR_IN_OUT, both ways
    BEHAVIOUR = "behaviour"  # a standard FB's outputs from its inputs
    ARGUMENT = "argument"  # a function's or method's parameter from a call
    FOR = "for"  # FOR i := a TO b: the counter from the bounds
    CALL = "call"  # fb.M() or A(): the method or action runs, under the caller's conditions
    IO = "io"  # a variable and its address or terminal channel


@dataclass(frozen=True)
class Ref:
    """Storage named relative to the running instance, or absolutely."""

    path: str
    relative: bool
    # Lives only during one call (a function's or method's locals): two tasks
    # writing it do not race.
    temporary: bool = field(default=False, compare=False)

    def child(self, name: str, *, temporary: bool | None = None) -> Ref:
        path = f"{self.path}.{name}" if self.path else name
        return Ref(path, self.relative, self.temporary if temporary is None else temporary)

    def under(self, context: str) -> str:
        """The absolute path inside the instance at ``context``."""
        if not self.relative:
            return self.path
        return f"{context}.{self.path}" if self.path else context


@dataclass(frozen=True)
class StepTemplate:
    kind: StepKind
    target: Ref
    sources: tuple[Ref, ...]
    conditions: tuple[Ref, ...]
    location: Location
    statement: str
    conditional: bool


@dataclass(frozen=True)
class CallTemplate:
    """A call in a POU's code: what runs, and on which instance (``None`` for a function)."""

    callee: Pou
    instance: Ref | None
    location: Location


@dataclass
class PouFlow:
    pou: Pou
    steps: list[StepTemplate] = field(default_factory=list)
    calls: list[CallTemplate] = field(default_factory=list)

    def absolute_reads(self) -> list[Ref]:
        """Storage outside the POU its code reads: for a function, what its result depends on."""
        seen: dict[str, Ref] = {}
        for step in self.steps:
            for ref in (*step.sources, *step.conditions):
                if not ref.relative and not ref.temporary:
                    seen.setdefault(ref.path.lower(), ref)
        return list(seen.values())


def frame_owner(pou: Pou) -> Pou:
    """The FB or PROGRAM whose instance runs ``pou``'s code (a method's FB; itself otherwise)."""
    return pou.parent if pou.kind in MEMBER_KINDS and pou.parent is not None else pou


def global_path(variable: Variable) -> str:
    owner = variable.owner
    if isinstance(owner, GlobalList) and owner.name:
        return f"{owner.name}.{variable.name}"
    return variable.name


def one_line(text: str) -> str:
    collapsed = " ".join(text.split())
    return collapsed if len(collapsed) <= MAX_STATEMENT else collapsed[: MAX_STATEMENT - 1] + "…"


def location_text(location: Location) -> str:
    """The user's text behind a span of lowered ST (``%IX0.0``, not its lowered spelling)."""
    unit = location.unit
    start, end = unit.lowered.offsets.span_to_original(location.start, location.end)
    return unit.document.text[start:end].decode("utf-8", "replace")


def dedupe(refs: list[Ref]) -> tuple[Ref, ...]:
    seen: dict[tuple[str, bool], Ref] = {}
    for ref in refs:
        seen.setdefault((ref.path.lower(), ref.relative), ref)
    return tuple(seen.values())


class FlowWalker:
    """Builds one POU's ``PouFlow``; see the module docstring for what it records."""

    def __init__(
        self,
        pou: Pou,
        project: Project,
        program_path: Callable[[Pou], str],
        function_reads: Callable[[Pou], list[Ref]],
    ) -> None:
        self.pou = pou
        self.project = project
        self.program_path = program_path
        self.function_reads = function_reads
        self.unit = pou.location.unit
        analysis = project.analysis(pou)
        self.uses: dict[tuple[int, int], Use] = {
            (use.location.start, use.location.end): use for use in analysis.uses
        }
        self.owners = set(inheritance_chain(frame_owner(pou), project.find_pou))
        self.conditions: list[tuple[Ref, ...]] = []
        self.flow = PouFlow(pou)

    def walk(self) -> PouFlow:
        if self.pou.kind in (PouKind.METHOD, PouKind.ACTION):
            # A method's or action's code runs only when called: whatever guards the call
            # guards each of its writes.
            self.conditions.append((activation(self.pou.name, Ref("", True)),))
        self.statements(self.pou.body)
        for accessor in self.pou.accessors.values():
            self.statements(accessor)
        return self.flow

    # --- names -----------------------------------------------------------------------------

    def use_at(self, node: Node) -> Use | None:
        return self.uses.get((node.start_byte, node.end_byte))

    def symbol_ref(self, symbol: Symbol | None) -> Ref | None:
        """Where a name's value is stored, seen from this POU's code."""
        if isinstance(symbol, Variable):
            return self.variable_ref(symbol)
        if isinstance(symbol, Pou):
            if symbol.kind is PouKind.PROGRAM:
                return Ref(self.program_path(symbol), False)
            if symbol is self.pou and symbol.kind is PouKind.FUNCTION:
                return Ref(symbol.name, False, temporary=True)  # the function's result
            if symbol is self.pou or (symbol.kind in MEMBER_KINDS and symbol.parent in self.owners):
                return Ref(symbol.name, True, temporary=symbol.kind is PouKind.METHOD)
        return None  # enumeration values, types, POUs named as such: no storage

    def variable_ref(self, variable: Variable) -> Ref | None:
        owner = variable.owner
        if isinstance(owner, GlobalList):
            return Ref(global_path(variable), False)
        if not isinstance(owner, Pou):
            return None
        stack_local = variable.section is Section.VAR_TEMP or (
            owner.kind in (PouKind.FUNCTION, PouKind.METHOD, PouKind.PROPERTY)
            and variable.section not in STATIC_SECTIONS
        )
        if owner.kind is PouKind.FUNCTION:
            return Ref(f"{owner.name}.{variable.name}", False, temporary=stack_local)
        if owner.kind in (PouKind.METHOD, PouKind.PROPERTY):
            return Ref(f"{owner.name}.{variable.name}", True, temporary=stack_local)
        if owner in self.owners:
            return Ref(variable.name, True, temporary=stack_local)
        if owner.kind is PouKind.PROGRAM:
            return Ref(f"{self.program_path(owner)}.{variable.name}", False)
        return None

    def access(self, node: Node | None) -> tuple[Ref | None, list[Ref]]:
        """The storage an lvalue-like expression names, and what its indexes read."""
        if node is None:
            return None, []
        kind = node.type
        if kind == "identifier":
            address = self.unit.direct_address(node)
            if address is not None:
                return Ref(normal_address(address) or address, False), []
            use = self.use_at(node)
            return (self.symbol_ref(use.target) if use is not None else None), []
        if kind == "parenthesized_expression":
            inner = node.named_children[0] if node.named_children else None
            return self.access(inner)
        if kind == "member_access_expression":
            return self.member_access(node)
        if kind == "index_expression":
            base, extra = self.access(node.child_by_field_name("object"))
            for index in node.children_by_field_name("index"):
                extra = extra + self.reads(index)
            return base, extra
        if kind == "dereference_expression":
            return self.access(node.child_by_field_name("pointer"))
        if kind in ("this_expression", "super_expression"):
            return Ref("", True), []
        return None, []

    def member_access(self, node: Node) -> tuple[Ref | None, list[Ref]]:
        obj, member = node.child_by_field_name("object"), node.child_by_field_name("member")
        if obj is None or member is None:
            return None, []
        if self.unit.bit_access(member) is not None:
            return self.access(obj)  # a bit is its whole word
        member_use = self.use_at(member)
        target = member_use.target if member_use is not None else None
        if obj.type == "identifier" and self.unit.direct_address(obj) is None:
            obj_use = self.use_at(obj)
            owner = obj_use.target if obj_use is not None else None
            if isinstance(owner, GlobalList):
                return (self.symbol_ref(target) if isinstance(target, Variable) else None), []
            if isinstance(owner, TypeDecl) or isinstance(target, EnumMember):
                return None, []  # E_State.Running: a constant
        base, extra = self.access(obj)
        if base is None:
            return None, extra
        name = (
            target.name if isinstance(target, Variable | Pou) else self.unit.identifier_name(member)
        )
        temporary = isinstance(target, Pou) and target.kind is PouKind.METHOD
        return base.child(name, temporary=temporary or None), extra

    def reads(self, node: Node | None) -> list[Ref]:
        """Every storage an expression's value depends on (calls in it are recorded too)."""
        if node is None:
            return []
        kind = node.type
        if kind in VALUE_NODES:
            ref, extra = self.access(node)
            if ref is None and kind == "member_access_expression":
                return extra + self.reads(node.child_by_field_name("object"))
            return ([ref] if ref is not None else []) + extra
        if kind == "call_expression":
            return self.call(node)
        if kind in ("comment", "pragma") or kind.endswith("_literal"):
            return []
        return [ref for child in node.named_children for ref in self.reads(child)]

    # --- statements ------------------------------------------------------------------------

    def emit(
        self,
        kind: StepKind,
        target: Ref,
        sources: list[Ref],
        node: Node,
        statement: str | None = None,
        *,
        conditional: bool = False,
    ) -> None:
        conditions = dedupe([ref for refs in self.conditions for ref in refs])
        self.flow.steps.append(
            StepTemplate(
                kind=kind,
                target=target,
                sources=dedupe(sources),
                conditions=conditions,
                location=Location(self.unit, node.start_byte, node.end_byte),
                statement=one_line(statement or self.unit.original_text(node)),
                conditional=conditional or bool(conditions),
            )
        )

    def statements(self, nodes: list[Node]) -> None:
        for node in nodes:
            self.statement(node)

    def statement(self, node: Node) -> None:
        kind = node.type
        if kind in ("assignment_statement", "reference_assignment_statement"):
            self.assignment(node)
        elif kind == "if_statement":
            self.if_statement(node)
        elif kind == "case_statement":
            self.case_statement(node)
        elif kind == "for_statement":
            self.for_statement(node)
        elif kind in ("while_statement", "repeat_statement"):
            condition = node.child_by_field_name("condition")
            self.guarded(self.reads(condition), [c for c in node.named_children if c != condition])
        elif kind in IGNORED_STATEMENTS or kind in ("comment", "pragma"):
            return
        else:  # invocation statements, expressions used as statements
            for child in node.named_children:
                self.reads(child)

    def guarded(self, conditions: list[Ref], body: list[Node]) -> None:
        self.conditions.append(tuple(conditions))
        self.statements(body)
        self.conditions.pop()

    def assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        sources = self.reads(right)
        target, extra = self.access(left)
        if target is None:
            return
        latching = self.unit.rewrite_in_operator(
            node, RewriteKind.SET_ASSIGN, RewriteKind.RESET_ASSIGN
        )
        self.emit(StepKind.ASSIGN, target, sources + extra, node, conditional=bool(latching))

    def if_statement(self, node: Node) -> None:
        condition = node.child_by_field_name("condition")
        self.conditions.append(tuple(self.reads(condition)))
        for child in node.named_children:
            if child == condition:
                continue
            if child.type == "elsif_clause":
                inner = child.child_by_field_name("condition")
                self.guarded(self.reads(inner), [c for c in child.named_children if c != inner])
            elif child.type == "else_clause":
                self.statements(child.named_children)
            else:
                self.statement(child)
        self.conditions.pop()

    def case_statement(self, node: Node) -> None:
        selector = node.named_children[0] if node.named_children else None
        self.conditions.append(tuple(self.reads(selector)))
        for child in node.named_children[1:]:
            if child.type == "case_clause":
                self.statements(
                    [part for part in child.named_children if part.type != "case_value"]
                )
            elif child.type == "else_clause":
                self.statements(child.named_children)
        self.conditions.pop()

    def for_statement(self, node: Node) -> None:
        bounds = [
            ref
            for name in ("start", "end", "step")
            for ref in self.reads(node.child_by_field_name(name))
        ]
        counter, _ = self.access(node.child_by_field_name("control"))
        if counter is not None:
            self.emit(StepKind.FOR, counter, bounds, node, self.for_header(node))
        guard = [*bounds, counter] if counter is not None else bounds
        self.guarded(guard, node.children_by_field_name("body"))

    def for_header(self, node: Node) -> str:
        body = node.children_by_field_name("body")
        end = body[0].start_byte if body else node.end_byte
        return location_text(Location(self.unit, node.start_byte, end))

    # --- calls -----------------------------------------------------------------------------

    def call(self, node: Node) -> list[Ref]:
        """Record a call's bindings; return the storage its value depends on."""
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        args = [
            a for a in (arguments.named_children if arguments is not None else [])
            if a.type not in ("comment", "pragma")
        ]  # fmt: skip
        if function is None:
            return []
        name_node = (
            function.child_by_field_name("member") if function.type != "identifier" else function
        )
        use = self.use_at(name_node) if name_node is not None else None
        callee = use.target if use is not None else None
        shown = self.unit.original_text(function)
        location = Location(self.unit, node.start_byte, node.end_byte)
        if isinstance(callee, Variable):
            instance, extra = self.access(function)
            fb = callee_pou(callee, self.project)
            self.instance_call(node, shown, instance, fb, args)
            if fb is not None and instance is not None:
                self.flow.calls.append(CallTemplate(fb, instance, location))
            return extra
        if isinstance(callee, Pou) and callee.kind is PouKind.FUNCTION:
            return self.function_call(shown, callee, args, location)
        if isinstance(callee, Pou) and callee.kind in (PouKind.METHOD, PouKind.ACTION):
            if function.type == "member_access_expression":
                instance, extra = self.access(function.child_by_field_name("object"))
            else:
                instance, extra = Ref("", True), []
            if instance is None:
                return extra + self.argument_reads(args)
            frame = instance.child(callee.name, temporary=True)
            self.emit(StepKind.CALL, activation(callee.name, instance), [], node)
            self.bind(shown, frame, callee.variables, args, StepKind.ARGUMENT)
            self.flow.calls.append(CallTemplate(callee, instance, location))
            return ([frame] if callee.kind is PouKind.METHOD else []) + extra
        if isinstance(callee, Pou) and callee.kind is PouKind.PROGRAM:
            program = Ref(self.program_path(callee), False)
            self.bind(shown, program, callee.variables, args, StepKind.INPUT)
            self.flow.calls.append(CallTemplate(callee, program, location))
            return []
        return self.argument_reads(args)

    def argument_reads(self, args: list[Node]) -> list[Ref]:
        return [ref for arg in args for ref in self.reads(argument_value(arg))]

    def instance_call(
        self, node: Node, shown: str, instance: Ref | None, fb: Pou | None, args: list[Node]
    ) -> None:
        if instance is None:
            self.argument_reads(args)
            return
        parameters = fb_parameters(fb, self.project) if fb is not None else []
        self.bind(shown, instance, parameters, args, StepKind.INPUT)
        if fb is None or not self.project.is_standard(fb):
            return
        inputs = [
            instance.child(p.name)
            for p in parameters
            if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]
        names = ", ".join(p.path.rsplit(".", 1)[-1] for p in inputs)
        for output in (p for p in parameters if p.section is Section.VAR_OUTPUT):
            self.emit(
                StepKind.BEHAVIOUR,
                instance.child(output.name),
                inputs,
                node,
                f"{shown}: {fb.name}.{output.name} follows {names}",
            )

    def function_call(
        self, shown: str, function: Pou, args: list[Node], location: Location
    ) -> list[Ref]:
        standard = self.project.is_standard(function)
        frame = Ref(function.name, False, temporary=True)
        sources: list[Ref] = []
        positional = input_parameters(function.variables)
        position = 0
        for arg in args:
            value = argument_value(arg)
            parameter = self.parameter_of(arg, function.variables, positional, position)
            if arg.type != "named_argument":
                position += 1
            if is_output_argument(arg):
                target, extra = self.access(value)
                if target is not None and parameter is not None:
                    source = frame.child(parameter.name)
                    self.emit(
                        StepKind.OUTPUT,
                        target,
                        [source, *extra],
                        arg,
                        f"{shown}({self.unit.original_text(arg)})",
                    )
                continue
            refs = self.reads(value)
            sources.extend(refs)
            if not standard and parameter is not None:
                self.emit(
                    StepKind.ARGUMENT,
                    frame.child(parameter.name),
                    refs,
                    arg,
                    f"{shown}({self.unit.original_text(arg)})",
                )
        if not standard:
            self.flow.calls.append(CallTemplate(function, None, location))
            sources.extend(self.function_reads(function))
        return sources

    def bind(
        self, shown: str, frame: Ref, parameters: list[Variable], args: list[Node], kind: StepKind
    ) -> None:
        """Bindings of a call's arguments to the parameters of ``frame`` (an instance, a method)."""
        positional = input_parameters(parameters)
        position = 0
        for arg in args:
            value = argument_value(arg)
            parameter = self.parameter_of(arg, parameters, positional, position)
            if arg.type != "named_argument":
                position += 1
            name = parameter.name if parameter is not None else self.argument_name(arg)
            if not name:
                self.reads(value)
                continue
            statement = f"{shown}({self.unit.original_text(arg)})"
            inner = frame.child(name)
            if is_output_argument(arg):
                target, extra = self.access(value)
                if target is not None:
                    self.emit(StepKind.OUTPUT, target, [inner, *extra], arg, statement)
            elif parameter is not None and parameter.section is Section.VAR_IN_OUT:
                actual, extra = self.access(value)
                if actual is not None:
                    self.emit(StepKind.IN_OUT, inner, [actual, *extra], arg, statement)
                    self.emit(StepKind.IN_OUT, actual, [inner], arg, statement)
            else:
                self.emit(kind, inner, self.reads(value), arg, statement)

    def parameter_of(
        self, arg: Node, parameters: list[Variable], positional: list[Variable], position: int
    ) -> Variable | None:
        if arg.type == "named_argument":
            wanted = self.argument_name(arg).lower()
            return next((p for p in parameters if p.key == wanted), None)
        return positional[position] if position < len(positional) else None

    def argument_name(self, arg: Node) -> str:
        name = arg.child_by_field_name("name") if arg.type == "named_argument" else None
        return self.unit.identifier_name(name) if name is not None else ""


def activation(name: str, instance: Ref) -> Ref:
    """The pseudo-signal "method ``name`` of ``instance`` runs now" (``fbPump.Reset()``)."""
    return instance.child(f"{name}()", temporary=True)


def argument_value(arg: Node) -> Node | None:
    return arg.child_by_field_name("value") if arg.type == "named_argument" else arg


def is_output_argument(arg: Node) -> bool:
    return arg.type == "named_argument" and any(
        not c.is_named and c.type == "=>" for c in arg.children
    )


def input_parameters(parameters: list[Variable]) -> list[Variable]:
    return [p for p in parameters if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)]


def fb_parameters(fb: Pou, project: Project) -> list[Variable]:
    """An FB's variables including those it inherits, base first (the declaration order)."""
    chain = list(inheritance_chain(fb, project.find_pou))
    return [variable for pou in reversed(chain) for variable in pou.variables]


def pou_flow(
    pou: Pou,
    project: Project,
    program_path: Callable[[Pou], str],
    function_reads: Callable[[Pou], list[Ref]],
) -> PouFlow:
    if pou.location.unit.symbols_only:
        return PouFlow(pou)
    return FlowWalker(pou, project, program_path, function_reads).walk()
