"""The ranked repository map in a ghost-text prompt, personalised to the file and the cursor.

The same map the agent reads (``werk.tools.code``: ``ReferenceGraph`` and
``render_map``), ranked towards the file being edited, with the definitions
of the identifiers near the cursor that other files define lifted to its
top, so a model completing ``compute_flow(`` or ``fbValve(`` sees their
signatures first.

Keystrokes must not pay for it. The index is the server's (``CodeIndex``),
refreshed from a worker thread (``refresh``); the reference graph is built
again only when the indexed content changed, not each time the index is
re-scanned. PageRank runs once per (index content, file), in that worker
thread too (``warm``): on a repository of a thousand files it costs tens of
milliseconds, too much for every new set of names near the cursor, so the
names are applied by lifting their definitions to the top, as
``rank(mentioned_identifiers=...)`` scores them first too. The rendered map
is kept per (file, names, budget).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import overload

from werk.lsp.inline.context import IDENTIFIER
from werk.tools.code import (
    RankedDefinition,
    ReferenceGraph,
    RepoRanking,
    SymbolIndex,
    Tag,
    render_map,
)
from werk.tools.code.repomap import CHARS_PER_TOKEN

LINES_BEFORE = 4
"""Lines before the cursor (its own included) whose names count as near it."""
LINES_AFTER = 2
MAX_NAMES = 8
MAX_MAPS = 32
MAX_RANKINGS = 16


def names_near(prefix: str, suffix: str) -> list[str]:
    """Identifiers around the cursor, each once: its own line's first, then the lines around."""
    start = len(prefix)
    for _ in range(LINES_BEFORE):
        start = prefix.rfind("\n", 0, start)
        if start < 0:
            break
    end = 0
    for _ in range(LINES_AFTER + 1):
        end = suffix.find("\n", end) + 1
        if end == 0:
            end = len(suffix)
            break
    line_start = prefix.rfind("\n") + 1
    line_end = suffix.find("\n")
    own_line = prefix[line_start:] + suffix[: len(suffix) if line_end < 0 else line_end]
    around = prefix[start + 1 : line_start] + suffix[:end]
    return list(dict.fromkeys(IDENTIFIER.findall(own_line) + IDENTIFIER.findall(around)))


@dataclass
class _Built:
    """One index content: its graph, its rankings per file and the maps rendered from them."""

    index: SymbolIndex
    root: Path
    fingerprint: int
    graph: ReferenceGraph
    numbers: dict[Tag, int]
    """Each definition's position in the graph."""
    rankings: dict[str, RepoRanking] = field(default_factory=dict)
    maps: OrderedDict[tuple[str, tuple[str, ...], int], str] = field(default_factory=OrderedDict)

    @classmethod
    def of(cls, index: SymbolIndex, fingerprint: int) -> _Built:
        graph = ReferenceGraph.from_index(index)
        numbers = {tag: number for number, tag in enumerate(graph.definitions)}
        return cls(index, index.root.resolve(), fingerprint, graph, numbers)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else ""

    def defined_elsewhere(self, names: Iterable[str], focus: str) -> tuple[str, ...]:
        """The names another file of the index defines, sorted (the key of a map)."""
        found: set[str] = set()
        for name in names:
            if any(tag.path != focus for tag in self.index.definitions(name)):
                found.add(name)
                if len(found) == MAX_NAMES:
                    break
        return tuple(sorted(found))

    def ranking(self, focus: str) -> RepoRanking:
        found = self.rankings.get(focus)
        if found is None:
            found = self.graph.rank(focus_files=[focus] if focus else [])
            if len(self.rankings) >= MAX_RANKINGS:
                self.rankings.clear()
            self.rankings[focus] = found
        return found

    def lifted(self, ranking: RepoRanking, names: Sequence[str], focus: str) -> RepoRanking:
        """``ranking`` with the definitions of ``names`` outside ``focus`` first."""
        graph = self.graph
        chosen: list[RankedDefinition] = []
        seen: set[Tag] = set()
        for name in names:
            for tag in self.index.definitions(name):
                number = self.numbers.get(tag)
                if tag.path == focus or number is None or tag in seen:
                    continue
                seen.add(tag)
                outer = tuple(graph.definitions[n] for n in graph.enclosing[number])
                chosen.append(RankedDefinition(tag, 0.0, outer))
        if not chosen:
            return ranking
        definitions = _Lifted(chosen, ranking.definitions)
        return RepoRanking(ranking.file_ranks, definitions, ranking.focus_files)


class _Lifted(Sequence[RankedDefinition]):
    """Some definitions first, then the ranking's others in their order, read lazily."""

    def __init__(self, first: list[RankedDefinition], rest: Sequence[RankedDefinition]) -> None:
        self._first = first
        self._first_tags = {item.tag for item in first}
        self._rest = rest

    def __len__(self) -> int:
        return len(self._rest)  # the first ones are definitions of the ranking too

    @overload
    def __getitem__(self, position: int) -> RankedDefinition: ...

    @overload
    def __getitem__(self, position: slice) -> list[RankedDefinition]: ...

    def __getitem__(self, position: int | slice) -> RankedDefinition | list[RankedDefinition]:
        if isinstance(position, int):
            return self._head(position + 1)[position]
        start, stop, step = position.indices(len(self))
        return self._head(stop)[start:stop:step]

    def _head(self, count: int) -> list[RankedDefinition]:
        head = self._first[:count]
        wanted = count - len(head)
        if wanted > 0:
            taken = self._rest[: wanted + len(self._first_tags)]
            head += [item for item in taken if item.tag not in self._first_tags][:wanted]
        return head


class RepositoryMap:
    """The ranked map for ghost text, kept between requests."""

    def __init__(self) -> None:
        self._built: _Built | None = None  # replaced whole, so a worker thread may refresh it

    @property
    def ready(self) -> bool:
        """Whether a graph was built: requests can use it while a newer one is made."""
        return self._built is not None

    def refresh(self, index: SymbolIndex | None) -> bool:
        """Follow a new build of the index; True when its content changed (a new graph)."""
        built = self._built
        if index is None or (built is not None and built.index is index):
            return False
        fingerprint = content_fingerprint(index)
        if built is not None and built.fingerprint == fingerprint:
            self._built = replace(built, index=index)
            return False
        self._built = _Built.of(index, fingerprint)
        return True

    def warm(self, focus: Path) -> None:
        """Rank for the file ``focus`` now (from the worker thread), not on a keystroke."""
        built = self._built
        if built is not None:
            built.ranking(built.relative(focus))

    def text(self, focus: Path, names: Iterable[str], budget_chars: int) -> str:
        """The map for the file ``focus`` (absolute) and the names near the cursor."""
        built = self._built
        if built is None or budget_chars < CHARS_PER_TOKEN:
            return ""
        relative = built.relative(focus)
        mentioned = built.defined_elsewhere(names, relative)
        key = (relative, mentioned, budget_chars)
        found = built.maps.get(key)
        if found is None:
            ranking = built.lifted(built.ranking(relative), mentioned, relative)
            found = built.maps[key] = render_map(ranking, budget_chars // CHARS_PER_TOKEN)
            while len(built.maps) > MAX_MAPS:
                built.maps.popitem(last=False)
        built.maps.move_to_end(key)
        return found


def content_fingerprint(index: SymbolIndex) -> int:
    """Equal for two builds of unchanged files (the server re-scans every few seconds)."""
    return hash(frozenset((path, indexed.content_hash) for path, indexed in index.files.items()))
