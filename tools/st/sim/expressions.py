"""ST expressions compiled into an ``Expr``: a closure ``frame -> value`` and its Python source.

Operators come from the iec layer, specialised once per expression for the
operand and result types the semantic model inferred (IEC 61131-3 §7.3.2;
an untyped literal takes its context's type, §6.3.2). The generated bodies
(``statements``) use the source; calls and other closures use the closure.

Where Python's own operator followed by the result type's store is exactly
the iec operator, the source says so inline: ``+ - *`` of integers wrapped
only on overflow, REAL rounded, LREAL as is; comparisons of equal types;
integer ``/`` and ``MOD`` by a positive constant. Everything else calls the
iec function bound by name, a division that may fault through a wrapper that
gives the fault the operator's position. Constant sub-expressions are folded
at compile time.

``AND``/``OR`` evaluate both operands (IEC 61131-3, CODESYS, TwinCAT); only
``AND_THEN``/``OR_ELSE`` short-circuit. Python's ``and``/``or`` stand in for
``AND``/``OR`` only where skipping the right operand cannot be told apart:
it calls nothing (``pure``) and cannot fault (``may_fault``). A division by a
variable, an index that may leave the array or a pointer that may be NULL on
the right keeps both operands evaluated, so the fault the PLC raises is raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import arithmetic_result
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind, TypeDecl, TypeKind, Variable
from werk.tools.st.model.types import ElementaryType
from werk.tools.st.sim import shapes
from werk.tools.st.sim.compiled import CompiledFb
from werk.tools.st.sim.constants import (
    COMPARISON_OPERATORS,
    LITERAL_NODES,
    NotConstantError,
    literal,
    untyped_spec,
)
from werk.tools.st.sim.context import CompileError, FrameKind, Getter
from werk.tools.st.sim.convert import converter, is_integer, is_string, spec_of_type
from werk.tools.st.sim.faults import FaultKind, SimulationFault
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.operators import binary_operator, unary_operator
from werk.tools.st.sim.iec.types import ElementarySpec, spec
from werk.tools.st.sim.layouts import UnsupportedLayout
from werk.tools.st.sim.places import Place, PlaceCompiler
from werk.tools.st.sim.positions import Span
from werk.tools.st.sim.values import (
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    SubrangeLayout,
)

NO_VALUE: Any = object()
# (operator, left, right, store or None, (low, high) bounds of an integer result or None)
Parts = tuple[
    Callable[[Any, Any], Any], "Expr", "Expr", Callable[[Any], Any] | None, tuple[int, int] | None
]
BOOL = spec("BOOL")
LREAL = spec("LREAL")
REAL = spec("REAL")
LINT = spec("LINT")
FAULTING_OPERATORS = frozenset({"/", "MOD", "**"})


@dataclass(eq=False)
class Expr:
    """A compiled expression: its closure, the layout of its value, what is known statically."""

    fn: Getter
    layout: Layout | None
    const: Any = NO_VALUE
    frame_slot: int | None = None  # the value is f[frame_slot]
    pure: bool = True  # no calls: evaluating it twice, or not at all, changes nothing
    # Evaluating it can raise a fault (a division by a variable, an index that may be out
    # of bounds, a NULL dereference, a failing conversion, a call...). Set where the fault
    # can arise and carried by every expression built on it; a pure expression that may
    # fault is still not skipped by AND/OR.
    may_fault: bool = False
    untyped: bool = False  # an untyped literal: it takes the type of its context
    # ``op(a, b)`` stored with ``store`` (None: no store needed), for the closure shapes.
    parts: Parts | None = None
    # The expression in the generated body's Python (None: the body calls ``fn``).
    source: str | None = None
    # A call as a statement in generated Python (an FB call: inputs, body, outputs).
    lines: list[str] | None = None

    @property
    def is_const(self) -> bool:
        return self.const is not NO_VALUE

    @property
    def spec(self) -> ElementarySpec | None:
        if self.layout is not None:
            return self.layout.spec
        if self.untyped:
            return untyped_spec(self.const)
        return None

    @property
    def is_pointer(self) -> bool:
        return isinstance(self.layout, ReferenceLayout)


def inline_arithmetic(left: ElementarySpec, right: ElementarySpec, result: ElementarySpec) -> bool:
    """Whether ``+ - *`` may be Python's operator followed by the result's store.

    True where that is exactly the iec operator: integers of any widths into
    an integer result (wrapping commutes with + - * modulo 2**n); integers and
    LREAL/REAL into LREAL (ints below 2**53 convert exactly, larger ones round
    as LINT_TO_LREAL does); REAL with REAL into REAL (one rounding of the
    double result equals the binary32 operation).
    """
    if is_integer(result):
        return is_integer(left) and is_integer(right)
    if result.name == "LREAL":
        return all(is_integer(s) or s.kind == "real" for s in (left, right))
    if result.name == "REAL":
        return left.name == right.name == "REAL"
    return False


def skippable(expr: Expr) -> bool:
    """Whether not evaluating ``expr`` cannot be told apart from evaluating it.

    That is what lets ``a AND b`` be Python's short-circuit ``a and b``: ``b``
    calls nothing and cannot fault. IEC ``AND``/``OR`` evaluate both operands,
    so a ``b`` that can fault (``bGate AND 10 / n = 1`` with ``n = 0``) must run.
    """
    return expr.pure and not expr.may_fault


def constant(value: Any, layout: Layout | None, *, untyped: bool = False) -> Expr:
    return Expr(lambda f: value, layout, const=value, untyped=untyped)


def fault_from(exc: IecFault, span: Span) -> SimulationFault:
    from werk.tools.st.sim.iec.errors import (
        DivisionByZero,
        InvalidOperation,
        RangeFault,
        UnsupportedOperation,
    )

    if isinstance(exc, DivisionByZero):
        kind = FaultKind.DIVISION_BY_ZERO
    elif isinstance(exc, RangeFault):
        kind = FaultKind.RANGE
    elif isinstance(exc, InvalidOperation):
        kind = FaultKind.INVALID_OPERATION
    elif isinstance(exc, UnsupportedOperation):
        kind = FaultKind.NOT_SUPPORTED
    else:
        kind = FaultKind.RANGE
    return SimulationFault(kind, str(exc), span)


class ExpressionCompiler(PlaceCompiler):
    """Compiles the expressions of one POU's code."""

    # Provided by CallCompiler.
    def call_expression(self, node: Node) -> Expr:
        raise NotImplementedError

    def expression(self, node: Node) -> Expr:
        """Compile an expression; raises ``CompileError`` for what is not supported."""
        kind = node.type
        if kind in LITERAL_NODES:
            return self.literal(node)
        if kind == "identifier":
            return self.identifier(node)
        if kind == "parenthesized_expression" and node.named_children:
            return self.expression(node.named_children[0])
        if kind == "binary_expression":
            return self.binary(node)
        if kind == "unary_expression":
            return self.unary(node)
        if kind == "member_access_expression":
            return self.member_expression(node)
        if kind in ("index_expression", "dereference_expression"):
            return self.place_value(self.place(node))
        if kind == "call_expression":
            return self.call_expression(node)
        if kind == "address_of_expression":
            operand = node.child_by_field_name("operand")
            if operand is None:
                raise CompileError("ADR without an operand", node)
            return self.address_of(self.place(operand), node)
        if kind == "ERROR" or node.has_error:
            raise CompileError(f"syntax error in {self.text(node)!r}", node)
        raise CompileError(f"expression {kind} {self.text(node)!r}", node)

    # --- leaves ----------------------------------------------------------------------------

    def literal(self, node: Node) -> Expr:
        try:
            value, value_spec = literal(self.unit, node)
        except NotConstantError as exc:
            raise CompileError(exc.what, node) from exc
        if value_spec is None:
            return constant(value, None, untyped=True)
        if is_string(value_spec):
            layout = self.layouts.elementary(value_spec.name, max(len(value), 1))
        else:
            layout = self.layouts.elementary(value_spec.name)
        return constant(value, layout)

    def identifier(self, node: Node) -> Expr:
        target = self.target(node)
        if isinstance(target, EnumMember) and target.owner is not None:
            return self.enum_constant(target, node)
        if isinstance(target, Variable) and target.is_constant:
            folded = self.named_constant(target)
            if folded is not None:
                return folded
        if isinstance(target, Pou) and target.kind is PouKind.PROPERTY and target is not self.pou:
            if self.fb is None:
                raise CompileError(f"property {target.name} outside its FB", node)
            this = self.this_place(node)
            return self.property_get(node, this.get, self.fb, target.name)
        return self.place_value(self.place(node))

    def named_constant(self, variable: Variable) -> Expr | None:
        """A CONSTANT with an elementary value is folded; others are read like variables."""
        access = self.access(variable)
        if access is None or access.slot.layout.aggregate or access.slot.located is not None:
            return None
        try:
            _, value_spec = self.constants.variable(variable)
        except NotConstantError:
            return None
        layout = access.slot.layout
        if value_spec is None or layout.spec is None:
            return None
        return constant(access.slot.factory(variable.name), layout)

    def enum_constant(self, member: EnumMember, node: Node) -> Expr:
        owner = member.owner
        assert owner is not None
        layout = self.layouts.declared(owner, 0)
        if not isinstance(layout, EnumLayout):
            raise CompileError(f"enumeration {owner.name}", node)
        return constant(layout.members[member.key], layout)

    def place_value(self, place: Place) -> Expr:
        if isinstance(place.layout, UnsupportedLayout):
            raise CompileError(f"{place.name!r} of {place.layout.what}")
        return Expr(
            place.get,
            place.layout,
            frame_slot=place.frame_slot,
            source=place.source,
            may_fault=place.may_fault,
        )

    def address_of(self, place: Place, node: Node) -> Expr:
        if place.ref is None:
            raise CompileError(f"the address of {place.name!r}", node)
        return Expr(place.ref, ReferenceLayout(place.layout, "pointer"), may_fault=place.may_fault)

    def member_expression(self, node: Node) -> Expr:
        obj = node.child_by_field_name("object")
        member = node.child_by_field_name("member")
        if obj is None or member is None:
            raise CompileError(f"member access {self.text(node)!r}", node)
        target = self.target(member)
        if isinstance(target, EnumMember) and target.owner is not None:
            return self.enum_constant(target, member)
        if obj.type == "identifier":
            owner = self.target(obj)
            if isinstance(owner, TypeDecl) and owner.kind is TypeKind.ENUM:
                found = owner.member(self.unit.identifier_name(member))
                if found is None:
                    raise CompileError(f"{owner.name} has no member {self.text(member)!r}", node)
                return self.enum_constant(found, member)
        if self.partial_access(member) is None:
            name = self.unit.identifier_name(member)
            base_place: Place | None = None
            if not isinstance(target, Variable):
                base_place = self.object_place(obj)
            if base_place is not None and isinstance(base_place.layout, FbLayout):
                cls = base_place.layout.compiled
                if name.lower() in cls.properties:
                    return self.property_get(node, base_place.get, cls, name)
                if name.lower() in cls.methods or name.lower() in cls.actions:
                    raise CompileError(f"{self.text(node)!r} is called without ()", node)
            if isinstance(target, Pou) and target.kind is PouKind.PROPERTY and base_place:
                raise CompileError(f"property {self.text(node)!r}", node)
        return self.place_value(self.place(node))

    # --- operators -------------------------------------------------------------------------

    def binary(self, node: Node) -> Expr:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator_node = node.child_by_field_name("operator")
        if left is None or right is None or operator_node is None or node.has_error:
            raise CompileError(f"expression {self.text(node)!r}", node)
        op = self.unit.text(operator_node).upper()
        short_circuit = self.unit.rewrite_in_operator(
            node, RewriteKind.AND_THEN, RewriteKind.OR_ELSE
        )
        a = self.expression(left)
        b = self.expression(right)
        if a.is_pointer or b.is_pointer:
            return self.pointer_comparison(op, a, b, node)
        left_spec, right_spec = self.operand_specs(a, b, node)
        result_spec = self.result_spec(op, node, left_spec, right_spec)
        if a.untyped:
            a = self.typed_constant(a, left_spec)
        if b.untyped:
            b = self.typed_constant(b, right_spec)
        result_layout = self.layouts.elementary(result_spec.name)
        if short_circuit is not None and left_spec.kind == "bool":
            return self.short_circuit(op, a, b, result_layout)
        try:
            function = binary_operator(op, left_spec, right_spec, result_spec)
        except IecFault as exc:
            raise CompileError(
                f"operator {op} on {left_spec.name} and {right_spec.name} ({exc})", node
            ) from exc
        pure = a.pure and b.pure
        may_fault = a.may_fault or b.may_fault
        span = self.span(node)
        if a.is_const and b.is_const:
            try:
                value = function(a.const, b.const)
            except IecFault as exc:
                error = fault_from(exc, span)

                def always_faults(f: Any) -> Any:
                    raise error

                return Expr(always_faults, result_layout, pure=False, may_fault=True)
            return constant(value, result_layout)
        if op in COMPARISON_OPERATORS and left_spec == right_spec:
            # Same type: Python compares ints, floats (IEEE, NaN unequal) and strs as IEC does.
            parts: Parts = (shapes.PYTHON_COMPARISONS[op], a, b, None, None)
            python = {"=": "==", "<>": "!="}.get(op, op)
            return Expr(
                shapes.comparison(op, a, b),
                result_layout,
                pure=pure,
                may_fault=may_fault,
                parts=parts,
                source=f"({self.source_of(a)} {python} {self.source_of(b)})",
            )
        if (
            op in ("AND", "&", "OR")
            and left_spec.kind == "bool" == right_spec.kind
            and skippable(b)
        ):
            return self.short_circuit("AND_THEN" if op != "OR" else "OR_ELSE", a, b, result_layout)
        if op in ("+", "-", "*") and inline_arithmetic(left_spec, right_spec, result_spec):
            bounds = None
            store: Callable[[Any], Any] | None = None
            if is_integer(result_spec):
                store = result_layout.store
                low, high = result_spec.minimum, result_spec.maximum
                assert isinstance(low, int) and isinstance(high, int)
                bounds = (low, high)
            elif result_spec.name == "REAL":
                store = result_layout.store
            parts = (shapes.PYTHON_ARITHMETIC[op], a, b, store, bounds)
            return Expr(
                shapes.arithmetic(op, a, b, store, bounds),
                result_layout,
                pure=pure,
                may_fault=may_fault,
                parts=parts,
                source=self.arithmetic_source(op, a, b, store, bounds),
            )
        safe_divisor = op in ("/", "MOD") and b.is_const and b.const != 0
        if op not in FAULTING_OPERATORS or safe_divisor:
            # The iec operator traps a REAL result that is not a number (INF * 0, NaN / 2,
            # a duration scaled by INF); Python's inline forms above do not.
            if op in ("+", "-", "*", "/") and "real" in (
                left_spec.kind,
                right_spec.kind,
                result_spec.kind,
            ):
                may_fault = True
            parts = (function, a, b, None, None)
            name = self.bind(function, "_op")
            source = f"{name}({self.source_of(a)}, {self.source_of(b)})"
            if safe_divisor and is_integer(left_spec) and is_integer(right_spec):
                source = self.division_source(op, a, b, result_spec) or source
            return Expr(
                shapes.combine(function, a, b),
                result_layout,
                pure=pure,
                may_fault=may_fault,
                parts=parts,
                source=source,
            )
        checked = self.checked_operator(function, span)
        return Expr(
            self.operator_closure(function, a, b, op, span),
            result_layout,
            pure=pure,
            may_fault=True,  # a division or MOD by a variable, a power
            source=f"{self.bind(checked, '_op')}({self.source_of(a)}, {self.source_of(b)})",
        )

    def arithmetic_source(
        self,
        op: str,
        a: Expr,
        b: Expr,
        store: Callable[[Any], Any] | None,
        bounds: tuple[int, int] | None,
    ) -> str:
        """``a op b`` in Python, stored into the result type (wrapped only on overflow)."""
        computed = f"{self.source_of(a)} {op} {self.source_of(b)}"
        if store is None:
            return f"({computed})"
        name = self.bind(store, "_store")
        if bounds is None:
            return f"{name}({computed})"
        t = self.temp()
        low, high = bounds
        return f"({t} if {low} <= ({t} := {computed}) <= {high} else {name}({t}))"

    def division_source(self, op: str, a: Expr, b: Expr, result: ElementarySpec) -> str | None:
        """Integer ``a / c`` and ``a MOD c`` for a constant ``c > 0``, in Python.

        IEC 61131-3 truncates the quotient toward zero and gives the remainder
        the dividend's sign; Python floors, so a negative dividend is negated
        around the operation. With ``c > 0`` the result is never larger than
        ``a`` in magnitude, so it needs no wrap when ``a`` already has the
        result's type (``a`` of a narrower type only widens).
        """
        divisor = b.const
        if isinstance(divisor, bool) or not isinstance(divisor, int) or divisor <= 0:
            return None
        if a.layout is None or a.layout.spec is None:
            return None
        operand = a.layout.spec
        bounds = (operand.minimum, operand.maximum, result.minimum, result.maximum)
        if not all(isinstance(bound, int) for bound in bounds):
            return None
        low, high, result_low, result_high = bounds
        if not (result_low <= low and high <= result_high):
            return None
        t = self.temp()
        python = "//" if op == "/" else "%"
        value = self.source_of(a)
        return f"({t} {python} {divisor} if ({t} := {value}) >= 0 else -(-{t} {python} {divisor}))"

    @staticmethod
    def checked_operator(function: Callable[[Any, Any], Any], span: Span) -> Callable[..., Any]:
        """``function`` raising its faults (division by zero...) at the operator's position."""

        def checked(x: Any, y: Any) -> Any:
            try:
                return function(x, y)
            except IecFault as exc:
                raise fault_from(exc, span) from None

        return checked

    @staticmethod
    def operator_closure(
        function: Callable[[Any, Any], Any], a: Expr, b: Expr, op: str, span: Span
    ) -> Getter:
        combined = shapes.combine(function, a, b)
        if op in FAULTING_OPERATORS:

            def faulting(f: Any) -> Any:
                try:
                    return combined(f)
                except IecFault as exc:
                    raise fault_from(exc, span) from None

            return faulting
        return combined

    def short_circuit(self, op: str, a: Expr, b: Expr, layout: Layout) -> Expr:
        conjunction = op in ("AND", "&", "AND_THEN")
        word = "and" if conjunction else "or"
        return Expr(
            shapes.logical(conjunction, a, b),
            layout,
            pure=a.pure and b.pure,
            may_fault=a.may_fault or b.may_fault,
            source=f"({self.source_of(a)} {word} {self.source_of(b)})",
        )

    def operand_specs(self, a: Expr, b: Expr, node: Node) -> tuple[ElementarySpec, ElementarySpec]:
        """The types the operands compute in; an untyped literal takes the other's type."""
        sa, sb = a.spec, b.spec
        if a.untyped and b.untyped:
            if isinstance(a.const, float) or isinstance(b.const, float):
                assert LREAL is not None
                return LREAL, LREAL
            assert sa is not None and sb is not None
            return sa, sb
        if a.untyped:
            sa = self.literal_spec(a.const, sb, node)
        elif b.untyped:
            sb = self.literal_spec(b.const, sa, node)
        if sa is None or sb is None:
            raise CompileError(f"operands of {self.text(node)!r}", node)
        return sa, sb

    def literal_spec(self, value: Any, other: ElementarySpec | None, node: Node) -> ElementarySpec:
        if other is None:
            raise CompileError(f"operands of {self.text(node)!r}", node)
        if isinstance(value, float) and other.kind != "real":
            assert LREAL is not None
            return LREAL  # 1.5 against an INT: computed in LREAL (IEC ANY_REAL)
        if isinstance(value, int) and not isinstance(value, bool) and other.kind == "time":
            assert LINT is not None
            return LINT  # T#1s * 2: the factor is a number, not a duration
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and other.kind
            in (
                "date",
                "tod",
                "dt",
                "string",
                "wstring",
            )
        ):
            assert LINT is not None
            return LINT
        return other

    def result_spec(
        self, op: str, node: Node, left: ElementarySpec, right: ElementarySpec
    ) -> ElementarySpec:
        assert BOOL is not None
        if op in COMPARISON_OPERATORS:
            return BOOL
        if op in ("AND", "OR", "XOR", "&") and left.kind == "bool" and right.kind == "bool":
            return BOOL
        model_type = self.model_type(node)
        modelled = (
            spec_of_type(self.project.resolve_alias(model_type)) if model_type is not None else None
        )
        derived = spec_of_type(
            arithmetic_result(op, ElementaryType(left.name), ElementaryType(right.name))
        )
        chosen = modelled or derived or left
        if "real" in (left.kind, right.kind) and chosen.kind != "real":
            chosen = left if left.kind == "real" else right  # INT * 1.5 is a REAL
        return chosen

    def typed_constant(self, expr: Expr, target: ElementarySpec) -> Expr:
        value = converter(None, target)(expr.const)
        return constant(value, self.layouts.elementary(target.name))

    def pointer_comparison(self, op: str, a: Expr, b: Expr, node: Node) -> Expr:
        if op not in ("=", "<>"):
            raise CompileError(f"pointer arithmetic {self.text(node)!r}", node)
        layout = self.layouts.elementary("BOOL")
        null = [
            pointer
            for pointer, other in ((a, b), (b, a))
            if other.is_const and other.const == 0 and not isinstance(other.const, bool)
        ]
        if null:
            pointer = null[0]
            fn = pointer.fn
            if op == "=":
                return Expr(
                    lambda f: fn(f) is None,
                    layout,
                    pure=pointer.pure,
                    may_fault=pointer.may_fault,
                )
            return Expr(
                lambda f: fn(f) is not None,
                layout,
                pure=pointer.pure,
                may_fault=pointer.may_fault,
            )
        if a.is_pointer and b.is_pointer:
            af, bf = a.fn, b.fn
            pure, may_fault = a.pure and b.pure, a.may_fault or b.may_fault
            if op == "=":
                return Expr(lambda f: af(f) == bf(f), layout, pure=pure, may_fault=may_fault)
            return Expr(lambda f: af(f) != bf(f), layout, pure=pure, may_fault=may_fault)
        raise CompileError(f"pointer arithmetic {self.text(node)!r}", node)

    def unary(self, node: Node) -> Expr:
        operand_node = node.child_by_field_name("operand")
        operator_node = node.child_by_field_name("operator")
        if operand_node is None or operator_node is None or node.has_error:
            raise CompileError(f"expression {self.text(node)!r}", node)
        op = self.unit.text(operator_node).upper()
        operand = self.expression(operand_node)
        operand_spec = operand.spec
        if operand_spec is None:
            raise CompileError(f"operand of {self.text(node)!r}", node)
        if operand.untyped:
            if op == "-" and operand.const is not None:
                return constant(-operand.const, None, untyped=True)
            operand = self.typed_constant(operand, operand_spec)
        result_spec = operand_spec
        layout = self.layouts.elementary(result_spec.name)
        try:
            function = unary_operator(op, operand_spec, result_spec)
        except IecFault as exc:
            raise CompileError(f"operator {op} on {operand_spec.name} ({exc})", node) from exc
        if operand.is_const:
            return constant(function(operand.const), layout)
        fn = operand.fn
        if op == "NOT" and operand_spec.kind == "bool":
            return Expr(
                lambda f: not fn(f),
                layout,
                pure=operand.pure,
                may_fault=operand.may_fault,
                source=f"(not {self.source_of(operand)})",
            )
        return Expr(
            lambda f: function(fn(f)),
            layout,
            pure=operand.pure,
            may_fault=operand.may_fault,
            source=f"{self.bind(function, '_op')}({self.source_of(operand)})",
        )

    # --- conversion at assignments and parameters ------------------------------------------

    def coerce(self, expr: Expr, target: Layout, node: Node) -> Getter:
        """The value of ``expr`` as stored in a ``target`` variable, as a closure."""
        return self.coerced(expr, target, node).fn

    def coerced(self, expr: Expr, target: Layout, node: Node) -> Expr:
        """The value of ``expr`` as stored in a ``target`` variable (closure and source).

        The result is ``expr`` itself when no conversion or store is needed.
        """
        if isinstance(target, UnsupportedLayout):
            raise CompileError(f"a value of {target.what}", node)
        if isinstance(target, ReferenceLayout):
            if expr.is_const and expr.const == 0 and not isinstance(expr.const, bool):
                return constant(None, target)
            if isinstance(expr.layout, ReferenceLayout):
                return expr
            raise CompileError(f"{self.text(node)!r} assigned to a {target.name}", node)
        if target.aggregate:
            if expr.layout is None or expr.layout.value_class != target.value_class:
                source = expr.layout.name if expr.layout else "a value"
                raise CompileError(f"{source} assigned to a {target.name}", node)
            return expr
        target_spec = target.spec
        if target_spec is None:
            raise CompileError(f"a value of type {target.name}", node)
        length = target.length if isinstance(target, ElementaryLayout) else None
        if expr.is_const:
            source_spec = None if expr.untyped else expr.spec
            if source_spec is None and not expr.untyped:
                raise CompileError(f"{self.text(node)!r} assigned to a {target.name}", node)
            try:
                value = converter(source_spec, target_spec, length)(expr.const)
                if isinstance(target, SubrangeLayout):
                    value = target.store(value)
            except (IecFault, SimulationFault) as exc:
                error = (
                    exc if isinstance(exc, SimulationFault) else fault_from(exc, self.span(node))
                )

                def always_faults(f: Any) -> Any:
                    raise error

                return Expr(always_faults, target, pure=False, may_fault=True)
            return constant(value, target)
        source = expr.layout
        if source is None or source.spec is None or source.aggregate:
            raise CompileError(f"{self.text(node)!r} assigned to a {target.name}", node)
        if source.value_class == target.value_class and not is_string(target_spec):
            return expr
        if source.spec.name == target_spec.name and not isinstance(target, SubrangeLayout):
            assert isinstance(target, ElementaryLayout | EnumLayout)
            return self.applied(target.store, expr, target)
        try:
            convert = converter(source.spec, target_spec, length)
        except IecFault as exc:
            raise CompileError(
                f"conversion of {source.name} to {target.name} ({exc})", node
            ) from exc
        if isinstance(target, SubrangeLayout):
            check = target.store
            if source.spec.name == target_spec.name:
                return self.applied(check, expr, target, may_fault=True)
            return self.applied(lambda value: check(convert(value)), expr, target, may_fault=True)
        span = self.span(node)

        def converted(value: Any) -> Any:
            try:
                return convert(value)
            except IecFault as exc:
                raise fault_from(exc, span) from None

        return self.applied(converted, expr, target, may_fault=True)

    def applied(
        self,
        function: Callable[[Any], Any],
        expr: Expr,
        layout: Layout,
        *,
        may_fault: bool = False,
    ) -> Expr:
        """``function(expr)``: a store or conversion on the way into a variable.

        ``may_fault``: ``function`` itself can fault (a subrange check, a conversion).
        """
        fn = expr.fn
        name = self.bind(function, "_store")
        return Expr(
            lambda f: function(fn(f)),
            layout,
            pure=expr.pure,
            may_fault=may_fault or expr.may_fault,
            source=f"{name}({self.source_of(expr)})",
        )

    # --- this instance ---------------------------------------------------------------------

    def this_getter(self, node: Node) -> tuple[Getter, CompiledFb]:
        if self.fb is None:
            raise CompileError("a method or action outside a function block", node)
        if self.frame is FrameKind.METHOD:
            return (lambda f: f.inst), self.fb
        return (lambda f: f), self.fb
