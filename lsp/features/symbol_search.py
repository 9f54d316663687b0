"""Finding symbols by a few typed letters, for ``workspace/symbol``.

A query matches a name case-insensitively as a substring, or by camel humps
(``fbp`` finds ``FB_Pump``, ``tdel`` finds ``tonDelay``): each letter either
continues the word the previous one matched in or starts a later word.
Exact names rank first, then prefixes, substrings and humps, shorter names
before longer. The symbols of each unit are listed once and kept until the
unit is edited, so a query on a 30,000-line project only scans names.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from werk.lsp.cursor import all_pous_of
from werk.lsp.features.symbol_kinds import pou_kind, type_kind, variable_kind
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.symbols import Location
from werk.tools.st.unit import StUnit

WORKSPACE_SYMBOLS = "werk.lsp.workspace-symbols"
MAX_WORKSPACE_SYMBOLS = 500


@dataclass(frozen=True)
class Entry:
    name: str
    folded: str
    kind: types.SymbolKind
    location: Location
    container: str | None


def entries_of(unit: StUnit) -> list[Entry]:
    """Every symbol a unit declares, for matching against queries."""
    found: list[Entry] = []

    def add(
        name: str | None, kind: types.SymbolKind, location: Location, container: str | None
    ) -> None:
        if name:
            found.append(Entry(name, name.lower(), kind, location, container))

    declarations = unit.declarations
    for pou in all_pous_of(unit):
        container = pou.parent.qualified_name if pou.parent is not None else None
        add(pou.name, pou_kind(pou), pou.location, container)
        for variable in pou.variables:
            add(variable.name, variable_kind(variable), variable.location, pou.qualified_name)
    for decl in declarations.types:
        add(decl.name, type_kind(decl), decl.location, None)
        for field_ in decl.fields:
            add(field_.name, types.SymbolKind.Field, field_.location, decl.name)
        for member in decl.members:
            add(member.name, types.SymbolKind.EnumMember, member.location, decl.name)
    lists = [*declarations.globals, *(g for c in declarations.configurations for g in c.globals)]
    for gvl in lists:
        for variable in gvl.variables:
            add(variable.name, variable_kind(variable), variable.location, gvl.name)
    return found


def search(workspace: StWorkspace, query: str) -> list[Entry]:
    """The symbols matching ``query``, best matches first."""
    project = workspace.project
    wanted = query.strip().lower()
    scored: list[tuple[int, int, str, Entry]] = []
    for unit in project.units():
        for entry in project.derived_from_unit(unit, WORKSPACE_SYMBOLS, entries_of):
            score = match_score(wanted, entry)
            if score is not None:
                scored.append((score, len(entry.name), entry.folded, entry))
    scored.sort(key=lambda item: item[:3])
    return [entry for *_, entry in scored[:MAX_WORKSPACE_SYMBOLS]]


def match_score(query: str, entry: Entry) -> int | None:
    """0 exact, 1 prefix, 2 substring, 3 camel humps; None: no match (query folded)."""
    folded = entry.folded
    if not query:
        return 3
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    if query in folded:
        return 2
    if is_subsequence(query, folded) and matches_humps(query, entry.name):
        return 3
    return None


def is_subsequence(query: str, text: str) -> bool:
    position = 0
    for char in query:
        position = text.find(char, position) + 1
        if position == 0:
            return False
    return True


def hump_starts(name: str) -> list[int]:
    """Where the words of a name start: after ``_``, at an upper case letter after a lower
    case one, at the last capital of an acronym before a lower case letter, at digits."""
    starts: list[int] = []
    for index, char in enumerate(name):
        if not char.isalnum():
            continue
        before = name[index - 1] if index > 0 else ""
        after = name[index + 1] if index + 1 < len(name) else ""
        if (
            index == 0
            or not before.isalnum()
            or (char.isupper() and not before.isupper())
            or (char.isupper() and before.isupper() and after.islower())
            or (char.isdigit() and not before.isdigit())
        ):
            starts.append(index)
    return starts


def matches_humps(query: str, name: str) -> bool:
    """Each query character continues the word it is in or starts a later word."""
    folded = name.lower()
    starts = hump_starts(name)
    failed: set[tuple[int, int]] = set()

    def match(at: int, previous: int) -> bool:
        if at == len(query):
            return True
        if (at, previous) in failed:
            return False
        char = query[at]
        following = previous + 1
        continues = previous >= 0 and following < len(folded) and folded[following] == char
        if continues and match(at + 1, following):
            return True
        for start in starts:
            if start > previous and folded[start] == char and match(at + 1, start):
                return True
        failed.add((at, previous))
        return False

    return match(0, -1)
