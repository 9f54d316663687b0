"""Every place a symbol is named: its declaration, its uses in code, its mentions in
declarations. References, document highlights and rename are views of this list.

Uses in code come from the semantic model's reference index
(``Project.references``), with how each one uses the symbol (read, write,
call...). Mentions in declarations (``mentions``) are added for symbols that
can be named there: types, enumeration members, global and local constants.
A struct's ``EXTENDS`` clause is removed by dialect lowering before parsing,
so it is found in the file's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from werk.lsp.features.mentions import MentionResolver, mentions_in
from werk.lsp.features.places import Span, name_span, span_of
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Location,
    Pou,
    PouKind,
    TypeDecl,
    Variable,
)
from werk.tools.st.model.uses import Symbol
from werk.tools.st.unit import StUnit

DECLARATION = "declaration"
TYPE_USE = "type"
READ = "read"
# Kinds of symbol named in other POUs' or types' declarations.
GLOBAL_POUS = frozenset(
    {PouKind.FUNCTION_BLOCK, PouKind.PROGRAM, PouKind.INTERFACE, PouKind.FUNCTION}
)
STRUCT_BASE_WINDOW = 400  # bytes after a struct's name where its EXTENDS clause may be


@dataclass(frozen=True)
class Occurrence:
    span: Span
    kind: str  # DECLARATION, or how the code uses the symbol (a ``UseKind`` value)
    pou: Pou | None  # the POU whose code or declaration names it
    member: bool = False  # reached as a member (``fbPump.bRun``): no scope lookup there


def occurrences(
    workspace: StWorkspace, symbol: Symbol, *, include_declaration: bool = True
) -> list[Occurrence]:
    """Every occurrence of ``symbol`` in the project, in file order, each once."""
    found: dict[tuple[Path, int], Occurrence] = {}

    def add(occurrence: Occurrence) -> None:
        found.setdefault((occurrence.span.path, occurrence.span.start), occurrence)

    if include_declaration:
        declared = name_span(workspace, symbol)
        if declared is not None:
            owner = symbol if isinstance(symbol, Pou) else _owner_pou(symbol)
            add(Occurrence(declared, DECLARATION, owner))
    for use in workspace.project.references(symbol):
        location = use.location
        add(Occurrence(span_of(location), use.kind.value, use.pou, is_member(location)))
    for occurrence in _declaration_mentions(workspace, symbol):
        add(occurrence)
    if isinstance(symbol, TypeDecl):
        for occurrence in _struct_bases(workspace, symbol):
            add(occurrence)
    return sorted(found.values(), key=lambda o: (str(o.span.path), o.span.start))


def is_member(location: Location) -> bool:
    """Whether the name follows a ``.``: a member access, resolved in its object's type."""
    text = location.unit.lowered.text
    before = text[max(0, location.start - 64) : location.start].rstrip()
    return before.endswith(b".")


def _owner_pou(symbol: Symbol) -> Pou | None:
    owner = getattr(symbol, "owner", None)
    return owner if isinstance(owner, Pou) else None


def _units_naming(workspace: StWorkspace, symbol: Symbol) -> Iterable[StUnit]:
    """Units whose declarations may name ``symbol``: its own for a local, all for globals."""
    project = workspace.project
    if isinstance(symbol, Variable):
        owner = symbol.owner
        if isinstance(owner, Pou):
            return [owner.location.unit]
        if isinstance(owner, GlobalList):
            return project.units()
        return []
    if isinstance(symbol, Pou):
        return project.units() if symbol.kind in GLOBAL_POUS and symbol.parent is None else []
    if isinstance(symbol, TypeDecl | EnumMember | GlobalList):
        return project.units()
    return []


def _declaration_mentions(workspace: StWorkspace, symbol: Symbol) -> Iterator[Occurrence]:
    project = workspace.project
    wanted = getattr(symbol, "key", None) or (symbol.name or "").lower()
    resolver = MentionResolver(project)
    for unit in _units_naming(workspace, symbol):
        for mention in mentions_in(project, unit).get(wanted, ()):
            if resolver.resolve(mention) is not symbol:
                continue
            kind = TYPE_USE if isinstance(symbol, Pou | TypeDecl) else READ
            location = Location(unit, mention.start, mention.end)
            yield Occurrence(span_of(location), kind, mention.pou, mention.member_of is not None)


def _struct_bases(workspace: StWorkspace, base: TypeDecl) -> Iterator[Occurrence]:
    """``STRUCT_B EXTENDS ST_Base``: the base's name in the user's file."""
    project = workspace.project
    pattern = re.compile(rb"\bEXTENDS\s+(" + re.escape(base.name.encode()) + rb")\b", re.I)
    for decl in project.types.values():
        if decl.extends is None or decl.extends.lower() != base.key:
            continue
        if project.find_type(decl.extends) is not base or project.is_standard(decl):
            continue
        name = span_of(decl.location)
        data = workspace.data(name.path)
        found = pattern.search(data, name.end, name.end + STRUCT_BASE_WINDOW)
        if found is not None:
            yield Occurrence(Span(name.path, found.start(1), found.end(1)), TYPE_USE, None)
