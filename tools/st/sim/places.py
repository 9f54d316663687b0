"""Storage locations in ST code: variables, members, elements, dereferences, bits.

A ``Place`` is what an assignment writes, ``ADR`` takes the address of and a
VAR_IN_OUT binds to. Its closures are built once, with slot numbers and
bounds resolved, so running code never looks a name up. Faults a place can
raise carry the place's own position: an index out of bounds
(IEC 61131-3 §6.4.4.5; CODESYS CheckBounds stops there), a NULL pointer or
unbound reference dereferenced. A place that can raise one says so
(``may_fault``), so that ``AND``/``OR`` never skip reading it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.symbols import GlobalList, Pou, PouKind, Section, TypeDecl, Variable
from werk.tools.st.sim.compiled import CompiledFb, Slot
from werk.tools.st.sim.context import Access, BodyContext, CompileError, FrameKind, Getter
from werk.tools.st.sim.convert import is_integer
from werk.tools.st.sim.faults import FaultKind, SimulationFault
from werk.tools.st.sim.layouts import UnsupportedLayout
from werk.tools.st.sim.positions import Span
from werk.tools.st.sim.runtime import MemberView, Ref
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
    SubrangeLayout,
)

Setter = Callable[[Any, Any], None]

PARTIAL_WIDTH = {"bit": 1, "byte": 8, "word": 16, "dword": 32}
PARTIAL_TYPE = {1: "BOOL", 8: "BYTE", 16: "WORD", 32: "DWORD"}


@dataclass(eq=False)
class Place:
    """A storage location: how to read, write and reference it from a frame."""

    get: Getter
    set: Setter | None
    ref: Getter | None
    layout: Layout
    name: str
    # Set when the value is simply ``f[frame_slot]``: the fast paths use it.
    frame_slot: int | None = None
    # For storage that holds a Ref (VAR_IN_OUT, REFERENCE TO): reads and rebinds the Ref.
    raw: Getter | None = None
    rebind: Setter | None = None
    # The same place in the generated body's Python: an expression reading it, and an
    # assignment target writing it (None: the body calls ``get``/``set`` instead).
    source: str | None = None
    target: str | None = None
    # Reading, writing or referencing it can fault: an index that may be out of bounds, a
    # pointer, REFERENCE or VAR_IN_OUT that may be NULL, or a base place that can fault.
    may_fault: bool = False


MAX_SOURCE_NESTING = 50


def too_nested(source: str) -> bool:
    if len(source) < 4 * MAX_SOURCE_NESTING:
        return False
    depth = deepest = 0
    for char in source:
        if char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]":
            depth -= 1
    return deepest > MAX_SOURCE_NESTING


def within(index: Any, lower: int, upper: int) -> bool:
    """Whether the compiled index expression ``index`` can only give ``lower..upper``.

    True for a constant in the range and for a variable whose type cannot hold
    anything else (a BYTE into ``ARRAY[0..255]``, an ``INT(1..10)`` subrange
    into ``ARRAY[1..10]``): its stores keep it in its type's range.
    """
    if index.is_const:
        value = index.const
        return isinstance(value, int) and not isinstance(value, bool) and lower <= value <= upper
    layout = index.layout
    if isinstance(layout, SubrangeLayout):
        return lower <= layout.lower and layout.upper <= upper
    spec = layout.spec if layout is not None else None
    if spec is None or not is_integer(spec):
        return False
    low, high = spec.minimum, spec.maximum
    return isinstance(low, int) and isinstance(high, int) and lower <= low and high <= upper


def null_fault(name: str, span: Span) -> SimulationFault:
    return SimulationFault(
        FaultKind.NULL_REFERENCE, f"{name} is dereferenced but points nowhere (NULL)", span
    )


class PlaceCompiler(BodyContext):
    """Compiles the places of one POU's code."""

    # Provided by ExpressionCompiler; declared here for the index and pointer expressions.
    def expression(self, node: Node) -> Any:
        raise NotImplementedError

    def property_get(self, node: Node, instance: Getter, cls: CompiledFb, name: str) -> Any:
        raise NotImplementedError

    def source_of(self, value: Any) -> str:
        """A compiled expression (or place) in generated source: its own, or its closure.

        Python's parser stops at 200 nested parentheses; a source nested that
        deep (a very long chain of operators) is called through its closure.
        """
        if getattr(value, "is_const", False):
            return self.literal_source(value.const)
        if value.source is not None and not too_nested(value.source):
            return str(value.source)
        getter = value.fn if hasattr(value, "fn") else value.get
        return f"{self.bind(getter, '_e')}(f)"

    def assign_line(self, place: Place, value: str) -> str:
        """The generated statement writing ``value`` (Python source) to ``place``."""
        if place.target is not None:
            return f"{place.target} = {value}"
        if place.set is None:
            raise CompileError(f"{place.name!r} cannot be assigned")
        return f"{self.bind(place.set, '_set')}(f, {value})"

    # --- entry -----------------------------------------------------------------------------

    def place(self, node: Node) -> Place:
        kind = node.type
        if kind == "identifier":
            return self.identifier_place(node)
        if kind == "parenthesized_expression" and node.named_children:
            return self.place(node.named_children[0])
        if kind == "member_access_expression":
            return self.member_place(node)
        if kind == "index_expression":
            return self.index_place(node)
        if kind == "dereference_expression":
            return self.deref_place(node)
        raise CompileError(f"{self.text(node)!r} is not a variable", node)

    def identifier_place(self, node: Node) -> Place:
        address = self.unit.direct_address(node)
        if address is not None:
            return self.address_place(address, node)
        target = self.target(node)
        name = self.unit.identifier_name(node)
        if isinstance(target, Variable):
            return self.variable_place(target, node)
        if (
            isinstance(target, Pou)
            and target is self.pou
            and target.kind
            in (
                PouKind.FUNCTION,
                PouKind.METHOD,
                PouKind.PROPERTY,
            )
        ):
            return self.return_place(node)
        if target is None:
            raise CompileError(f"unresolved name {name!r}", node)
        raise CompileError(f"{name!r} is not a variable here", node)

    def return_place(self, node: Node) -> Place:
        routine = self.routine
        if routine is None or routine.return_slot is None:
            raise CompileError(f"{self.text(node)!r} has no return value", node)
        index = routine.return_slot
        return self.frame_place(index, routine.slots[index], self.text(node))

    # --- variables -------------------------------------------------------------------------

    def variable_place(self, variable: Variable, node: Node) -> Place:
        access = self.access(variable)
        if access is None:
            if isinstance(variable.owner, Pou) and variable.owner.kind is PouKind.PROGRAM:
                return self.program_member(variable.owner, variable, node)
            if variable.section is Section.VAR_EXTERNAL:
                raise CompileError(f"VAR_EXTERNAL {variable.name!r} has no VAR_GLOBAL", node)
            raise CompileError(f"{variable.name!r} cannot be reached from here", node)
        return self.access_place(access, variable.name, self.span(node))

    def program_member(self, program: Pou, variable: Variable, node: Node) -> Place:
        instance = self.compiler.program_instance(program)
        cls: CompiledFb = instance.cls
        index = cls.slot_of.get(variable)
        if index is None:
            raise CompileError(f"{program.name}.{variable.name} cannot be reached", node)
        access = Access("program", index, cls.slots[index], instance)
        return self.access_place(access, f"{program.name}.{variable.name}", self.span(node))

    def access_place(self, access: Access, name: str, span: Span) -> Place:
        slot = access.slot
        if isinstance(slot.layout, UnsupportedLayout):
            raise CompileError(f"{name!r} of {slot.layout.what}")
        if slot.located is not None:
            return self.located_place(slot, name)
        index = access.index
        if access.where == "frame":
            place = self.frame_place(index, slot, name)
        elif access.where == "inst":
            place = Place(
                get=lambda f: f.inst[index],
                set=lambda f, v: f.inst.__setitem__(index, v),
                ref=lambda f: Ref(f.inst, index),
                layout=slot.layout,
                name=name,
                source=f"f.inst[{index}]",
                target=f"f.inst[{index}]",
            )
        else:
            container = access.container
            assert container is not None
            held = f"{self.bind(container, '_s')}[{index}]"
            place = Place(
                get=lambda f: container[index],
                set=lambda f, v: container.__setitem__(index, v),
                ref=lambda f: Ref(container, index),
                layout=slot.layout,
                name=name,
                source=held,
                target=held,
            )
        if slot.indirect:
            return self.indirect(place, name, span)
        return place

    def frame_place(self, index: int, slot: Slot, name: str) -> Place:
        def set_frame(f: Any, value: Any) -> None:
            f[index] = value

        return Place(
            get=lambda f: f[index],
            set=set_frame,
            ref=lambda f: Ref(f, index),
            layout=slot.layout,
            name=name,
            frame_slot=index,
            source=f"f[{index}]",
            target=f"f[{index}]",
        )

    def located_place(self, slot: Slot, name: str) -> Place:
        assert slot.located is not None and slot.located_key is not None
        read, write = slot.located
        view = self.compiler.io_view
        key = slot.located_key
        return Place(
            get=lambda f: read(),
            set=lambda f, v: write(v),
            ref=lambda f: Ref(view, key),
            layout=slot.layout,
            name=name,
            source=f"{self.bind(read, '_io')}()",
        )

    def indirect(self, holder: Place, name: str, span: Span) -> Place:
        """The place a Ref-holding slot (VAR_IN_OUT, REFERENCE TO) stands for."""
        layout = holder.layout
        assert isinstance(layout, ReferenceLayout)
        raw = holder.get
        if holder.frame_slot is not None:
            k = holder.frame_slot

            def get_frame(f: Any) -> Any:
                r = f[k]
                if r is None:
                    raise null_fault(name, span)
                return r.c[r.k]

            get = get_frame
        else:

            def get_any(f: Any) -> Any:
                r = raw(f)
                if r is None:
                    raise null_fault(name, span)
                return r.c[r.k]

            get = get_any

        def set_through(f: Any, value: Any) -> None:
            r = raw(f)
            if r is None:
                raise null_fault(name, span)
            r.c[r.k] = value

        def ref_of(f: Any) -> Any:
            r = raw(f)
            if r is None:
                raise null_fault(name, span)
            return r

        source = None
        if holder.source is not None:
            t = self.temp()
            missing = self.null_raiser(name, span)
            source = f"({t}.c[{t}.k] if ({t} := {holder.source}) is not None else {missing}())"
        return Place(
            get=get,
            set=set_through,
            ref=ref_of,
            layout=layout.target,
            name=name,
            raw=raw,
            rebind=holder.set,
            source=source,
            may_fault=True,  # unbound (NULL) until something is assigned or passed
        )

    def null_raiser(self, name: str, span: Span) -> str:
        def null(*_: Any) -> Any:
            raise null_fault(name, span)

        return self.bind(null, "_null")

    def address_place(self, address: str, node: Node) -> Place:
        """A direct address used in code: ``x := %IX0.1;`` reads the image as a bit string."""
        from werk.tools.st.sim.io_image import SIZE_TYPE, IoAddress

        try:
            parsed = IoAddress.parse(address)
        except ValueError as exc:
            raise CompileError(str(exc), node) from exc
        layout = self.layouts.elementary(SIZE_TYPE[parsed.size])
        assert layout.spec is not None
        read, write = self.machine.io.accessors(parsed, layout.spec)
        view = self.compiler.io_view
        key = f"{parsed}:{layout.spec.name}"
        view.add(key, read, write)
        return Place(
            get=lambda f: read(),
            set=lambda f, v: write(v),
            ref=lambda f: Ref(view, key),
            layout=layout,
            name=address,
            source=f"{self.bind(read, '_io')}()",
        )

    # --- THIS^ -----------------------------------------------------------------------------

    def this_place(self, node: Node, super_: bool = False) -> Place:
        fb = self.fb
        if fb is None:
            raise CompileError("THIS^ outside a function block", node)
        layout: Layout = fb.layout
        if super_:
            if fb.parent is None:
                raise CompileError(f"SUPER^ in {fb.name}, which extends nothing", node)
            layout = fb.parent.layout
        if self.frame is FrameKind.METHOD:
            get: Getter = lambda f: f.inst  # noqa: E731
            source = "f.inst"
        else:
            get = lambda f: f  # noqa: E731
            source = "f"
        return Place(get=get, set=None, ref=None, layout=layout, name="THIS^", source=source)

    # --- members ---------------------------------------------------------------------------

    def member_place(self, node: Node) -> Place:
        obj = node.child_by_field_name("object")
        member = node.child_by_field_name("member")
        if obj is None or member is None:
            raise CompileError(f"member access {self.text(node)!r}", node)
        partial = self.partial_access(member)
        if partial is not None:
            return self.bit_place(self.place(obj), partial, node)
        name = self.unit.identifier_name(member)
        target = self.target(member)
        if obj.type == "identifier" and self.unit.direct_address(obj) is None:
            owner = self.target(obj)
            if isinstance(owner, GlobalList) and isinstance(target, Variable):
                return self.variable_place(target, member)
            if isinstance(owner, Pou) and owner.kind is PouKind.PROGRAM:
                if isinstance(target, Variable):
                    return self.program_member(owner, target, member)
                raise CompileError(f"{self.text(node)!r} is not a variable", node)
            if isinstance(owner, TypeDecl):
                raise CompileError(f"{self.text(node)!r} is not a variable", node)
        base = self.object_place(obj)
        return self.member_of(base, name, target, member)

    def object_place(self, obj: Node) -> Place:
        """The place of the object of ``obj.member`` (THIS^ and SUPER^ included)."""
        if obj.type == "dereference_expression":
            pointer = obj.child_by_field_name("pointer")
            if pointer is not None and pointer.type == "this_expression":
                return self.this_place(obj)
            if pointer is not None and pointer.type == "super_expression":
                return self.this_place(obj, super_=True)
        return self.place(obj)

    def member_of(self, base: Place, name: str, target: object, node: Node) -> Place:
        layout = base.layout
        span = self.span(node)
        full = f"{base.name}.{name}"
        obj = base.get
        if isinstance(layout, StructLayout):
            index = layout.index.get(name.lower())
            if index is None:
                raise CompileError(f"{layout.name} has no field {name!r}", node)
            field_layout = layout.fields[index]
            if isinstance(field_layout, UnsupportedLayout):
                raise CompileError(f"{full!r} of {field_layout.what}", node)
            place = self.container_member(obj, index, field_layout, full, base)
            if isinstance(field_layout, ReferenceLayout) and field_layout.kind == "reference":
                return self.indirect(place, full, span)
            return place
        if isinstance(layout, FbLayout):
            cls = layout.compiled
            index = cls.slot_of.get(target) if isinstance(target, Variable) else None
            if index is None:
                index = cls.slot_by_name.get(name.lower())
            if index is None:
                raise CompileError(f"{cls.name} has no variable {name!r}", node)
            slot = cls.slots[index]
            if isinstance(slot.layout, UnsupportedLayout):
                raise CompileError(f"{full!r} of {slot.layout.what}", node)
            if slot.located is not None:
                return self.located_place(slot, full)
            place = self.container_member(obj, index, slot.layout, full, base)
            if slot.indirect:
                return self.indirect(place, full, span)
            return place
        if isinstance(layout, StandardFbLayout):
            attribute = layout.members.get(name.lower())
            if attribute is None:
                raise CompileError(f"{layout.name} has no member {name!r}", node)
            member_type = layout.cls.TYPES[attribute]
            member_layout = self.layouts.elementary(member_type)

            def get_member(f: Any) -> Any:
                return getattr(obj(f), attribute)

            def set_member(f: Any, value: Any) -> None:
                setattr(obj(f), attribute, value)

            assert attribute.isidentifier()  # an IEC member name of the iec class
            source = f"{base.source}.{attribute}" if base.source is not None else None
            return Place(
                get=get_member,
                set=set_member,
                ref=lambda f: Ref(MemberView(obj(f)), attribute),
                layout=member_layout,
                name=full,
                source=source,
                target=source,
                may_fault=base.may_fault,
            )
        raise CompileError(f"{base.name!r} ({layout.name}) has no members", node)

    @staticmethod
    def container_member(obj: Getter, index: int, layout: Layout, name: str, base: Place) -> Place:
        def set_member(f: Any, value: Any) -> None:
            obj(f)[index] = value

        source = f"{base.source}[{index}]" if base.source is not None else None
        return Place(
            get=lambda f: obj(f)[index],
            set=set_member,
            ref=lambda f: Ref(obj(f), index),
            layout=layout,
            name=name,
            source=source,
            target=source,
            may_fault=base.may_fault,
        )

    # --- bit access ------------------------------------------------------------------------

    def partial_access(self, member: Node) -> tuple[int, int] | None:
        """``(width, number)`` when lowering recorded ``w.3`` (bit) or SCL ``w.%B1`` (byte)."""
        for rewrite in self.unit.lowered.rewrites_in(member.start_byte, member.end_byte):
            if rewrite.kind is RewriteKind.BIT_ACCESS:
                for part, width in PARTIAL_WIDTH.items():
                    number = rewrite.detail.get(part)
                    if isinstance(number, int):
                        return width, number
        return None

    def bit_place(self, base: Place, partial: tuple[int, int], node: Node) -> Place:
        width, number = partial
        base_layout = base.layout
        base_spec = base_layout.spec
        if (
            base_spec is None
            or not is_integer(base_spec)
            or not isinstance(base_layout, ElementaryLayout)
            or (number + 1) * width > base_spec.bits
        ):
            raise CompileError(f"partial access {self.text(node)!r}", node)
        layout = self.layouts.elementary(PARTIAL_TYPE[width])
        shift = number * width
        mask = ((1 << width) - 1) << shift
        get_base = base.get
        set_base = base.set
        store = base_layout.store
        if width == 1:

            def get_bit(f: Any) -> Any:
                return (get_base(f) >> shift) & 1 == 1

            get: Getter = get_bit
        else:
            low = (1 << width) - 1

            def get_part(f: Any) -> Any:
                return (get_base(f) >> shift) & low

            get = get_part
        set_part: Setter | None = None
        if set_base is not None:
            setter = set_base

            def set_bits(f: Any, value: Any) -> None:
                current = get_base(f)
                updated = (current & ~mask) | ((int(value) << shift) & mask)
                setter(f, store(updated))

            set_part = set_bits
        source = None
        if base.source is not None:
            if width == 1:
                source = f"((({base.source}) >> {shift}) & 1 == 1)"
            else:
                source = f"((({base.source}) >> {shift}) & {(1 << width) - 1})"
        return Place(
            get=get,
            set=set_part,
            ref=None,
            layout=layout,
            name=self.text(node),
            source=source,
            may_fault=base.may_fault,
        )

    # --- array elements --------------------------------------------------------------------

    def index_place(self, node: Node) -> Place:
        obj = node.child_by_field_name("object")
        if obj is None:
            raise CompileError(f"index expression {self.text(node)!r}", node)
        base = self.place(obj)
        layout = base.layout
        if not isinstance(layout, ArrayLayout):
            raise CompileError(f"{base.name!r} is not an array", node)
        index_nodes = [n for n in node.children_by_field_name("index") if n.is_named]
        if len(index_nodes) != len(layout.dimensions):
            raise CompileError(
                f"{base.name!r} has {len(layout.dimensions)} dimensions, "
                f"indexed with {len(index_nodes)}",
                node,
            )
        indexes = []
        for index_node in index_nodes:
            index = self.expression(index_node)
            spec = index.spec
            if not index.untyped and (spec is None or not is_integer(spec)):
                raise CompileError(f"array index {self.text(index_node)!r} is not an integer", node)
            indexes.append(index)
        span = self.span(node)
        name = self.text(node)
        element = layout.element
        if isinstance(element, UnsupportedLayout):
            raise CompileError(f"{name!r} of {element.what}", node)
        offset = self.offset_function(layout, indexes, name, span)
        array = base.get
        if len(indexes) == 1 and base.frame_slot is not None and indexes[0].frame_slot is not None:
            place = self.fast_element(layout, base.frame_slot, indexes[0].frame_slot, name, span)
        else:

            def set_element(f: Any, value: Any) -> None:
                array(f)[offset(f)] = value

            place = Place(
                get=lambda f: array(f)[offset(f)],
                set=set_element,
                ref=lambda f: Ref(array(f), offset(f)),
                layout=element,
                name=name,
            )
        if base.source is not None:
            place.source = place.target = self.element_source(
                base.source, layout, indexes, name, span
            )
        place.may_fault = (
            base.may_fault
            or any(index.may_fault for index in indexes)
            or not all(
                within(index, lower, upper)
                for index, (lower, upper) in zip(indexes, layout.dimensions, strict=True)
            )
        )
        if isinstance(element, ReferenceLayout) and element.kind == "reference":
            return self.indirect(place, name, span)
        return place

    def element_source(
        self, array: str, layout: ArrayLayout, indexes: list[Any], name: str, span: Span
    ) -> str:
        """``a[i]`` in generated source: the bounds check inline, one offset expression."""

        def out_of_bounds(value: Any) -> Any:
            bounds = " x ".join(f"{lower}..{upper}" for lower, upper in layout.dimensions)
            raise SimulationFault(
                FaultKind.ARRAY_BOUND, f"index {value} is outside {bounds} of {name}", span
            )

        fail = self.bind(out_of_bounds, "_bound")
        terms = []
        for (lower, upper), stride, index in zip(
            layout.dimensions, layout.strides, indexes, strict=True
        ):
            t = self.temp()
            value = self.source_of(index)
            offset = f"({t} - {lower})" if stride == 1 else f"({t} - {lower}) * {stride}"
            terms.append(f"({offset} if {lower} <= ({t} := {value}) <= {upper} else {fail}({t}))")
        return f"{array}[{' + '.join(terms)}]"

    def offset_function(
        self, layout: ArrayLayout, indexes: list[Any], name: str, span: Span
    ) -> Getter:
        """The flat offset of ``a[i, j...]``, bounds checked."""
        checks = []
        for (lower, upper), stride, index in zip(
            layout.dimensions, layout.strides, indexes, strict=True
        ):
            checks.append((index.fn, lower, upper, stride))

        def out_of_bounds(value: Any, lower: int, upper: int) -> SimulationFault:
            return SimulationFault(
                FaultKind.ARRAY_BOUND,
                f"index {value} is outside {lower}..{upper} of {name}",
                span,
            )

        if len(checks) == 1:
            fn, lower, upper, _ = checks[0]

            def offset_1(f: Any) -> int:
                i = fn(f)
                if lower <= i <= upper:
                    return int(i - lower)
                raise out_of_bounds(i, lower, upper)

            return offset_1

        def offset_n(f: Any) -> int:
            total = 0
            for index_fn, lower, upper, stride in checks:
                i = index_fn(f)
                if not lower <= i <= upper:
                    raise out_of_bounds(i, lower, upper)
                total += (i - lower) * stride
            return total

        return offset_n

    def fast_element(
        self, layout: ArrayLayout, array_slot: int, index_slot: int, name: str, span: Span
    ) -> Place:
        """``a[i]`` with both in the frame: the common loop body, in one closure."""
        lower, upper = layout.dimensions[0]

        def fault(i: Any) -> SimulationFault:
            return SimulationFault(
                FaultKind.ARRAY_BOUND, f"index {i} is outside {lower}..{upper} of {name}", span
            )

        def get(f: Any) -> Any:
            i = f[index_slot]
            if lower <= i <= upper:
                return f[array_slot][i - lower]
            raise fault(i)

        def set_element(f: Any, value: Any) -> None:
            i = f[index_slot]
            if lower <= i <= upper:
                f[array_slot][i - lower] = value
                return
            raise fault(i)

        def ref(f: Any) -> Ref:
            i = f[index_slot]
            if lower <= i <= upper:
                return Ref(f[array_slot], i - lower)
            raise fault(i)

        return Place(
            get=get,
            set=set_element,
            ref=ref,
            layout=layout.element,
            name=name,
        )

    # --- dereference -----------------------------------------------------------------------

    def deref_place(self, node: Node) -> Place:
        pointer = node.child_by_field_name("pointer")
        if pointer is None:
            raise CompileError(f"dereference {self.text(node)!r}", node)
        if pointer.type == "this_expression":
            return self.this_place(node)
        if pointer.type == "super_expression":
            return self.this_place(node, super_=True)
        value = self.expression(pointer)
        layout = value.layout
        if not isinstance(layout, ReferenceLayout) or layout.kind not in ("pointer", "ref_to"):
            raise CompileError(f"{self.text(pointer)!r} is not a pointer", node)
        read_pointer = value.fn
        name = self.text(pointer)
        span = self.span(node)

        def get(f: Any) -> Any:
            r = read_pointer(f)
            if r is None:
                raise null_fault(name, span)
            return r.c[r.k]

        def set_target(f: Any, item: Any) -> None:
            r = read_pointer(f)
            if r is None:
                raise null_fault(name, span)
            r.c[r.k] = item

        def ref(f: Any) -> Any:
            r = read_pointer(f)
            if r is None:
                raise null_fault(name, span)
            return r

        target = layout.target
        if isinstance(target, UnsupportedLayout):
            raise CompileError(f"{name}^ of {target.what}", node)
        t = self.temp()
        missing = self.null_raiser(name, span)
        pointer_source = self.source_of(value)
        source = f"({t}.c[{t}.k] if ({t} := {pointer_source}) is not None else {missing}())"
        return Place(
            get=get,
            set=set_target,
            ref=ref,
            layout=target,
            name=f"{name}^",
            source=source,
            may_fault=True,  # the pointer may be NULL
        )
