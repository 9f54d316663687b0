"""ST expressions as z3 terms, typed as the simulator types them.

Mirrors ``sim.expressions``: an untyped literal takes the other operand's
type (``literal_spec``), the result type is the model's (else the wider
operand's, a REAL when one operand is REAL), constant operands are folded
with the simulator's own operators, AND/OR short-circuit when the simulator
does (a pure right operand, or AND_THEN/OR_ELSE), so a fault in the right
operand only counts when it is evaluated. ``coerced`` stores a value into a
variable of another type (conversion, then the store; subranges fault).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import z3
from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import arithmetic_result
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind, Variable
from werk.tools.st.model.types import ElementaryType
from werk.tools.st.prove import smt_operators as ops
from werk.tools.st.prove.smt_values import (
    BOOL,
    Sym,
    Unsupported,
    constant,
    elementary,
    in_range,
)
from werk.tools.st.sim.constants import (
    COMPARISON_OPERATORS,
    LITERAL_NODES,
    NotConstantError,
    literal,
    untyped_spec,
)
from werk.tools.st.sim.convert import converter, is_integer, spec_of_type
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.operators import binary_operator
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.values import (
    EnumLayout,
    Layout,
    ReferenceLayout,
    SubrangeLayout,
)

if TYPE_CHECKING:
    pass


from werk.tools.st.prove.smt_places import PlaceEncoder
from werk.tools.st.prove.smt_store import (
    Effects,
    Frame,
    Store,
    Value,
    conj,
)

LINT = elementary("LINT")
LREAL = elementary("LREAL")


class ExpressionEncoder(PlaceEncoder):
    """Expressions, operators and stores."""

    def call(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Value | None:
        raise NotImplementedError  # provided by CallEncoder

    def expression(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Value:
        ctx = frame.ctx
        kind = node.type
        if kind in LITERAL_NODES:
            return self.literal(frame, node)
        if kind == "identifier":
            return self.identifier(frame, node, store, guard, effects)
        if kind == "parenthesized_expression" and node.named_children:
            return self.expression(frame, node.named_children[0], store, guard, effects)
        if kind == "binary_expression":
            return self.binary(frame, node, store, guard, effects)
        if kind == "unary_expression":
            return self.unary(frame, node, store, guard, effects)
        if kind == "member_access_expression":
            return self.member_value(frame, node, store, guard, effects)
        if kind == "index_expression":
            return self.read(self.place(frame, node, store, guard, effects), store)
        if kind == "call_expression":
            result = self.call(frame, node, store, guard, effects)
            if result is None:
                raise Unsupported(f"{ctx.text(node)!r} has no value")
            return result
        raise Unsupported(f"expression {kind} {ctx.text(node)!r}")

    def literal(self, frame: Frame, node: Node) -> Value:
        try:
            value, value_spec = literal(frame.ctx.unit, node)
        except NotConstantError as exc:
            raise Unsupported(exc.what) from None
        if value_spec is None:
            return Value(None, untyped_spec(value), None, value, untyped=True)
        if value_spec.is_string:
            raise Unsupported("string literals")
        return Value(constant(value_spec, value), value_spec, None, value)

    def identifier(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Value:
        ctx = frame.ctx
        target = ctx.target(node)
        if isinstance(target, EnumMember) and target.owner is not None:
            return self.enum_value(frame, target)
        if isinstance(target, Variable) and target.is_constant and target not in frame.aliases:
            folded = self.named_constant(frame, target)
            if folded is not None:
                return folded
        if isinstance(target, Pou) and target.kind is PouKind.PROPERTY:
            raise Unsupported(f"property {target.name} (properties are not encoded)")
        return self.read(self.identifier_place(frame, node), store)

    def enum_value(self, frame: Frame, member: EnumMember) -> Value:
        owner = member.owner
        assert owner is not None
        layout = self.compiler.layouts.declared(owner, 0)
        if not isinstance(layout, EnumLayout) or layout.spec is None:
            raise Unsupported(f"enumeration {owner.name}")
        value = layout.members[member.key]
        return Value(constant(layout.spec, value), layout.spec, layout, value)

    def named_constant(self, frame: Frame, variable: Variable) -> Value | None:
        access = frame.ctx.access(variable)
        if access is None or access.slot.layout.aggregate or access.slot.located is not None:
            return None
        try:
            _, value_spec = frame.ctx.constants.variable(variable)
        except NotConstantError:
            return None
        layout = access.slot.layout
        if value_spec is None or layout.spec is None or layout.spec.is_string:
            return None
        value = layout.read(access.slot.factory(variable.name))
        return Value(constant(layout.spec, value), layout.spec, layout, value)

    def member_value(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Value:
        ctx = frame.ctx
        obj = node.child_by_field_name("object")
        member = node.child_by_field_name("member")
        if obj is None or member is None:
            raise Unsupported(f"member access {ctx.text(node)!r}")
        target = ctx.target(member)
        if isinstance(target, EnumMember) and target.owner is not None:
            return self.enum_value(frame, target)
        partial = self.partial_access(frame, member)
        if partial is not None:
            base = self.expression(frame, obj, store, guard, effects)
            width, number = partial
            if base.spec is None or not is_integer(base.spec) or base.untyped:
                raise Unsupported(f"bit access {ctx.text(node)!r}")
            if (number + 1) * width > base.spec.bits:
                raise Unsupported(f"bit access {ctx.text(node)!r} beyond the type")
            low = number * width
            bits = z3.Extract(low + width - 1, low, base.term)
            if width == 1:
                return Value(bits == 1, BOOL)
            part = elementary({8: "BYTE", 16: "WORD", 32: "DWORD"}[width])
            return Value(bits, part)
        if isinstance(target, Pou):
            raise Unsupported(f"{ctx.text(node)!r} ({target.kind.value.lower()} access)")
        return self.read(self.member_place(frame, node, store, guard, effects), store)

    def operand_specs(self, a: Value, b: Value, text: str) -> tuple[ElementarySpec, ElementarySpec]:
        sa, sb = a.spec, b.spec
        if a.untyped and b.untyped:
            if isinstance(a.const, float) or isinstance(b.const, float):
                return LREAL, LREAL
            assert sa is not None and sb is not None
            return sa, sb
        if a.untyped:
            sa = self.literal_spec(a.const, sb, text)
        elif b.untyped:
            sb = self.literal_spec(b.const, sa, text)
        if sa is None or sb is None:
            raise Unsupported(f"operands of {text!r}")
        return sa, sb

    @staticmethod
    def literal_spec(value: Any, other: ElementarySpec | None, text: str) -> ElementarySpec:
        if other is None:
            raise Unsupported(f"operands of {text!r}")
        if isinstance(value, float) and other.kind != "real":
            return LREAL
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and other.kind
            in (
                "time",
                "date",
                "tod",
                "dt",
                "string",
                "wstring",
            )
        ):
            return LINT
        return other

    def result_spec(
        self, frame: Frame, op: str, node: Node, left: ElementarySpec, right: ElementarySpec
    ) -> ElementarySpec:
        if op in COMPARISON_OPERATORS:
            return BOOL
        if op in ("AND", "OR", "XOR", "&") and left.kind == "bool" and right.kind == "bool":
            return BOOL
        model_type = frame.ctx.model_type(node)
        modelled = (
            spec_of_type(self.project.resolve_alias(model_type)) if model_type is not None else None
        )
        derived = spec_of_type(
            arithmetic_result(op, ElementaryType(left.name), ElementaryType(right.name))
        )
        chosen = modelled or derived or left
        if "real" in (left.kind, right.kind) and chosen.kind != "real":
            chosen = left if left.kind == "real" else right
        return chosen

    def binary(self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects) -> Value:
        ctx = frame.ctx
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator_node = node.child_by_field_name("operator")
        if left is None or right is None or operator_node is None or node.has_error:
            raise Unsupported(f"expression {ctx.text(node)!r}")
        op = ctx.unit.text(operator_node).upper()
        explicit = ctx.unit.rewrite_in_operator(node, RewriteKind.AND_THEN, RewriteKind.OR_ELSE)
        a = self.expression(frame, left, store, guard, effects)
        right_pure = not _has_call(right)
        conjunction = op in ("AND", "&") or (
            explicit is not None and explicit.kind is RewriteKind.AND_THEN
        )
        short = (
            a.spec is not None
            and a.spec.kind == "bool"
            and op in ("AND", "&", "OR")
            and (right_pure or explicit is not None)
        )
        if short and not right_pure:
            raise Unsupported(f"AND_THEN/OR_ELSE with a call on the right ({ctx.text(node)!r})")
        right_guard = guard
        if short and not a.untyped:
            left_term = a.term
            right_guard = conj(guard, left_term if conjunction else z3.Not(left_term))
        b = self.expression(frame, right, store, right_guard, effects)
        left_spec, right_spec = self.operand_specs(a, b, ctx.text(node))
        result = self.result_spec(frame, op, node, left_spec, right_spec)
        a = self.typed(a, left_spec)
        b = self.typed(b, right_spec)
        where = self.where(frame, node)
        if a.is_const and b.is_const:
            try:
                value = binary_operator(op, left_spec, right_spec, result)(a.const, b.const)
            except IecFault as exc:
                effects.fault(guard, f"{exc} at {where}")
                return Value(constant(result, _default(result)), result)
            if result.is_string:
                raise Unsupported("string operations")
            return Value(constant(result, value), result, None, value)
        term, fault = ops.binary(op, a.sym(), b.sym(), result)
        if fault is not None:
            effects.fault(conj(guard, fault[0]), f"{fault[1]} at {where}")
        if op in COMPARISON_OPERATORS or (result.kind == "bool"):
            return Value(term, BOOL)
        return Value(term, result)

    def unary(self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects) -> Value:
        ctx = frame.ctx
        operand_node = node.child_by_field_name("operand")
        operator_node = node.child_by_field_name("operator")
        if operand_node is None or operator_node is None or node.has_error:
            raise Unsupported(f"expression {ctx.text(node)!r}")
        op = ctx.unit.text(operator_node).upper()
        operand = self.expression(frame, operand_node, store, guard, effects)
        if operand.spec is None:
            raise Unsupported(f"operand of {ctx.text(node)!r}")
        if operand.untyped:
            if op == "-" and operand.const is not None:
                return Value(None, operand.spec, None, -operand.const, untyped=True)
            operand = self.typed(operand, operand.spec)
        term, _ = ops.unary(op, operand.sym())
        return Value(term, operand.spec)

    def coerced(
        self, frame: Frame, value: Value, target: Layout, node: Node, guard: Any, effects: Effects
    ) -> Value:
        """``value`` as stored into a ``target`` variable (``ExpressionCompiler.coerced``)."""
        if isinstance(target, ReferenceLayout) or target.aggregate:
            raise Unsupported(f"a value stored into a {target.name}")
        target_spec = target.spec
        if target_spec is None or target_spec.is_string:
            raise Unsupported(f"a value of type {target.name}")
        where = self.where(frame, node)
        if value.is_const:
            source_spec = None if value.untyped else value.spec
            try:
                converted = converter(source_spec, target_spec)(value.const)
            except IecFault as exc:
                effects.fault(guard, f"{exc} at {where}")
                return Value(constant(target_spec, _default(target_spec)), target_spec)
            if isinstance(target, SubrangeLayout) and not (
                target.lower <= converted <= target.upper
            ):
                effects.fault(guard, f"subrange fault at {where}")
            return Value(constant(target_spec, converted), target_spec, target, converted)
        source = value.layout
        source_spec = value.spec
        if source_spec is None:
            raise Unsupported(f"a value stored into {target.name}")
        if source is not None and source.value_class == target.value_class:
            return value
        term, fault = ops.convert(value.sym(), target_spec)
        if fault is not None:
            effects.fault(conj(guard, fault[0]), f"{fault[1]} at {where}")
        if isinstance(target, SubrangeLayout):
            outside = z3.Not(in_range(Sym(term, target_spec), target.lower, target.upper))
            effects.fault(conj(guard, outside), f"subrange fault at {where}")
        return Value(term, target_spec, target)


def _default(value_spec: ElementarySpec) -> Any:
    return value_spec.default if value_spec.default is not None else 0


def _has_call(node: Node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "call_expression":
            return True
        stack.extend(current.named_children)
    return False
