"""Names used in declarations rather than in code (IEC 61131-3 §6.5).

The semantic model resolves every name in statements, and the type name of
each POU variable. A type is named in more places than that: the type of a
struct field or of a global variable, ``ARRAY[..] OF FB_Pump``,
``POINTER TO ST_Data``, ``EXTENDS``/``IMPLEMENTS``, a return type, an alias;
an enumeration member or a constant is named in initial values and array
bounds. Renaming ``FB_Pump`` or ``E_Mode.Auto`` must reach those too, so they
are collected here, per unit (kept until the unit is replaced by an edit),
and resolved on demand for the one name asked about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from tree_sitter import Node

from werk.lsp.cursor import all_pous_of
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import PouScope, members_of_symbol
from werk.tools.st.model.symbols import Pou, PouKind, key
from werk.tools.st.model.uses import Symbol
from werk.tools.st.unit import StUnit

POU_NODES = frozenset(
    {
        "program_declaration",
        "function_declaration",
        "function_block_declaration",
        "interface_declaration",
        "method_declaration",
        "method_signature",
        "property_declaration",
        "property_signature",
    }
)
# Fields whose identifier names a type.
TYPE_FIELDS = frozenset(
    {
        "type",
        "element_type",
        "target",
        "extends",
        "implements",
        "return_type",
        "definition",
        "program_type",
    }
)
# Statements (resolved by the model) and declared names (declarations, not uses).
SKIPPED_FIELDS = frozenset({"body", "name", "names"})
SKIPPED_NODES = frozenset({"comment", "pragma"})
TYPE_POUS = frozenset({PouKind.FUNCTION_BLOCK, PouKind.PROGRAM, PouKind.INTERFACE})
MENTIONS = "werk.lsp.declaration-mentions"


class Role(Enum):
    TYPE = "type"  # names a type: resolved among FBs, programs, interfaces and types
    VALUE = "value"  # names a value: resolved in the scope of the enclosing POU


@dataclass(frozen=True)
class Mention:
    """A name in a declaration, as a span of its unit's lowered text."""

    start: int
    end: int
    name: str
    role: Role
    pou: Pou | None  # the POU whose declaration holds it
    member_of: str | None = None  # ``E_Mode`` in ``E_Mode.Auto``


def mentions_in(project: Project, unit: StUnit) -> dict[str, list[Mention]]:
    """The unit's mentions by name key, computed once per unit."""
    return project.derived_from_unit(unit, MENTIONS, collect)


def collect(unit: StUnit) -> dict[str, list[Mention]]:
    pous_by_start = {pou.span.start: pou for pou in all_pous_of(unit)}
    found: dict[str, list[Mention]] = defaultdict(list)
    pending: list[tuple[Node, Pou | None]] = [(unit.tree.root_node, None)]
    while pending:
        node, pou = pending.pop()
        for index, child in enumerate(node.children):
            if not child.is_named or child.type in SKIPPED_NODES:
                continue
            field = node.field_name_for_child(index)
            if field in SKIPPED_FIELDS:
                continue
            if child.type == "identifier":
                mention = _mention(unit, node, child, field, pou)
                if mention is not None:
                    found[key(mention.name)].append(mention)
                continue
            inner = pous_by_start.get(child.start_byte, pou) if child.type in POU_NODES else pou
            pending.append((child, inner))
    return dict(found)


def _mention(
    unit: StUnit, parent: Node, node: Node, field: str | None, pou: Pou | None
) -> Mention | None:
    name = unit.identifier_name(node)
    role = Role.TYPE if field in TYPE_FIELDS else Role.VALUE
    member_of: str | None = None
    if parent.type == "member_access_expression" and field == "member":
        owner = parent.child_by_field_name("object")
        if owner is None or owner.type != "identifier":
            return None  # ``a.b.c``: deeper than declarations go
        member_of = unit.identifier_name(owner)
    return Mention(node.start_byte, node.end_byte, name, role, pou, member_of)


class MentionResolver:
    """Resolves mentions for one request, building each POU's scope once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._scopes: dict[Pou, PouScope] = {}

    def resolve(self, mention: Mention) -> Symbol | None:
        project = self.project
        if mention.role is Role.TYPE:
            pou = project.find_pou(mention.name)
            if pou is not None and pou.kind in TYPE_POUS:
                return pou
            return project.find_type(mention.name)
        if mention.member_of is not None:
            owner = self._lookup(mention.member_of, mention.pou)
            return members_of_symbol(owner, project)(mention.name) if owner is not None else None
        return self._lookup(mention.name, mention.pou)

    def _lookup(self, name: str, pou: Pou | None) -> Symbol | None:
        if pou is None:
            return self.project.lookup_global_name(name)
        scope = self._scopes.get(pou)
        if scope is None:
            scope = self._scopes[pou] = PouScope(pou, self.project)
        return scope.lookup(name)
