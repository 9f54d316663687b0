"""Where names point in the encoding: variables, members, array elements, bits.

The same resolution as the simulator's ``places``: the model's resolved
symbol for each identifier, the compiled slot it lives in (an instance
member, a function's local, a global), members of FB instances, structures
and standard FBs, array elements with their bounds. Keys are the entry's
signal keys (``fbpump.tondelay.q``, ``avalues[2]``, ``@gvl_io.bstart``), so
a property reads exactly what the code wrote. An index the solver cannot
fix is a ``Place`` with one option per element, and its out-of-bounds
condition is a fault, as the simulator raises one.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import z3
from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.symbols import GlobalList, Pou, PouKind, Section, Variable
from werk.tools.st.prove.entry import Entry, global_key
from werk.tools.st.prove.smt_values import (
    Unsupported,
    constant,
    elementary,
    equals_value,
    in_range,
)
from werk.tools.st.prove.state import StateSpace
from werk.tools.st.sim.context import BodyContext, FrameKind
from werk.tools.st.sim.convert import converter, is_integer
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    FbLayout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
)

if TYPE_CHECKING:
    from werk.tools.st.sim.compiled import CompiledFb, Routine


from werk.tools.st.prove.smt_store import (
    Effects,
    Frame,
    Place,
    Store,
    Value,
    choose,
    conj,
    member_key,
)

LINT = elementary("LINT")
MAX_SYMBOLIC_ELEMENTS = 1024  # elements of an array indexed by a variable


class PlaceEncoder:
    """Shared state of one encoding, and the places of the code."""

    def __init__(self, entry: Entry, space: StateSpace, *, loop_limit: int = 64) -> None:
        self.entry = entry
        self.space = space
        self.project = entry.project
        self.compiler = entry.simulator.compiler
        self.loop_limit = loop_limit
        self.cycle_ms = entry.cycle_ms
        self._contexts: dict[tuple[int, FrameKind], BodyContext] = {}
        self._fresh = itertools.count()
        self._global_keys = {
            index: global_key(entry.global_path(index))
            for index in range(len(self.compiler.globals.slots))
        }

    def typed(self, value: Value, target: ElementarySpec) -> Value:
        """An untyped literal given the type ``target`` (``converter(None, target)``)."""
        if not value.untyped:
            return value
        converted = converter(None, target)(value.const)
        return Value(constant(target, converted), target, None, converted)

    def expression(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Value:
        raise NotImplementedError  # provided by ExpressionEncoder

    def context(
        self,
        pou: Pou,
        kind: FrameKind,
        cls: CompiledFb | None = None,
        routine: Routine | None = None,
    ) -> BodyContext:
        key = (id(pou), kind)
        found = self._contexts.get(key)
        if found is None:
            found = BodyContext(self.compiler, pou, kind, fb=cls, routine=routine)
            self._contexts[key] = found
        return found

    def where(self, frame: Frame, node: Node) -> str:
        position = frame.ctx.span(node).position
        return f"{position.path}:{position.line}"

    def place(self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects) -> Place:
        kind = node.type
        if kind == "identifier":
            return self.identifier_place(frame, node)
        if kind == "parenthesized_expression" and node.named_children:
            return self.place(frame, node.named_children[0], store, guard, effects)
        if kind == "member_access_expression":
            return self.member_place(frame, node, store, guard, effects)
        if kind == "index_expression":
            return self.index_place(frame, node, store, guard, effects)
        raise Unsupported(f"{frame.ctx.text(node)!r} as a variable")

    def identifier_place(self, frame: Frame, node: Node) -> Place:
        ctx = frame.ctx
        if ctx.unit.direct_address(node) is not None:
            raise Unsupported(f"direct address {ctx.text(node)} in code")
        target = ctx.target(node)
        name = ctx.text(node)
        if isinstance(target, Variable):
            return self.variable_place(frame, target, name)
        if (
            isinstance(target, Pou)
            and target is ctx.pou
            and target.kind is PouKind.FUNCTION
            and frame.routine is not None
            and frame.routine.return_slot is not None
        ):
            slot = frame.routine.slots[frame.routine.return_slot]
            return Place(slot.layout, [(None, member_key(frame.prefix, slot.name))], name)
        if target is None:
            raise Unsupported(f"unresolved name {name!r}")
        raise Unsupported(f"{name!r} as a variable")

    def variable_place(self, frame: Frame, variable: Variable, name: str) -> Place:
        if variable in frame.aliases:
            return frame.aliases[variable]
        access = frame.ctx.access(variable)
        if access is None:
            raise Unsupported(f"{name!r} (a variable of another program or POU)")
        slot = access.slot
        if access.where == "frame":
            layout = slot.layout
            entry_in_out = (
                frame.kind is FrameKind.INSTANCE
                and frame.depth == 0
                and slot.section is Section.VAR_IN_OUT
                and isinstance(layout, ReferenceLayout)
            )
            if entry_in_out:
                assert isinstance(layout, ReferenceLayout)
                layout = layout.target  # the entry's own in-outs have storage of their own
            elif slot.indirect:
                raise Unsupported(f"{name!r} (a VAR_IN_OUT or REFERENCE not bound in this call)")
            if isinstance(layout, ReferenceLayout):
                raise Unsupported(f"{name!r} ({layout.name})")
            return Place(layout, [(None, member_key(frame.prefix, slot.name))], name)
        if access.where == "global":
            if isinstance(slot.layout, ReferenceLayout):
                raise Unsupported(f"{name!r} ({slot.layout.name})")
            return Place(slot.layout, [(None, self._global_keys[access.index])], name)
        raise Unsupported(f"{name!r} ({access.where} storage)")

    def member_place(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Place:
        ctx = frame.ctx
        obj = node.child_by_field_name("object")
        member = node.child_by_field_name("member")
        if obj is None or member is None:
            raise Unsupported(f"member access {ctx.text(node)!r}")
        partial = self.partial_access(frame, member)
        if partial is not None:
            base = self.place(frame, obj, store, guard, effects)
            width, number = partial
            spec = base.layout.spec
            if (
                base.bits is not None
                or not isinstance(base.layout, ElementaryLayout)
                or spec is None
                or not is_integer(spec)
                or (number + 1) * width > spec.bits
            ):
                raise Unsupported(f"bit access {ctx.text(node)!r}")
            part = "BOOL" if width == 1 else {8: "BYTE", 16: "WORD", 32: "DWORD"}[width]
            return Place(
                ElementaryLayout(elementary(part)),
                base.options,
                ctx.text(node),
                bits=(number * width, width),
            )
        name = ctx.unit.identifier_name(member)
        target = ctx.target(member)
        if obj.type == "identifier" and ctx.unit.direct_address(obj) is None:
            owner = ctx.target(obj)
            if isinstance(owner, GlobalList) and isinstance(target, Variable):
                return self.variable_place(frame, target, ctx.text(node))
            if isinstance(owner, Pou):
                raise Unsupported(f"{ctx.text(node)!r} (a member of a program or POU)")
        if obj.type == "dereference_expression":
            raise Unsupported(f"{ctx.text(node)!r} (THIS^, SUPER^ or a pointer)")
        base = self.place(frame, obj, store, guard, effects)
        return self.member_of(base, name, ctx.text(node))

    def member_of(self, base: Place, name: str, shown: str) -> Place:
        layout = base.layout
        if isinstance(layout, StructLayout):
            index = layout.index.get(name.lower())
            if index is None:
                raise Unsupported(f"{layout.name} has no field {name!r}")
            member_layout = layout.fields[index]
            member_name = layout.field_names[index]
        elif isinstance(layout, FbLayout):
            cls = layout.compiled
            index = cls.slot_by_name.get(name.lower())
            if index is None:
                raise Unsupported(f"{shown!r} (not a variable of {cls.name})")
            slot = cls.slots[index]
            if slot.indirect or isinstance(slot.layout, ReferenceLayout):
                raise Unsupported(f"{shown!r} ({slot.layout.name})")
            member_layout, member_name = slot.layout, slot.name
        elif isinstance(layout, StandardFbLayout):
            attribute = layout.members.get(name.lower())
            if attribute is None:
                raise Unsupported(f"{layout.name} has no member {name!r}")
            member_layout = ElementaryLayout(elementary(layout.cls.TYPES[attribute]))
            member_name = attribute
        else:
            raise Unsupported(f"{shown!r}: {layout.name} has no members")
        options = [(condition, member_key(key, member_name)) for condition, key in base.options]
        return Place(member_layout, options, shown)

    def index_place(
        self, frame: Frame, node: Node, store: Store, guard: Any, effects: Effects
    ) -> Place:
        ctx = frame.ctx
        obj = node.child_by_field_name("object")
        if obj is None:
            raise Unsupported(f"index expression {ctx.text(node)!r}")
        base = self.place(frame, obj, store, guard, effects)
        layout = base.layout
        if not isinstance(layout, ArrayLayout):
            raise Unsupported(f"{base.name!r} is not an array")
        index_nodes = [n for n in node.children_by_field_name("index") if n.is_named]
        if len(index_nodes) != len(layout.dimensions):
            raise Unsupported(f"{ctx.text(node)!r}: wrong number of indexes")
        indexes: list[Value] = []
        for index_node in index_nodes:
            value = self.expression(frame, index_node, store, guard, effects)
            if value.untyped:
                if not isinstance(value.const, int) or isinstance(value.const, bool):
                    raise Unsupported(f"array index {ctx.text(index_node)!r}")
                value = self.typed(value, LINT)
            if value.spec is None or not is_integer(value.spec):
                raise Unsupported(f"array index {ctx.text(index_node)!r} is not an integer")
            indexes.append(value)
        where = self.where(frame, node)
        constants = [self._constant_int(value) for value in indexes]
        if all(c is not None for c in constants):
            numbers = [int(c) for c in constants if c is not None]
            if any(
                not lo <= i <= hi for i, (lo, hi) in zip(numbers, layout.dimensions, strict=True)
            ):
                effects.fault(guard, f"array index out of bounds at {where}")
                numbers = [
                    min(max(i, lo), hi)
                    for i, (lo, hi) in zip(numbers, layout.dimensions, strict=True)
                ]
            element = "[" + ",".join(str(i) for i in numbers) + "]"
            fixed = [(condition, key + element) for condition, key in base.options]
            return Place(layout.element, fixed, ctx.text(node))
        if layout.size > MAX_SYMBOLIC_ELEMENTS:
            raise Unsupported(
                f"{ctx.text(node)!r}: an array of {layout.size} indexed by a variable"
            )
        bounds = [
            in_range(value.sym(), lo, hi)
            for value, (lo, hi) in zip(indexes, layout.dimensions, strict=True)
        ]
        effects.fault(conj(guard, z3.Not(conj(*bounds))), f"array index out of bounds at {where}")
        options: list[tuple[Any, str]] = []
        ranges = [range(lo, hi + 1) for lo, hi in layout.dimensions]
        for combination in itertools.product(*ranges):
            condition = conj(
                *(equals_value(v.sym(), i) for v, i in zip(indexes, combination, strict=True))
            )
            element = "[" + ",".join(str(i) for i in combination) + "]"
            for base_condition, key in base.options:
                joined = condition if base_condition is None else conj(base_condition, condition)
                options.append((joined, key + element))
        return Place(layout.element, options, ctx.text(node))

    @staticmethod
    def _constant_int(value: Value) -> int | None:
        if value.is_const and isinstance(value.const, int) and not isinstance(value.const, bool):
            return int(value.const)
        term = z3.simplify(value.term)
        if z3.is_bv_value(term):
            number = term.as_long()
            assert value.spec is not None
            if value.spec.kind == "signed" and number >= 1 << (value.spec.bits - 1):
                number -= 1 << value.spec.bits
            return int(number)
        return None

    def partial_access(self, frame: Frame, member: Node) -> tuple[int, int] | None:
        for rewrite in frame.ctx.unit.lowered.rewrites_in(member.start_byte, member.end_byte):
            if rewrite.kind is RewriteKind.BIT_ACCESS:
                for part, width in (("bit", 1), ("byte", 8), ("word", 16), ("dword", 32)):
                    number = rewrite.detail.get(part)
                    if isinstance(number, int):
                        return width, number
        return None

    def read(self, place: Place, store: Store) -> Value:
        if place.bits is not None:
            low, width = place.bits
            part = z3.Extract(low + width - 1, low, self._base_term(place, store))
            if width == 1:
                return Value(part == 1, elementary("BOOL"))
            assert place.layout.spec is not None
            return Value(part, place.layout.spec)
        layout = place.layout
        spec = layout.spec
        if layout.aggregate or spec is None or isinstance(layout, ReferenceLayout):
            raise Unsupported(f"{place.name!r} ({layout.name}) as a value")
        if spec.is_string:
            raise Unsupported(f"{place.name!r} (strings are not encoded)")
        term: Any = None
        for condition, key in reversed(place.options):
            if key not in store.values:
                raise Unsupported(f"{place.name!r} (not part of the encoded state)")
            value = store.values[key]
            term = value if term is None or condition is None else z3.If(condition, value, term)
        return Value(term, spec, layout)

    def _base_term(self, place: Place, store: Store) -> Any:
        term: Any = None
        for condition, key in reversed(place.options):
            if key not in store.values:
                raise Unsupported(f"{place.name!r} (not part of the encoded state)")
            value = store.values[key]
            term = value if term is None or condition is None else z3.If(condition, value, term)
        return term

    def write(self, place: Place, value: Value, store: Store) -> None:
        if place.bits is not None:
            # ``w.3 := b``: the other bits of ``w`` keep their values (a read-modify-write).
            low, width = place.bits
            for condition, key in place.options:
                if key not in store.values:
                    raise Unsupported(f"{place.name!r} (not part of the encoded state)")
                current = store.values[key]
                size = current.size()
                part = value.term
                if width == 1:
                    part = z3.If(part, z3.BitVecVal(1, 1), z3.BitVecVal(0, 1))
                pieces = []
                if low + width < size:
                    pieces.append(z3.Extract(size - 1, low + width, current))
                pieces.append(part)
                if low > 0:
                    pieces.append(z3.Extract(low - 1, 0, current))
                updated = z3.Concat(*pieces) if len(pieces) > 1 else pieces[0]
                store.values[key] = (
                    updated if condition is None else choose(condition, updated, current)
                )
            return
        for condition, key in place.options:
            if key not in store.values:
                raise Unsupported(f"{place.name!r} (not part of the encoded state)")
            if condition is None:
                store.values[key] = value.term
            else:
                store.values[key] = choose(condition, value.term, store.values[key])
