"""Helpers rules use to look at code: statements, descendants, branches, types.

Rules read the syntax tree that the semantic model was built from, and the
model's results for it (uses, expression types), never a second parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou
from werk.tools.st.model.types import ElementaryType, TypeRef

BRANCHING = frozenset(
    {
        "if_statement",
        "elsif_clause",
        "else_clause",
        "case_statement",
        "case_clause",
        "for_statement",
        "while_statement",
    }
)
POU_NODES = frozenset(
    {
        "program_declaration",
        "function_declaration",
        "function_block_declaration",
        "method_declaration",
        "property_declaration",
        "property_accessor",
    }
)


def statements(pou: Pou) -> list[Node]:
    """The POU's top-level statements (a property's GET and SET bodies included)."""
    found = list(pou.body)
    for accessor in pou.accessors.values():
        found.extend(accessor)
    return found


def descendants(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every named node under ``nodes``, themselves included, in source order."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.named_children))


def of_type(nodes: Iterable[Node], *types: str) -> Iterator[Node]:
    wanted = frozenset(types)
    return (node for node in descendants(nodes) if node.type in wanted)


def enclosing_branches(node: Node) -> list[Node]:
    """The IF/CASE/loop constructs around ``node`` inside its POU, innermost first."""
    found = []
    current = node.parent
    while current is not None and current.type not in POU_NODES:
        if current.type in BRANCHING:
            found.append(current)
        current = current.parent
    return found


def is_conditional(node: Node) -> bool:
    """Whether ``node`` runs only on some scan cycles (inside IF, CASE, or a loop body)."""
    return bool(enclosing_branches(node))


def operator(node: Node) -> str:
    """The operator of a binary or unary expression, upper case (``=``, ``AND``, ``MOD``)."""
    field = node.child_by_field_name("operator")
    if field is not None:
        return (field.text or b"").decode().upper()
    for child in node.children:
        if not child.is_named:
            return child.type.upper()
    return ""


def expression_type(analysis: PouAnalysis, node: Node | None) -> TypeRef | None:
    if node is None:
        return None
    return analysis.expression_types.get((node.start_byte, node.end_byte))


def elementary_name(project: Project, type_ref: TypeRef | None) -> str | None:
    """``REAL``, ``INT``... when the type resolves to an elementary type, else None."""
    if type_ref is None:
        return None
    resolved = project.resolve_alias(type_ref)
    return resolved.name if isinstance(resolved, ElementaryType) else None
