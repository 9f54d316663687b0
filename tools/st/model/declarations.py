"""Read the declarations of one unit's syntax tree into symbols (IEC 61131-3 §6.5).

Walks only the declaration parts: POU headers, variable sections, methods,
properties, actions, types, global lists and configurations. Statement bodies
are kept as syntax nodes; name resolution reads them later (``resolver``), so
a change to one body never forces the declarations to be read again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from werk.tools.st.document import Origin
from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.symbols import (
    Configuration,
    EnumMember,
    GlobalList,
    Location,
    Pou,
    PouKind,
    ProgramInstance,
    Section,
    Task,
    TypeDecl,
    TypeKind,
    Variable,
    key,
)
from werk.tools.st.model.types import (
    ArrayType,
    Dimension,
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
    elementary,
)

if TYPE_CHECKING:
    from werk.tools.st.unit import StUnit

SECTION_OF_NODE = {
    "var_input": Section.VAR_INPUT,
    "var_output": Section.VAR_OUTPUT,
    "var_in_out": Section.VAR_IN_OUT,
    "var_block": Section.VAR,
    "var_temp": Section.VAR_TEMP,
    "var_external": Section.VAR_EXTERNAL,
    "var_global": Section.VAR_GLOBAL,
    "var_config": Section.VAR_CONFIG,
    "var_access": Section.VAR_ACCESS,
}
POU_OF_NODE = {
    "program_declaration": PouKind.PROGRAM,
    "function_declaration": PouKind.FUNCTION,
    "function_block_declaration": PouKind.FUNCTION_BLOCK,
    "interface_declaration": PouKind.INTERFACE,
    "method_declaration": PouKind.METHOD,
    "method_signature": PouKind.METHOD,
    "property_declaration": PouKind.PROPERTY,
    "property_signature": PouKind.PROPERTY,
}
ACCESS = frozenset({"PUBLIC", "PRIVATE", "PROTECTED", "INTERNAL"})
ATTRIBUTE = re.compile(rb"\{\s*attribute\s+'([^']*)'\s*(?::=\s*'([^']*)')?\s*\}", re.IGNORECASE)
INTEGER = re.compile(r"^[+-]?(?:\d[\d_]*|(?:2#[01_]+)|(?:8#[0-7_]+)|(?:16#[0-9A-Fa-f_]+))$")


@dataclass
class FileDeclarations:
    """Everything one unit declares."""

    pous: list[Pou] = field(default_factory=list)
    types: list[TypeDecl] = field(default_factory=list)
    globals: list[GlobalList] = field(default_factory=list)
    configurations: list[Configuration] = field(default_factory=list)


def integer_value(text: str) -> int | None:
    """The value of an integer literal such as ``10``, ``-3``, ``16#FF``, ``2#1010_1010``."""
    text = text.strip().replace("_", "")
    if "#" in text and text.split("#", 1)[0].isalpha():  # typed literal INT#5
        text = text.split("#", 1)[1]
    if not INTEGER.match(text):
        return None
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if "#" in text:
        base, digits = text.split("#", 1)
        return sign * int(digits, int(base))
    return sign * int(text)


class DeclarationReader:
    """Builds the symbols of one unit; see ``read_declarations``."""

    def __init__(self, unit: StUnit) -> None:
        self.unit = unit
        self.text = unit.lowered.text

    def location(self, node: Node) -> Location:
        return Location(self.unit, node.start_byte, node.end_byte)

    def name(self, node: Node | None) -> str:
        """A declared name as the engineer wrote it (SCL ``"Motor DB"`` included)."""
        return self.unit.identifier_name(node) if node is not None else ""

    def source(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.text[node.start_byte : node.end_byte].decode("utf-8", "replace")

    # --- top level -------------------------------------------------------------------------

    def blank_line_between(self, start: int, end: int) -> bool:
        gap = self.text[start:end]
        return gap.count(b"\n") >= 2 and any(not line.strip() for line in gap.split(b"\n")[1:-1])

    def read(self) -> FileDeclarations:
        result = FileDeclarations()
        pending_attributes: dict[str, str] = {}
        pending_doc: list[str] = []
        last_comment_end = 0
        for node in self.unit.tree.root_node.named_children:
            kind = node.type
            if kind == "pragma":
                pending_attributes.update(self.attributes_of(node))
                continue
            if kind == "comment":
                if pending_doc and self.blank_line_between(last_comment_end, node.start_byte):
                    pending_doc = []  # a file header or a section banner, not this one's doc
                pending_doc.append(self.comment_text(node))
                last_comment_end = node.end_byte
                continue
            if pending_doc and self.blank_line_between(last_comment_end, node.start_byte):
                pending_doc = []  # a doc comment sits right above its declaration
            doc = "\n".join(pending_doc) or None
            if kind in POU_OF_NODE:
                pou = self.read_pou(node, None)
                pou.attributes.update(pending_attributes)
                pou.doc = pou.doc or doc
                result.pous.append(pou)
            elif kind == "type_declaration":
                for definition in node.named_children:
                    if definition.type == "type_definition":
                        decl = self.read_type(definition)
                        decl.attributes.update(pending_attributes)
                        decl.doc = decl.doc or doc
                        result.types.append(decl)
            elif kind == "global_var_declaration_block":
                result.globals.extend(self.read_globals(node, pending_attributes))
            elif kind in ("var_global",):
                result.globals.extend(self.read_globals_block(node, pending_attributes))
            elif kind == "configuration_declaration":
                result.configurations.append(self.read_configuration(node))
            pending_attributes = {}
            pending_doc = []
        share_qualified_only(result.globals)
        return result

    # --- POUs ------------------------------------------------------------------------------

    def read_pou(self, node: Node, parent: Pou | None) -> Pou:
        kind = POU_OF_NODE[node.type]
        name_node = node.child_by_field_name("name")
        name = self.name(name_node) or "?"
        if kind is PouKind.METHOD and self.unit.is_action(node):
            kind = PouKind.ACTION
        pou = Pou(
            kind=kind,
            name=name,
            location=self.location(name_node or node),
            span=self.location(node),
            parent=parent,
        )
        return_type = node.child_by_field_name("return_type")
        if return_type is None and kind is PouKind.PROPERTY:
            return_type = node.child_by_field_name("type")
        if return_type is not None:
            pou.return_type = self.type_of(return_type)
        self.apply_header_rewrites(node, pou)
        extends = node.child_by_field_name("extends")
        pou.extends = self.source(extends) or None
        pou.implements = [
            self.name(n) for n in node.children_by_field_name("implements") if n.is_named
        ]
        pending_attributes: dict[str, str] = {}
        for child in node.children:
            if not child.is_named:
                word = child.type.upper()
                if word in ACCESS:
                    pou.access = word
                elif word == "ABSTRACT":
                    pou.abstract = True
                continue
            if child.type == "pragma":
                pending_attributes.update(self.attributes_of(child))
            elif child.type in SECTION_OF_NODE:
                pou.variables.extend(self.read_section(child, pou))
            elif child.type in POU_OF_NODE:
                member = self.read_pou(child, pou)
                member.attributes.update(pending_attributes)
                pending_attributes = {}
                table = {
                    PouKind.METHOD: pou.methods,
                    PouKind.ACTION: pou.actions,
                    PouKind.PROPERTY: pou.properties,
                }[member.kind]
                table[member.key] = member
            elif child.type == "property_accessor":
                self.read_accessor(child, pou)
            elif child.type == "_access_modifier" or child.type == "access_modifier":
                pou.access = self.source(child).upper()
        pou.body = node.children_by_field_name("body")
        return pou

    def apply_header_rewrites(self, node: Node, pou: Pou) -> None:
        """What lowering took out of the header: modifiers, pragmas, SCL attributes, block kinds."""
        for rewrite in self.unit.header_rewrites(node):
            detail = rewrite.detail
            if rewrite.kind is RewriteKind.POU_MODIFIER:
                for word in str(detail.get("modifier", "")).upper().split():
                    if word in ACCESS:
                        pou.access = word
                    elif word == "ABSTRACT":
                        pou.abstract = True
            elif rewrite.kind is RewriteKind.PRAGMA:
                for name, value in detail.get("attributes", ()) or ():
                    pou.attributes[str(name)] = str(value)
            elif rewrite.kind is RewriteKind.SCL_ATTRIBUTE:
                pou.attributes[str(detail.get("attribute"))] = str(detail.get("value", ""))
            elif rewrite.kind in (RewriteKind.ORGANIZATION_BLOCK, RewriteKind.DATA_BLOCK):
                pou.block_kind = rewrite.kind.name
            elif rewrite.kind is RewriteKind.PROGRAM_AS_FUNCTION_BLOCK:
                pou.kind = PouKind.PROGRAM

    def read_accessor(self, node: Node, pou: Pou) -> None:
        keyword = next((c.type.upper() for c in node.children if not c.is_named), "GET")
        keyword = "SET" if keyword == "SET" else "GET"
        pou.accessors[keyword] = node.children_by_field_name("body")
        for child in node.named_children:
            if child.type in SECTION_OF_NODE:
                pou.variables.extend(self.read_section(child, pou))

    # --- variables -------------------------------------------------------------------------

    def section_of(self, node: Node) -> Section:
        section = SECTION_OF_NODE[node.type]
        if section is Section.VAR:
            rewritten = self.unit.section_rewrite(node)
            if rewritten is not None:
                return rewritten
        return section

    def read_section(self, node: Node, owner: Pou | GlobalList | None) -> list[Variable]:
        section = self.section_of(node)
        qualifiers = frozenset(
            self.source(q).upper()
            for q_list in node.named_children
            if q_list.type == "var_qualifier_list"
            for q in q_list.named_children
        )
        return self.read_declaration_list(
            node.named_children,
            "variable_declaration",
            lambda child: self.read_variable(child, section, qualifiers, owner),
        )

    def read_declaration_list(
        self,
        children: list[Node],
        declaration_type: str,
        read_one: Callable[[Node], list[Variable]],
    ) -> list[Variable]:
        """Declarations with the pragmas before them and their documentation comment.

        A comment on the same line after a declaration documents it; comment
        lines directly before a declaration document it too (the two styles
        TwinCAT and CODESYS libraries use).
        """
        variables: list[Variable] = []
        pending_attributes: dict[str, str] = {}
        pending_doc: list[str] = []
        last: list[Variable] = []
        last_node: Node | None = None
        for child in children:
            if child.type == "pragma":
                pending_attributes.update(self.attributes_of(child))
            elif child.type == "comment":
                if last_node is not None and last_node.end_point.row == child.start_point.row:
                    for variable in last:
                        variable.doc = self.comment_text(child)
                else:
                    pending_doc.append(self.comment_text(child))
            elif child.type == declaration_type:
                last = read_one(child)
                last_node = child
                for variable in last:
                    variable.attributes.update(pending_attributes)
                    variable.doc = "\n".join(pending_doc) or None
                variables.extend(last)
                pending_attributes = {}
                pending_doc = []
        return variables

    def read_variable(
        self,
        node: Node,
        section: Section,
        qualifiers: frozenset[str],
        owner: Pou | GlobalList | TypeDecl | None,
    ) -> list[Variable]:
        type_node = node.child_by_field_name("type")
        type_ref = self.type_of(type_node) if type_node is not None else UnknownType("no type")
        initial = node.child_by_field_name("initial_value") or node.child_by_field_name("default")
        address = node.child_by_field_name("address")
        return [
            Variable(
                name=self.name(name),
                location=self.location(name),
                section=section,
                type=type_ref,
                declaration=self.location(node),
                qualifiers=qualifiers,
                initial_value=self.source(initial) or None,
                address=self.unit.original_text(address) if address is not None else None,
                owner=owner,
            )
            for name in node.children_by_field_name("names")
            if name.is_named  # the grammar also tags the separating commas
        ]

    # --- types -----------------------------------------------------------------------------

    def type_of(self, node: Node) -> TypeRef:
        kind = node.type
        if kind == "elementary_type":
            word = self.source(node).upper()
            if word in ("STRING", "WSTRING"):
                return StringType(wide=word == "WSTRING", length=None)
            return elementary(word) or NamedType(self.source(node))
        if kind == "string_type":
            length = node.child_by_field_name("length")
            wide = self.source(node).lstrip().upper().startswith("WSTRING")
            length_text = self.source(length) or None
            value = integer_value(length_text) if length_text else None
            return StringType(wide=wide, length=value, length_text=length_text)
        if kind == "generic_type":
            return GenericType(self.source(node).upper())
        if kind in ("identifier", "qualified_identifier"):
            name = self.unit.identifier_name(node)
            if name.upper().startswith("ANY"):
                return GenericType(name.upper())
            return NamedType(name)
        if kind == "array_type":
            dimensions = tuple(
                self.dimension(range_node) for range_node in node.children_by_field_name("range")
            )
            element = node.child_by_field_name("element_type")
            return ArrayType(dimensions, self.type_of(element) if element else UnknownType())
        if kind == "pointer_type":
            target = node.child_by_field_name("target")
            return PointerType(self.type_of(target) if target else UnknownType())
        if kind == "reference_type":
            target = node.child_by_field_name("target")
            return ReferenceType(
                self.type_of(target) if target else UnknownType(),
                implicit=self.unit.is_reference_to(node),
            )
        if kind == "subrange_type":
            base = next((c for c in node.named_children if c.type == "elementary_type"), None)
            lower = self.source(node.child_by_field_name("lower"))
            upper = self.source(node.child_by_field_name("upper"))
            return SubrangeType(
                self.type_of(base) if base else UnknownType(),
                lower,
                upper,
                integer_value(lower),
                integer_value(upper),
            )
        if kind == "enumerated_type_inline":
            members = tuple(
                self.source(e.child_by_field_name("name"))
                for e in node.named_children
                if e.type == "enumerator"
            )
            base_name = self.unit.enum_base_type(node)
            return EnumType(members, elementary(base_name) if base_name else None)
        if kind == "structure_type_inline":
            names = tuple(
                self.source(f.child_by_field_name("name"))
                for f in node.named_children
                if f.type == "structure_field"
            )
            return StructType(names)
        return UnknownType(f"unsupported type syntax {kind}")

    def dimension(self, node: Node) -> Dimension:
        lower = self.source(node.child_by_field_name("lower"))
        upper = self.source(node.child_by_field_name("upper"))
        return Dimension(lower, upper, integer_value(lower), integer_value(upper))

    def read_type(self, node: Node) -> TypeDecl:
        name_node = node.child_by_field_name("name")
        definition = node.child_by_field_name("definition")
        type_ref = self.type_of(definition) if definition is not None else UnknownType()
        kind = {
            StructType: TypeKind.STRUCT,
            EnumType: TypeKind.ENUM,
            SubrangeType: TypeKind.SUBRANGE,
            ArrayType: TypeKind.ARRAY,
        }.get(type(type_ref), TypeKind.ALIAS)
        decl = TypeDecl(
            name=self.name(name_node),
            location=self.location(name_node or node),
            kind=kind,
            definition=type_ref,
            span=self.location(node),
        )
        if kind is TypeKind.STRUCT and self.unit.is_union(definition):
            decl.kind = TypeKind.UNION
        decl.extends = self.unit.struct_base(node)
        if definition is not None and definition.type == "structure_type_inline":
            decl.fields = self.read_declaration_list(
                definition.named_children,
                "structure_field",
                lambda field_node: self.read_struct_field(field_node, decl),
            )
        if definition is not None and definition.type == "enumerated_type_inline":
            for enumerator in definition.named_children:
                if enumerator.type == "enumerator":
                    member_name = enumerator.child_by_field_name("name")
                    value = enumerator.child_by_field_name("value")
                    decl.members.append(
                        EnumMember(
                            self.source(member_name),
                            self.location(member_name or enumerator),
                            self.source(value) or None,
                            decl,
                        )
                    )
        return decl

    def read_struct_field(self, node: Node, owner: TypeDecl) -> list[Variable]:
        type_node = node.child_by_field_name("type")
        initial = node.child_by_field_name("default") or node.child_by_field_name("initial_value")
        names = [
            n
            for n in node.children_by_field_name("name") or node.children_by_field_name("names")
            if n.is_named
        ]
        return [
            Variable(
                name=self.name(name),
                location=self.location(name),
                section=Section.STRUCT_FIELD,
                type=self.type_of(type_node) if type_node is not None else UnknownType(),
                declaration=self.location(node),
                initial_value=self.source(initial) or None,
                owner=owner,
            )
            for name in names
        ]

    # --- globals and configurations -------------------------------------------------------

    def read_globals(self, node: Node, attributes: dict[str, str]) -> list[GlobalList]:
        lists: list[GlobalList] = []
        pending = dict(attributes)
        for child in node.named_children:
            if child.type == "pragma":
                pending.update(self.attributes_of(child))
            elif child.type in SECTION_OF_NODE:
                lists.extend(self.read_globals_block(child, pending))
                pending = {}
        return lists

    def read_globals_block(self, node: Node, attributes: dict[str, str]) -> list[GlobalList]:
        gvl = GlobalList(
            name=self.gvl_name(),
            location=self.location(node),
            attributes=dict(attributes),
            qualified_only=written_qualified_only(attributes),
        )
        gvl.variables = self.read_section(node, gvl)
        return [gvl]

    def gvl_name(self) -> str | None:
        """The name that qualifies a global list's variables (``GVL_IO.bStart``).

        Containers name their GVLs; a plain file holding a VAR_GLOBAL block is
        named after the file, as CODESYS and TwinCAT name a GVL object.
        """
        document = self.unit.document
        if document.container_name:
            return document.container_name
        if document.origin is Origin.PLAIN and not document.path.name.startswith("<"):
            return document.path.stem
        return None

    def read_configuration(self, node: Node) -> Configuration:
        name_node = node.child_by_field_name("name")
        config = Configuration(self.source(name_node), self.location(name_node or node))
        self.read_resource_items(node, config)
        return config

    def read_resource_items(self, node: Node, config: Configuration) -> None:
        for child in node.named_children:
            if child.type == "resource_declaration":
                config.resources.append(self.source(child.child_by_field_name("name")))
                self.read_resource_items(child, config)
            elif child.type == "task_declaration":
                name_node = child.child_by_field_name("name")
                task = Task(self.source(name_node), self.location(name_node or child))
                for parameter in child.named_children:
                    if parameter.type != "task_parameter":
                        continue
                    key = self.source(parameter.child_by_field_name("name")).upper()
                    value = self.source(parameter.child_by_field_name("value"))
                    if key == "INTERVAL":
                        task.interval = value
                    elif key == "PRIORITY":
                        task.priority = integer_value(value)
                    elif key == "SINGLE":
                        task.single = value
                config.tasks.append(task)
            elif child.type == "program_assignment":
                name_node = child.child_by_field_name("name")
                config.programs.append(
                    ProgramInstance(
                        self.source(name_node),
                        self.location(name_node or child),
                        self.source(child.child_by_field_name("program_type")),
                        self.source(child.child_by_field_name("task")) or None,
                    )
                )
            elif child.type in SECTION_OF_NODE:
                config.globals.extend(self.read_globals_block(child, {}))

    # --- comments and pragmas --------------------------------------------------------------

    def attributes_of(self, node: Node) -> dict[str, str]:
        raw = self.text[node.start_byte : node.end_byte]
        return {
            m.group(1).decode("utf-8", "replace"): (m.group(2) or b"").decode("utf-8", "replace")
            for m in ATTRIBUTE.finditer(raw)
        }

    def comment_text(self, node: Node) -> str:
        text = self.source(node).strip()
        if (text.startswith("(*") and text.endswith("*)")) or (
            text.startswith("/*") and text.endswith("*/")
        ):
            text = text[2:-2]
        elif text.startswith("//"):
            text = text[2:]
        return text.strip()


def read_declarations(unit: StUnit) -> FileDeclarations:
    return DeclarationReader(unit).read()


def written_qualified_only(attributes: dict[str, str]) -> bool:
    """Whether ``{attribute 'qualified_only'}`` is among ``attributes`` (any case)."""
    return "qualified_only" in {name.lower() for name in attributes}


def share_qualified_only(blocks: Iterable[GlobalList]) -> None:
    """Give every block of a GVL the GVL's ``qualified_only``.

    In CODESYS and TwinCAT the attribute stands above the GVL's first block and
    belongs to the GVL object, so it covers the blocks after it as well
    (``VAR_GLOBAL CONSTANT``, ``RETAIN``, ``PERSISTENT``). ``blocks`` are the global
    lists of one file in file order; those of one name form one GVL (a plain file is
    one GVL named after it, a container names each of its GVLs). Each block's own
    ``attributes`` stay as written above it, so this can run again after an edit.
    """
    qualified: set[str | None] = set()
    for gvl in blocks:
        name = key(gvl.name) if gvl.name else None
        gvl.qualified_only = name in qualified or written_qualified_only(gvl.attributes)
        if gvl.qualified_only:
            qualified.add(name)
