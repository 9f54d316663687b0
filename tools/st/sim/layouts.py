"""Types of the semantic model turned into ``Layout``s, and initial values into factories.

The model's ``TypeRef`` says what a declaration wrote; this module resolves
it through the project (aliases, named structs and enums, FB types,
standard FBs) into the layout values are made with, and turns the
declaration's initial value (IEC 61131-3 §6.5.1.2: constants, array
initialisers with repetition ``3(0)``, structure initialisers
``(x := 1, y := [1.0, 2.0])``) into a factory that makes a fresh value for
each instance. Types the simulator cannot run become ``UnsupportedLayout``
and are reported with the declaration's position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from werk.tools.st.document import Dialect
from werk.tools.st.model.symbols import Pou, PouKind, TypeDecl, TypeKind, Variable
from werk.tools.st.model.types import (
    ArrayType,
    Dimension,
    ElementaryType,
    EnumType,
    GenericType,
    NamedType,
    PointerType,
    ReferenceType,
    StringType,
    StructType,
    SubrangeType,
    TypeRef,
    UnknownType,
)
from werk.tools.st.sim.constants import Lookup, NotConstantError, initialiser_nodes, node_at
from werk.tools.st.sim.convert import converter, is_integer, is_string
from werk.tools.st.sim.iec.standard_fbs import STANDARD_FUNCTION_BLOCKS, StandardFunctionBlock
from werk.tools.st.sim.iec.types import spec
from werk.tools.st.sim.positions import Span
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
    SubrangeLayout,
)

if TYPE_CHECKING:
    from werk.tools.st.sim.compiler import Compiler
    from werk.tools.st.unit import StUnit

SCL_STRING_LENGTH = 254
MAX_TYPE_DEPTH = 32


class UnsupportedLayout(Layout):
    """A type the simulator does not run; any use of such a variable is not supported."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.name = what

    def new(self, path: str) -> Any:
        return None

    def read(self, value: Any) -> Any:
        return None


@dataclass(frozen=True)
class Site:
    """Where a type or initial value was written: for bounds, constants and error positions."""

    unit: StUnit
    node: Node | None  # the declaration (variable_declaration, structure_field, type_definition)
    lookup: Lookup

    @property
    def span(self) -> Span:
        if self.node is None:
            return Span(self.unit, 0, 0)
        return Span(self.unit, self.node.start_byte, self.node.end_byte)


def vendor_only(name: str, cls: type[StandardFunctionBlock], dialect: Dialect) -> str:
    """Why ``TON_TIME`` is refused outside SCL, naming the IEC block to write instead."""
    iec = next(
        (
            base.__name__
            for base in cls.__mro__[1:]
            if STANDARD_FUNCTION_BLOCKS.get(base.__name__) is base and base.DIALECT is None
        ),
        None,
    )
    instead = f"; write {iec}" if iec is not None else ""
    where = "TIA Portal (SCL)" if cls.DIALECT == Dialect.SCL else str(cls.DIALECT)
    return f"{name}, a {where} name, in {dialect.value.upper()} code{instead}"


class Layouts:
    """Builds and caches the layouts of one compiler's project."""

    def __init__(self, compiler: Compiler) -> None:
        self.compiler = compiler
        self.project = compiler.project
        self.constants = compiler.constants
        self._named: dict[TypeDecl, Layout] = {}
        self._elementary: dict[tuple[str, int | None], ElementaryLayout] = {}

    # --- types -----------------------------------------------------------------------------

    def elementary(self, name: str, length: int | None = None) -> ElementaryLayout:
        key = (name.upper(), length)
        found = self._elementary.get(key)
        if found is None:
            iec = spec(name)
            if iec is None:
                raise KeyError(name)
            if is_string(iec) and length is None and iec.name in ("STRING", "WSTRING"):
                length = 80
            found = self._elementary[key] = ElementaryLayout(iec, length)
        return found

    def layout(
        self, type_ref: TypeRef, site: Site, depth: int = 0, *, indirect: bool = False
    ) -> Layout:
        """The layout of ``type_ref`` as declared at ``site``.

        ``indirect``: the type is the target of a pointer or reference, so an
        FB may refer to its own type (it may not contain an instance of it).
        """
        if depth > MAX_TYPE_DEPTH:
            return self.unsupported(f"type {type_ref} (nested too deeply)", site)
        if isinstance(type_ref, ElementaryType):
            return self.elementary(type_ref.name)
        if isinstance(type_ref, StringType):
            length = type_ref.length
            if length is None and type_ref.length_text:
                try:
                    length = self.constants.integer(
                        type_ref.length_text, site.lookup, site.unit, None
                    )
                except NotConstantError:
                    return self.unsupported(f"string length {type_ref.length_text!r}", site)
            if length is None and site.unit.document.dialect is Dialect.SCL:
                length = SCL_STRING_LENGTH
            return self.elementary("WSTRING" if type_ref.wide else "STRING", length or 80)
        if isinstance(type_ref, NamedType):
            return self.named(type_ref, site, depth, indirect)
        if isinstance(type_ref, ArrayType):
            return self.array(type_ref, site, depth)
        if isinstance(type_ref, PointerType):
            target = self.layout(type_ref.target, site, depth + 1, indirect=True)
            return ReferenceLayout(target, "pointer")
        if isinstance(type_ref, ReferenceType):
            kind = "reference" if type_ref.implicit else "ref_to"
            target = self.layout(type_ref.target, site, depth + 1, indirect=True)
            return ReferenceLayout(target, kind)
        if isinstance(type_ref, SubrangeType):
            return self.subrange(type_ref, site, depth)
        if isinstance(type_ref, EnumType):
            return self.unsupported("an enumeration declared inline in a variable", site)
        if isinstance(type_ref, GenericType):
            return self.unsupported(f"generic type {type_ref}", site)
        if isinstance(type_ref, StructType):
            return self.unsupported("a STRUCT declared inline in a variable", site)
        if isinstance(type_ref, UnknownType):
            return self.unsupported(f"type {type_ref.reason or 'that could not be read'}", site)
        return self.unsupported(f"type {type_ref}", site)

    def named(self, type_ref: NamedType, site: Site, depth: int, indirect: bool) -> Layout:
        resolved = self.project.resolve_type(type_ref)
        if isinstance(resolved, Pou):
            if resolved.kind is PouKind.INTERFACE:
                return self.unsupported(f"interface type {resolved.name}", site)
            if self.project.is_standard(resolved):
                cls = STANDARD_FUNCTION_BLOCKS.get(resolved.name.upper())
                if cls is None:
                    return self.unsupported(f"standard FB {resolved.name}", site)
                dialect = site.unit.document.dialect
                if cls.DIALECT is not None and dialect != cls.DIALECT:
                    return self.unsupported(vendor_only(resolved.name, cls, dialect), site)
                return StandardFbLayout(resolved.name, cls)
            if resolved.kind in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM):
                if not indirect and self.compiler.is_building(resolved):
                    return self.unsupported(
                        f"FB {resolved.name} containing an instance of itself", site
                    )
                layout: FbLayout = self.compiler.fb_class(resolved).layout
                return layout
            return self.unsupported(f"type {resolved.name}", site)
        if isinstance(resolved, TypeDecl):
            return self.declared(resolved, depth)
        if isinstance(resolved, ElementaryType | StringType):
            return self.layout(resolved, site, depth + 1)
        if isinstance(resolved, NamedType):
            named_spec = spec(resolved.name)
            if named_spec is not None:
                return self.elementary(named_spec.name)
            return self.unsupported(f"unknown type {resolved.name}", site)
        return (
            self.layout(resolved, site, depth + 1)
            if resolved is not None
            else (self.unsupported(f"type {type_ref}", site))
        )

    def declared(self, decl: TypeDecl, depth: int) -> Layout:
        cached = self._named.get(decl)
        if cached is not None:
            return cached
        site = self.type_site(decl)
        if decl.kind is TypeKind.STRUCT:
            struct = StructLayout(decl.name)
            self._named[decl] = struct  # before the fields: a field may point to this struct
            self.fill_struct(struct, decl, depth)
            return struct
        if decl.kind is TypeKind.ENUM:
            try:
                values = self.constants.enum_values(decl)
            except NotConstantError as exc:
                layout: Layout = self.unsupported(f"enumeration value ({exc.what})", site)
            else:
                base = self.elementary(self.constants.enum_base(decl).name)
                layout = EnumLayout(decl.name, base, values)
        elif decl.kind is TypeKind.UNION:
            layout = self.unsupported(f"UNION {decl.name}", site)
        else:  # ALIAS, ARRAY, SUBRANGE: the definition says it all
            layout = self.layout(decl.definition, site, depth + 1)
        self._named[decl] = layout
        return layout

    def fill_struct(self, struct: StructLayout, decl: TypeDecl, depth: int) -> None:
        chain: list[TypeDecl] = []
        current: TypeDecl | None = decl
        while current is not None and len(chain) < MAX_TYPE_DEPTH:
            chain.append(current)
            current = self.project.find_type(current.extends) if current.extends else None
        for part in reversed(chain):
            for field_variable in part.fields:
                field_site = self.variable_site(field_variable)
                field_layout = self.layout(field_variable.type, field_site, depth + 1)
                struct.add_field(
                    field_variable.name,
                    field_layout,
                    self.factory(field_variable, field_layout, field_site),
                )

    def array(self, type_ref: ArrayType, site: Site, depth: int) -> Layout:
        bounds: list[tuple[int, int]] = []
        for dimension in type_ref.dimensions:
            try:
                bounds.append(self.bounds(dimension, site))
            except NotConstantError as exc:
                return self.unsupported(f"array bound ({exc.what})", site)
            if bounds[-1][1] < bounds[-1][0]:
                return self.unsupported(
                    f"empty array range {dimension.lower}..{dimension.upper}", site
                )
        element = self.layout(type_ref.element, site, depth + 1)
        if isinstance(element, UnsupportedLayout):
            return element
        return ArrayLayout(bounds, element)

    def bounds(self, dimension: Dimension, site: Site) -> tuple[int, int]:
        lower, upper = dimension.lower_value, dimension.upper_value
        if lower is not None and upper is not None:
            return lower, upper
        node = self.dimension_node(dimension, site)
        lower_node = node.child_by_field_name("lower") if node is not None else None
        upper_node = node.child_by_field_name("upper") if node is not None else None
        if lower is None:
            lower = self.constants.integer(dimension.lower, site.lookup, site.unit, lower_node)
        if upper is None:
            upper = self.constants.integer(dimension.upper, site.lookup, site.unit, upper_node)
        return lower, upper

    def dimension_node(self, dimension: Dimension, site: Site) -> Node | None:
        if site.node is None:
            return None
        unit = site.unit
        stack = [site.node]
        while stack:
            node = stack.pop()
            if node.type == "subrange":
                lower = node.child_by_field_name("lower")
                upper = node.child_by_field_name("upper")
                if (
                    lower is not None
                    and upper is not None
                    and unit.text(lower) == dimension.lower
                    and unit.text(upper) == dimension.upper
                ):
                    return node
            stack.extend(node.named_children)
        return None

    def subrange(self, type_ref: SubrangeType, site: Site, depth: int) -> Layout:
        base = self.layout(type_ref.base, site, depth + 1)
        if not isinstance(base, ElementaryLayout) or base.spec is None or not is_integer(base.spec):
            return self.unsupported(f"subrange of {type_ref.base}", site)
        try:
            lower = type_ref.lower_value
            upper = type_ref.upper_value
            if lower is None:
                lower = self.constants.integer(type_ref.lower, site.lookup, site.unit, None)
            if upper is None:
                upper = self.constants.integer(type_ref.upper, site.lookup, site.unit, None)
        except NotConstantError as exc:
            return self.unsupported(f"subrange bound ({exc.what})", site)
        return SubrangeLayout(base, lower, upper)

    def unsupported(self, what: str, site: Site) -> UnsupportedLayout:
        self.compiler.report_unsupported(what, site.span)
        return UnsupportedLayout(what)

    # --- sites -----------------------------------------------------------------------------

    def variable_site(self, variable: Variable) -> Site:
        location = variable.declaration or variable.location
        node = node_at(
            location.unit,
            location.start,
            location.end,
            frozenset({"variable_declaration", "structure_field"}),
        )
        return Site(location.unit, node, self.constants.lookup_for(variable.owner))

    def pou_site(self, pou: Pou) -> Site:
        """A POU header (its return type): names resolve in the POU's scope."""
        return Site(pou.location.unit, None, self.constants.lookup_for(pou))

    def type_site(self, decl: TypeDecl) -> Site:
        location = decl.span or decl.location
        node = node_at(location.unit, location.start, location.end, frozenset({"type_definition"}))
        return Site(location.unit, node, self.project.lookup_global_name)

    # --- initial values --------------------------------------------------------------------

    def factory(self, variable: Variable, layout: Layout, site: Site) -> Callable[[str], Any]:
        """Makes the initial value of ``variable`` for an instance path."""
        if isinstance(layout, UnsupportedLayout):
            return layout.new
        nodes = initialiser_nodes(variable)
        if not nodes:
            return layout.new
        try:
            return self.initialiser(nodes, layout, site)
        except NotConstantError as exc:
            self.compiler.report_unsupported(f"initial value ({exc.what})", site.span)
            return layout.new

    def initialiser(self, nodes: list[Node], layout: Layout, site: Site) -> Callable[[str], Any]:
        named = [node for node in nodes if node.is_named]
        if len(nodes) > 1:
            return self.array_initialiser(named, layout, site)
        node = nodes[0]
        if node.type == "structure_initializer":
            return self.structure_initialiser(node, layout, site)
        if node.type == "index_expression" and self.is_bare_brackets(node):
            items = [n for n in node.children_by_field_name("index") if n.is_named]
            return self.array_initialiser(items, layout, site)
        if node.type == "array_initializer":
            return self.array_initialiser(node.named_children, layout, site)
        value = self.scalar(node, layout, site)
        return lambda path: value

    @staticmethod
    def is_bare_brackets(node: Node) -> bool:
        """``[1.0, 2.0]`` where the grammar wanted ``a[...]``: an array literal, object missing."""
        obj = node.child_by_field_name("object")
        return obj is not None and obj.start_byte == obj.end_byte

    def scalar(self, node: Node, layout: Layout, site: Site) -> Any:
        if layout.aggregate or layout.spec is None:
            raise NotConstantError(f"{site.unit.text(node)!r} for a {layout.name}", node)
        value, value_spec = self.constants.evaluate(node, site.unit, site.lookup)
        length = layout.length if isinstance(layout, ElementaryLayout) else None
        stored = converter(value_spec, layout.spec, length)(value)
        if isinstance(layout, SubrangeLayout) and not layout.lower <= stored <= layout.upper:
            raise NotConstantError(f"{stored} outside {layout.lower}..{layout.upper}", node)
        return stored

    def array_initialiser(
        self, items: list[Node], layout: Layout, site: Site
    ) -> Callable[[str], Any]:
        if not isinstance(layout, ArrayLayout):
            raise NotConstantError(f"an array initial value for a {layout.name}")
        element = layout.element
        factories: list[Callable[[str], Any]] = []
        for item in items:
            count, value_node = self.repetition(item, site)
            if value_node is None:  # 3() repeats the element's default
                factories.extend([element.new] * count)
                continue
            factories.extend([self.initialiser([value_node], element, site)] * count)
        if len(factories) > layout.size:
            raise NotConstantError(
                f"{len(factories)} initial values for {layout.size} elements of {layout.name}"
            )
        if not element.aggregate:
            template = layout.new("")
            for index, make in enumerate(factories):
                template[index] = make("")
            return lambda path: list(template)

        def make_array(path: str) -> Any:
            value = layout.new(path)
            for index, make in enumerate(factories):
                value[index] = make(path + layout.index_text(index))
            return value

        return make_array

    def repetition(self, item: Node, site: Site) -> tuple[int, Node | None]:
        """``3(7)`` is three sevens; anything else is one value."""
        if item.type == "array_repetition":
            count_node = item.child_by_field_name("count")
            values = [c for c in item.named_children if c != count_node]
            count = self.constants.integer(
                site.unit.text(count_node) if count_node else "", site.lookup, site.unit, count_node
            )
            return count, (values[0] if values else None)
        if item.type == "call_expression":
            function = item.child_by_field_name("function")
            arguments = item.child_by_field_name("arguments")
            if function is not None and function.type == "integer_literal" and arguments:
                values = arguments.named_children
                count = self.constants.integer(
                    site.unit.text(function), site.lookup, site.unit, function
                )
                return count, (values[0] if values else None)
        return 1, item

    def structure_initialiser(self, node: Node, layout: Layout, site: Site) -> Callable[[str], Any]:
        fields: list[tuple[int, Callable[[str], Any], str]] = []
        for part in node.named_children:
            if part.type != "structure_initializer_field":
                continue
            name_node = part.child_by_field_name("name")
            value_node = part.child_by_field_name("value")
            if name_node is None or value_node is None:
                raise NotConstantError(f"structure initialiser {site.unit.text(part)!r}", part)
            name = site.unit.identifier_name(name_node)
            index, member = self.member_layout(layout, name, part)
            fields.append((index, self.initialiser([value_node], member, site), name))

        def make_struct(path: str) -> Any:
            value = layout.new(path)
            for index, make, name in fields:
                value[index] = make(f"{path}.{name}")
            return value

        return make_struct

    def member_layout(self, layout: Layout, name: str, node: Node) -> tuple[int, Layout]:
        if isinstance(layout, StructLayout):
            index = layout.index.get(name.lower())
            if index is not None:
                return index, layout.fields[index]
        if isinstance(layout, FbLayout):
            index = layout.compiled.slot_by_name.get(name.lower())
            if index is not None:
                slot = layout.compiled.slots[index]
                if not slot.indirect and slot.located is None:
                    return index, slot.layout
        raise NotConstantError(f"{layout.name} has no member {name!r} to initialise", node)
