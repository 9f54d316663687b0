"""The ranked repository map: which definitions of a repository matter for the task at hand.

A model working on some files needs the signatures of what those files use,
and of the repository's central pieces, within a token budget. Three steps,
so that a new focus re-ranks without rescanning:

1. ``ReferenceGraph.from_index(index)``: files are nodes; a file that
   references identifier X has an edge to each file of its language family
   (C and C++ are one) defining X. The weight of an identifier's edges is
   ``sqrt(references)`` (repetition counts, but less and less), split among
   its defining files, times a factor that down-weights names defined in
   many files (``run``, ``init``), names the language itself provides
   (Python's ``len``, ``get``) and private names (``_helper``), and
   up-weights long descriptive names (``compute_flow_rate``,
   ``FB_ValveControl``), which are the rare specific links. A file's
   references to a name it defines itself are taken as local and make no
   edge. Besides its edges, each file keeps a fixed weight for restarting,
   so that weak edges carry little rank even from a file without strong
   ones.
2. ``graph.rank(focus_files=..., mentioned_identifiers=...)``: personalised
   PageRank (``pagerank``) with the teleport mass on the focus files and on
   the files defining mentioned identifiers (and a little on every file, so
   the rest keeps its global order), so that what those files use ranks
   high. A file's rank is then shared over its outgoing edges: each
   definition is ranked by the rank flowing into it, plus a small share of
   its own file's rank, so that an important file's unreferenced
   definitions come before noise; definitions of mentioned identifiers
   count ten times. Edge weights do not depend on the focus, so ranking
   reuses the matrices built once with the graph.
3. ``render_map(ranking, token_budget)``: the best definitions, grouped by
   file, as elided outlines: the file path, then the definition lines (with
   the lines of the classes enclosing them) and ``⋮`` between lines that are
   not adjacent. The number of definitions is the largest that fits the
   budget, found by binary search. Tokens are estimated as
   ``ceil(len(text) / 4)``: about four characters per token is the usual
   rate of BPE tokenizers on English and code, and it needs no tokenizer, so
   it works offline and is the same for every model. Leave a margin when the
   budget is tight.

Focus files are not listed in the map (the agent shows them in full) but
lift their neighbours.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import add, mul
from pathlib import Path, PurePath
from typing import overload

from tree_sitter import Parser

from werk.tools.code.index import SymbolIndex
from werk.tools.code.languages import LanguageSupport, language_named
from werk.tools.code.pagerank import DEFAULT_DAMPING, SparseColumns, TransitionMatrix
from werk.tools.code.tags import Tag
from werk.tools.gc_pause import collection_paused

COMMON_NAME_DEFINERS = 5
"""A name defined in more files than this is common (``run``, ``update``): its edges say little."""
COMMON_NAME_FACTOR = 0.1
AMBIENT_NAME_FACTOR = 0.1
RESTART_WEIGHT = 1.0
"""Each file restarts (teleports) with this weight beside its edges: a file whose only links
are weak (``.get`` calls) passes little of its rank along them. An edge of weight 1, a plain
name referenced once, carries half."""
"""For references to names the language's runtime provides (``len``, ``get``)."""
PRIVATE_NAME_FACTOR = 0.1
DESCRIPTIVE_NAME_LENGTH = 8
DESCRIPTIVE_NAME_FACTOR = 4.0
MENTIONED_FACTOR = 10.0
"""Definitions of identifiers the user mentioned score this much more."""
BACKGROUND_TELEPORT = 0.05
"""Part of the teleport spread over all files, so that files far from the focus keep their
global order instead of all ranking zero."""
OWN_FILE_SHARE = 0.05
"""Part of a file's rank spread evenly over its own definitions, referenced or not."""
ELISION = "⋮"
CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    """Tokens a model will count for ``text``, estimated at four characters per token."""
    return -(-len(text) // CHARS_PER_TOKEN)


@dataclass(frozen=True)
class RankedDefinition:
    tag: Tag
    score: float
    enclosing: tuple[Tag, ...] = ()
    """The definitions around it (a method's class), outermost first: shown with it in the map."""


@dataclass(frozen=True)
class RepoRanking:
    """The outcome of one ranking: files and definitions, best first."""

    file_ranks: Mapping[str, float]
    """Every file's PageRank (they sum to 1), focus files included."""
    definitions: Sequence[RankedDefinition]
    """Definitions outside the focus files, best first."""
    focus_files: frozenset[str]

    def ranked_files(self) -> list[tuple[str, float]]:
        return sorted(self.file_ranks.items(), key=lambda item: (-item[1], item[0]))


class _RankedDefinitions(Sequence[RankedDefinition]):
    """Definitions in rank order, made into ``RankedDefinition``s only when read."""

    def __init__(
        self, graph: ReferenceGraph, scores: Sequence[float], order: Sequence[int]
    ) -> None:
        self._graph = graph
        self._scores = scores
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, position: int) -> RankedDefinition: ...

    @overload
    def __getitem__(self, position: slice) -> list[RankedDefinition]: ...

    def __getitem__(self, position: int | slice) -> RankedDefinition | list[RankedDefinition]:
        if isinstance(position, slice):
            return [self._make(number) for number in self._order[position]]
        return self._make(self._order[position])

    def _make(self, number: int) -> RankedDefinition:
        graph = self._graph
        return RankedDefinition(
            graph.definitions[number],
            self._scores[number],
            tuple(graph.definitions[outer] for outer in graph.enclosing[number]),
        )


@dataclass(frozen=True)
class _Link:
    """The edges one identifier contributes from one referencing file."""

    source: int
    key: str
    weight: float
    targets: tuple[int, ...]


class ReferenceGraph:
    """Files linked by the identifiers they reference and define; built once, ranked often."""

    def __init__(
        self, root: Path, paths: Sequence[str], definitions: Sequence[Tag], links: Sequence[_Link]
    ) -> None:
        self.root = Path(root)
        self.paths = tuple(paths)
        self.node = {path: number for number, path in enumerate(self.paths)}
        self.definitions = tuple(definitions)
        """Every definition, in path and line order; rankings refer to them by position."""
        self.links = tuple(links)
        self.definition_file = tuple(self.node[tag.path] for tag in self.definitions)
        self.enclosing = _enclosing(self.definitions)
        self._by_file_and_key: dict[tuple[int, str], list[int]] = {}
        self._definers: dict[str, list[int]] = {}
        self._keys_by_folded: dict[str, set[str]] = {}
        self._definitions_of_key: dict[str, list[int]] = {}
        per_file = Counter(self.definition_file)
        self._own_share = tuple(OWN_FILE_SHARE / per_file[node] for node in self.definition_file)
        for number, (tag, node) in enumerate(
            zip(self.definitions, self.definition_file, strict=True)
        ):
            slot = self._by_file_and_key.setdefault((node, tag.key), [])
            if not slot:
                self._definers.setdefault(tag.key, []).append(node)
            slot.append(number)
            self._definitions_of_key.setdefault(tag.key, []).append(number)
        for key in self._definers:
            self._keys_by_folded.setdefault(key.lower(), set()).add(key)
        self._transitions, self._flows = self._weighted()

    @classmethod
    def from_index(cls, index: SymbolIndex) -> ReferenceGraph:
        with collection_paused():
            return cls._from_index(index)

    @classmethod
    def _from_index(cls, index: SymbolIndex) -> ReferenceGraph:
        paths = sorted(index.files)
        node = {path: number for number, path in enumerate(paths)}
        languages = {path: _language(index.files[path].language) for path in paths}
        definitions: list[Tag] = []
        definers: dict[tuple[str, str], set[int]] = {}
        spelling: dict[tuple[str, str], str] = {}
        for path in paths:
            family = languages[path].family
            own = sorted(index.files[path].definitions, key=lambda tag: (tag.line, tag.start_byte))
            definitions += own
            for tag in own:
                definers.setdefault((family, tag.key), set()).add(node[path])
                spelling.setdefault((family, tag.key), tag.name)
        factors = {
            linked: identifier_factor(spelling[linked], len(files))
            for linked, files in definers.items()
        }
        links: list[_Link] = []
        for path in paths:
            source = node[path]
            language = languages[path]
            counts = Counter(tag.key for tag in index.files[path].tags if tag.kind == "ref")
            for key, count in counts.items():
                targets = definers.get((language.family, key))
                if not targets or source in targets:
                    continue
                weight = factors[language.family, key] * math.sqrt(count)
                if key in language.ambient_names:
                    weight *= AMBIENT_NAME_FACTOR
                links.append(_Link(source, key, weight, tuple(sorted(targets))))
        return cls(index.root, paths, definitions, links)

    def _weighted(self) -> tuple[TransitionMatrix, SparseColumns]:
        """The file transition matrix, and how a file's rank flows into each definition."""
        size = len(self.paths)
        out_weight = [RESTART_WEIGHT] * size
        for link in self.links:
            out_weight[link.source] += link.weight
        edges: list[tuple[int, int, float]] = []
        flows: list[tuple[int, int, float]] = []
        for link in self.links:
            share = link.weight / len(link.targets)
            for target in link.targets:
                edges.append((link.source, target, share))
                receivers = self._by_file_and_key[target, link.key]
                part = share / out_weight[link.source] / len(receivers)
                flows.extend((link.source, number, part) for number in receivers)
        return (
            TransitionMatrix.from_edges(size, edges, restart_weight=RESTART_WEIGHT),
            SparseColumns.from_entries(len(self.definitions), flows),
        )

    def edges(self) -> dict[tuple[str, str], float]:
        """Total weight from each referencing file to each defining file."""
        total: dict[tuple[str, str], float] = {}
        for link in self.links:
            for target in link.targets:
                pair = (self.paths[link.source], self.paths[target])
                total[pair] = total.get(pair, 0.0) + link.weight / len(link.targets)
        return total

    def rank(
        self,
        focus_files: Iterable[str | PurePath] = (),
        mentioned_identifiers: Iterable[str] = (),
        *,
        damping: float = DEFAULT_DAMPING,
    ) -> RepoRanking:
        """Rank files and definitions for work on ``focus_files`` about ``mentioned_identifiers``.

        Identifiers are matched ignoring case; unknown files and names are ignored.
        """
        focus = frozenset(
            path for path in (self._relative(item) for item in focus_files) if path in self.node
        )
        mentioned = frozenset(
            key
            for name in mentioned_identifiers
            for key in self._keys_by_folded.get(name.lower(), ())
        )
        ranks = self._transitions.pagerank(self._teleport(focus, mentioned), damping=damping)
        own = map(mul, map(ranks.__getitem__, self.definition_file), self._own_share)
        scores = list(map(add, self._flows.product(ranks), own))
        for key in mentioned:
            for number in self._definitions_of_key[key]:
                scores[number] *= MENTIONED_FACTOR
        # Stable: equal scores keep path and line order.
        order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        if focus:
            hidden = {self.node[path] for path in focus}
            order = [number for number in order if self.definition_file[number] not in hidden]
        return RepoRanking(
            dict(zip(self.paths, ranks, strict=True)),
            _RankedDefinitions(self, scores, order),
            focus,
        )

    def _teleport(self, focus: frozenset[str], mentioned: frozenset[str]) -> list[float] | None:
        """Where a random surfer restarts: the focus and the mentioned names' files, mostly."""
        size = len(self.paths)
        chosen = {self.node[path] for path in focus}
        for key in mentioned:
            chosen.update(self._definers[key])
        if not chosen:
            return None  # uniform
        background = BACKGROUND_TELEPORT / size
        teleport = [background] * size
        for node in chosen:
            teleport[node] += (1.0 - BACKGROUND_TELEPORT) / len(chosen)
        return teleport

    def _relative(self, item: str | PurePath) -> str:
        path = PurePath(item)
        if path.is_absolute():
            try:
                path = Path(path).resolve().relative_to(self.root.resolve())
            except ValueError:
                return path.as_posix()
        return path.as_posix()


def _language(name: str) -> LanguageSupport:
    try:
        return language_named(name)
    except KeyError:  # indexed with a language since unregistered: link it to itself only
        return LanguageSupport(name, (), Parser, "")


def _enclosing(definitions: Sequence[Tag]) -> tuple[tuple[int, ...], ...]:
    """For each definition, the definitions of its file whose lines contain its line."""
    enclosing: list[tuple[int, ...]] = []
    open_definitions: list[int] = []
    current_path = None
    for number, tag in enumerate(definitions):
        if tag.path != current_path:
            current_path, open_definitions = tag.path, []
        while open_definitions and definitions[open_definitions[-1]].end_line < tag.line:
            open_definitions.pop()
        enclosing.append(
            tuple(outer for outer in open_definitions if definitions[outer].line < tag.line)
        )
        open_definitions.append(number)
    return tuple(enclosing)


def identifier_factor(name: str, defining_files: int) -> float:
    """How much an edge through ``name`` says about how two files belong together."""
    factor = 1.0
    if defining_files > COMMON_NAME_DEFINERS:
        factor *= COMMON_NAME_FACTOR
    if name.startswith("_"):
        factor *= PRIVATE_NAME_FACTOR
    elif len(name) >= DESCRIPTIVE_NAME_LENGTH and _has_several_words(name):
        factor *= DESCRIPTIVE_NAME_FACTOR
    return factor


def _has_several_words(name: str) -> bool:
    if "_" in name.strip("_"):
        return True
    return any(a.islower() and b.isupper() for a, b in pairwise(name))


def render_map(ranking: RepoRanking, token_budget: int) -> str:
    """The best-ranked definitions that fit ``token_budget`` (estimated), as file outlines.

    Searches for the largest number of definitions that fits: doubling, then
    bisecting, so the cost follows the size of the map, not of the repository.
    """
    with collection_paused():
        return _largest_fitting_map(ranking.definitions, token_budget)


def _largest_fitting_map(definitions: Sequence[RankedDefinition], token_budget: int) -> str:
    def fitting(count: int) -> str | None:
        text = _render(definitions[:count])
        return text if estimate_tokens(text) <= token_budget else None

    best, low, high = "", 0, len(definitions)
    step = 1
    while low < high:  # doubling: find a count that does not fit
        count = min(low + step, high)
        text = fitting(count)
        if text is None:
            high = count - 1
            break
        best, low = text, count
        step *= 2
    while low < high:  # bisecting between the last fit and the first miss
        count = (low + high + 1) // 2
        text = fitting(count)
        if text is None:
            high = count - 1
        else:
            best, low = text, count
    return best


def _render(chosen: Sequence[RankedDefinition]) -> str:
    by_file: dict[str, dict[int, str]] = {}
    for item in chosen:  # best first, so files come in the order of their best definition
        shown = by_file.setdefault(item.tag.path, {})
        shown[item.tag.line] = item.tag.signature_line
        for outer in item.enclosing:
            shown.setdefault(outer.line, outer.signature_line)
    blocks: list[str] = []
    for path, shown in by_file.items():
        lines = [f"{path}:"]
        previous: int | None = None
        for number in sorted(shown):
            if previous is not None and number != previous + 1:
                lines.append(ELISION)
            lines.append(shown[number])
            previous = number
        blocks.append("\n".join(lines) + "\n")
    return "".join(blocks)
