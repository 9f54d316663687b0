"""Property expressions bound to the entry's variables and typed as ST types them.

Binding resolves every ``instance.x.y[2]`` to a ``Signal`` (with "did you
mean" when it does not exist) and types every operation with the rules the
simulator uses for the same ST (IEC 61131-3 §6.3.2, §7.3.2): an untyped
literal takes the type of the other operand (``1.5`` against an INT is
LREAL, a number against a TIME counts milliseconds), the result of an
arithmetic operation has the wider operand type, comparisons are BOOL. The
operators themselves are the simulator's (``iec.operators``), so a property
evaluated on a trace computes exactly what the same ST would.

One deliberate difference: an integer literal compared with a variable whose
type cannot hold it (``instance.nSmall < 100000`` on an INT) is compared as a
LINT, i.e. mathematically, where ST would first wrap the literal into INT.
A requirement means the number it writes.

What cannot be bound is a ``Defect`` of the property, not an error of the
checker: unknown variables, type errors, a parameter that is not BOOL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from werk.tools.st.model.analysis import arithmetic_result
from werk.tools.st.model.symbols import TypeKind
from werk.tools.st.model.types import ElementaryType
from werk.tools.st.prove import expressions as syntax
from werk.tools.st.prove.entry import INSTANCE, Signal, signal_key
from werk.tools.st.sim.calls import generic_result
from werk.tools.st.sim.convert import converter, spec_of_type
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.functions import standard_function
from werk.tools.st.sim.iec.literals import parse_literal
from werk.tools.st.sim.iec.operators import COMPARISON_OPERATORS, binary_operator, unary_operator
from werk.tools.st.sim.iec.types import ElementarySpec, spec

if TYPE_CHECKING:
    from werk.tools.st.prove.entry import Entry

BOOL = spec("BOOL")
LINT = spec("LINT")
LREAL = spec("LREAL")
assert BOOL is not None and LINT is not None and LREAL is not None
LOGICAL = frozenset({"AND", "OR", "XOR"})
SUPPORTED_FUNCTIONS = frozenset({"ABS", "MIN", "MAX", "LIMIT", "SEL"})


class Defect(Exception):  # noqa: N818 (a finding about a property, not a failure of werk)
    """A property that cannot hold for reasons outside the code: it names nothing real,
    mixes types, or says nothing about the code under test."""

    def __init__(self, kind: str, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind  # syntax, unknown-variable, type-error, unsupported, input-only...
        self.message = message
        self.suggestions = suggestions or []

    def __str__(self) -> str:
        if self.suggestions:
            return f"{self.message} (did you mean {' or '.join(self.suggestions)}?)"
        return self.message


class ExpressionFault(Exception):  # noqa: N818
    """Evaluating a property faulted (a division by zero in the expression)."""


# --- typed expressions ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Typed:
    spec: ElementarySpec


@dataclass(frozen=True, eq=False)
class Const(Typed):
    value: Any


@dataclass(frozen=True, eq=False)
class Read(Typed):
    signal: Signal


@dataclass(frozen=True, eq=False)
class UnaryOp(Typed):
    op: str
    operand: Typed
    function: Callable[[Any], Any] = field(repr=False)


@dataclass(frozen=True, eq=False)
class BinaryOp(Typed):
    op: str
    left: Typed
    right: Typed
    function: Callable[[Any, Any], Any] = field(repr=False)


@dataclass(frozen=True, eq=False)
class Implies(Typed):
    left: Typed
    right: Typed


@dataclass(frozen=True, eq=False)
class Apply(Typed):
    name: str
    arguments: tuple[Typed, ...]
    function: Callable[..., Any] = field(repr=False)


@dataclass(frozen=True)
class Untyped:
    """A literal without a type (``10``, ``1.5``) until its context gives it one."""

    value: Any


Bound = Typed | Untyped


def signals_in(typed: Typed) -> Iterator[Signal]:
    if isinstance(typed, Read):
        yield typed.signal
    elif isinstance(typed, UnaryOp):
        yield from signals_in(typed.operand)
    elif isinstance(typed, BinaryOp | Implies):
        yield from signals_in(typed.left)
        yield from signals_in(typed.right)
    elif isinstance(typed, Apply):
        for argument in typed.arguments:
            yield from signals_in(argument)


def evaluate(typed: Typed, values: Callable[[Signal], Any]) -> Any:
    """The value of ``typed`` where each signal has the value ``values`` gives."""
    try:
        return _evaluate(typed, values)
    except IecFault as exc:
        raise ExpressionFault(str(exc)) from exc


def _evaluate(typed: Typed, values: Callable[[Signal], Any]) -> Any:
    if isinstance(typed, Const):
        return typed.value
    if isinstance(typed, Read):
        return values(typed.signal)
    if isinstance(typed, UnaryOp):
        return typed.function(_evaluate(typed.operand, values))
    if isinstance(typed, BinaryOp):
        return typed.function(_evaluate(typed.left, values), _evaluate(typed.right, values))
    if isinstance(typed, Implies):
        return (not _evaluate(typed.left, values)) or bool(_evaluate(typed.right, values))
    if isinstance(typed, Apply):
        return typed.function(*(_evaluate(argument, values) for argument in typed.arguments))
    raise TypeError(f"not a typed expression: {typed!r}")


# --- binding ----------------------------------------------------------------------------------


class Binder:
    """Binds the parameters of one property to the entry's signals."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.project = entry.project

    def condition(self, text: str) -> Typed:
        """A BOOL parameter (``{1}``); ``Defect`` when it is not one."""
        try:
            tree = syntax.parse(text)
        except syntax.ExpressionError as exc:
            raise Defect("syntax", f"cannot read {text!r}: {exc.message}") from None
        bound = self.typed(self.bind(tree), None)
        if bound.spec.kind != "bool":
            raise Defect("type-error", f"{text!r} is a {bound.spec.name}, not a condition (BOOL)")
        return bound

    def name_signal(self, text: str) -> Signal:
        """The variable a path names (``instance.nSpeed``); ``Defect`` if it names none."""
        try:
            tree = syntax.parse(text)
        except syntax.ExpressionError as exc:
            raise Defect("syntax", f"cannot read {text!r}: {exc.message}") from None
        if not isinstance(tree, syntax.Name):
            raise Defect("syntax", f"{text!r} is not a variable path")
        bound = self.name(tree)
        if not isinstance(bound, Read):
            raise Defect("type-error", f"{text!r} is not a variable")
        return bound.signal

    def typed(self, bound: Bound, other: ElementarySpec | None, *, compare: bool = False) -> Typed:
        if isinstance(bound, Typed):
            return bound
        target = literal_spec(bound.value, other, compare=compare)
        return Const(target, converter(None, target)(bound.value))

    def bind(self, node: syntax.Node) -> Bound:
        if isinstance(node, syntax.Literal):
            return self.literal(node.text)
        if isinstance(node, syntax.Name):
            return self.name(node)
        if isinstance(node, syntax.EnumValue):
            return self.enum_value(node.type_name, node.member, f"{node.type_name}#{node.member}")
        if isinstance(node, syntax.Address):
            raise Defect(
                "unsupported",
                f"direct address {node.text} in a property: name the variable located there",
            )
        if isinstance(node, syntax.Unary):
            return self.unary(node)
        if isinstance(node, syntax.Binary):
            return self.binary(node)
        if isinstance(node, syntax.Call):
            return self.call(node)
        raise Defect("syntax", f"cannot read {node!r}")

    def literal(self, text: str) -> Bound:
        try:
            type_name, value = parse_literal(text)
        except ValueError as exc:
            raise Defect("syntax", f"literal {text!r}: {exc}") from None
        if type_name is None:
            return Untyped(value)
        found = spec(type_name)
        if found is None:
            return self.enum_value(type_name, str(value), text)
        return Const(found, value)

    def enum_value(self, type_name: str | None, member: str, text: str) -> Const:
        constants = self.entry.simulator.compiler.constants
        decl = self.project.find_type(type_name) if type_name else None
        if decl is not None and decl.kind is TypeKind.ENUM:
            found = decl.member(member)
            if found is None:
                names = [m.name for m in decl.members]
                raise Defect("unknown-variable", f"{decl.name} has no member {member!r}", names[:3])
            return Const(constants.enum_base(decl), constants.enum_values(decl)[found.key])
        if type_name is None:
            members = self.project.enum_members.get(member.lower(), [])
            owners = {id(m.owner): m for m in members if m.owner is not None}
            if len(owners) == 1:
                only = next(iter(owners.values()))
                assert only.owner is not None
                return self.enum_value(only.owner.name, member, text)
        raise Defect("unknown-variable", f"{text!r} is not a literal or enumeration value")

    def name(self, node: syntax.Name) -> Bound:
        path = node.path
        segments = node.segments
        relative = path
        if segments[0].name.lower() == INSTANCE and not segments[0].indexes:
            if len(segments) == 1:
                raise Defect("type-error", "'instance' is the whole function block, not a value")
            relative = ".".join(str(s) for s in segments[1:])
        found = self.entry.find(relative)
        if found is None and relative == path:
            found = self.entry.find(path)
        if found is not None:
            return Read(found.spec, found)
        if len(segments) == 1 and not segments[0].indexes:
            try:
                return self.enum_value(None, segments[0].name, path)
            except Defect:
                pass
        prefix = signal_key(relative)
        if any(
            key.startswith(prefix + ".") or key.startswith(prefix + "[")
            for key in self.entry.signals
        ):
            raise Defect(
                "type-error",
                f"{path!r} is a function block, structure or array: name one of its elements",
            )
        where = self.entry.name
        raise Defect(
            "unknown-variable",
            f"{path!r} is not a variable of {where}",
            self.entry.suggestions(relative),
        )

    def unary(self, node: syntax.Unary) -> Bound:
        operand = self.bind(node.operand)
        op = node.op.upper()
        if isinstance(operand, Untyped):
            value = operand.value
            if op == "-" and not isinstance(value, bool):
                return Untyped(-value)
            if op == "+" and not isinstance(value, bool):
                return operand
            operand = self.typed(operand, None)
        try:
            function = unary_operator(op, operand.spec, operand.spec)
        except IecFault as exc:
            raise Defect("type-error", f"{op} on {operand.spec.name}: {exc}") from None
        return UnaryOp(operand.spec, op, operand, function)

    def binary(self, node: syntax.Binary) -> Bound:
        op = node.op.upper()
        left = self.bind(node.left)
        right = self.bind(node.right)
        if op == "-->":
            a, b = self.typed(left, BOOL), self.typed(right, BOOL)
            for side in (a, b):
                if side.spec.kind != "bool":
                    raise Defect("type-error", f"'-->' needs conditions, not a {side.spec.name}")
            return Implies(BOOL, a, b)
        compare = op in COMPARISON_OPERATORS
        if isinstance(left, Untyped) and isinstance(right, Untyped):
            a, b = self.typed(left, None), self.typed(right, None)
            if LREAL in (a.spec, b.spec) and BOOL not in (a.spec, b.spec):
                a, b = self.typed(left, LREAL), self.typed(right, LREAL)
        elif isinstance(left, Untyped):
            assert isinstance(right, Typed)
            b = right
            a = self.typed(left, b.spec, compare=compare)
        else:
            a = left
            b = self.typed(right, a.spec, compare=compare)
        result = result_spec(op, a.spec, b.spec)
        try:
            function = binary_operator(op, a.spec, b.spec, result)
        except IecFault as exc:
            raise Defect("type-error", f"{op} on {a.spec.name} and {b.spec.name}: {exc}") from None
        if isinstance(a, Const) and isinstance(b, Const):
            try:
                return Const(result, function(a.value, b.value))
            except IecFault as exc:
                raise Defect("type-error", f"constant {op}: {exc}") from None
        return BinaryOp(result, op, a, b, function)

    def call(self, node: syntax.Call) -> Bound:
        name = node.function.upper()
        if name not in SUPPORTED_FUNCTIONS:
            raise Defect(
                "unsupported",
                f"function {node.function} in a property (supported: "
                f"{', '.join(sorted(SUPPORTED_FUNCTIONS))})",
            )
        bound = [self.bind(argument) for argument in node.arguments]
        typed_specs = [b.spec for b in bound if isinstance(b, Typed)]
        context = next((s for s in typed_specs if name != "SEL" or s.kind != "bool"), None)
        arguments: list[Typed] = []
        for position, argument in enumerate(bound):
            wanted = BOOL if name == "SEL" and position == 0 else context
            arguments.append(self.typed(argument, wanted))
        specs = [argument.spec for argument in arguments]
        result = generic_result(name, specs)
        try:
            function = standard_function(name, specs, result)
        except IecFault as exc:
            raise Defect("type-error", f"{name}: {exc}") from None
        if function is None or result is None:
            raise Defect("unsupported", f"function {name} on {', '.join(s.name for s in specs)}")
        return Apply(result, name, tuple(arguments), function)


def literal_spec(value: Any, other: ElementarySpec | None, *, compare: bool) -> ElementarySpec:
    """The type an untyped literal takes next to an operand of type ``other``."""
    if isinstance(value, bool):
        return BOOL
    if other is None:
        return LREAL if isinstance(value, float) else LINT
    if isinstance(value, float):
        return other if other.kind == "real" else LREAL
    if other.kind in ("time", "date", "tod", "dt", "string", "wstring", "bool"):
        return LINT
    if compare and other.is_integer:
        low, high = other.minimum, other.maximum
        if isinstance(low, int) and isinstance(high, int) and not low <= value <= high:
            return LINT
    return other


def result_spec(op: str, left: ElementarySpec, right: ElementarySpec) -> ElementarySpec:
    """The result type of ``left op right`` (the simulator's rule without a model type)."""
    if op in COMPARISON_OPERATORS:
        return BOOL
    if op in LOGICAL and left.kind == "bool" and right.kind == "bool":
        return BOOL
    derived = spec_of_type(
        arithmetic_result(op, ElementaryType(left.name), ElementaryType(right.name))
    )
    chosen = derived or left
    if "real" in (left.kind, right.kind) and chosen.kind != "real":
        chosen = left if left.kind == "real" else right
    return chosen
