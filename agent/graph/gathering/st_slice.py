"""The part of the ST semantic model a task is about.

For each POU the task names or implies (the POU is named; a file, a
variable or an I/O address it names belongs to or is used by the POU), the
slice lists what a person would look up before changing it: where it is,
who calls it and what it calls, the variables it reads and writes, the I/O
addresses it touches, and the test files that name it (trace, scenario,
property and unit-test files, found by name, not parsed). Named POUs come
first; implied ones follow in order of how many mentions they match.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from werk.agent.graph.gathering.mentions import Mentions
from werk.tools.st.model import Pou, Project, Variable, call_graph, callers

MAX_POUS = 8
MAX_NAMES = 24
TEST_FILE = re.compile(
    r"(\.trace\.(ya?ml|csv)|\.scenario\.ya?ml|\.props?\.ya?ml|\.agents4plc\.json)$|test|prop",
    re.IGNORECASE,
)


@dataclass
class PouSlice:
    name: str
    kind: str
    file: str
    line: int
    named: bool
    called_by: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    io: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"{self.kind} {self.name} ({self.file}:{self.line})"]
        for label, names in (
            ("called by", self.called_by),
            ("calls", self.calls),
            ("reads", self.reads),
            ("writes", self.writes),
            ("I/O", self.io),
            ("tests", self.tests),
        ):
            if names:
                shown = names[:MAX_NAMES]
                more = f" (+{len(names) - len(shown)} more)" if len(names) > len(shown) else ""
                lines.append(f"  {label}: {', '.join(shown)}{more}")
        return "\n".join(lines)


def semantic_slice(
    project: Project,
    root: Path,
    mentions: Mentions,
    test_files: Mapping[str, str],
) -> list[PouSlice]:
    """The slices of the POUs ``mentions`` names or implies, most relevant first.

    ``test_files`` maps repository paths of candidate test files to their text.
    """
    chosen = _chosen_pous(project, root, mentions)
    if not chosen:
        return []
    graph = call_graph(project)
    called_by = callers(graph)
    sources: dict[Path, bytes] = {}
    slices = []
    for pou, named in chosen:
        analysis = project.analysis(pou)
        reads: list[str] = []
        writes: list[str] = []
        io: list[str] = []
        for variable in pou.variables:
            if variable.address:
                io.append(f"{variable.name} AT {variable.address}")
        for use in analysis.uses:
            if use.address:
                io.append(f"{'writes' if use.is_write else 'reads'} {use.address}")
            target = use.target
            if isinstance(target, Variable) and target.address and target.owner is not pou:
                io.append(f"{'writes' if use.is_write else 'reads'} {use.name} ({target.address})")
            if use.is_write:
                writes.append(use.name)
            elif use.is_read:
                reads.append(use.name)
        unit = pou.location.unit
        start, _ = pou.location.file_span()
        data = sources.get(unit.path)
        if data is None:
            data = sources[unit.path] = _read(unit.path)
        slices.append(
            PouSlice(
                name=pou.name,
                kind=str(pou.kind),
                file=_relative(unit.path, root),
                line=data.count(b"\n", 0, start) + 1,
                named=named,
                called_by=sorted({caller.name for caller in called_by.get(pou, ())}),
                calls=sorted({callee.name for callee in graph.get(pou, ()) if callee is not pou}),
                reads=_unique(reads),
                writes=_unique(writes),
                io=_unique(io),
                tests=_tests_naming(pou.name, test_files),
            )
        )
    return slices


def is_test_file(path: str) -> bool:
    return bool(TEST_FILE.search(path.rsplit("/", 1)[-1]))


def _chosen_pous(project: Project, root: Path, mentions: Mentions) -> list[tuple[Pou, bool]]:
    named: list[Pou] = []
    for name in (*mentions.identifiers, *mentions.words):
        pou = project.find_pou(name)
        if pou is not None and pou not in named:
            named.append(pou)
    implied: Counter[Pou] = Counter()
    files = {name.lower() for name in mentions.files}
    wanted_names = {name.lower() for name in mentions.identifiers}
    wanted_addresses = {address.upper() for address in mentions.addresses}
    if files or wanted_names or wanted_addresses:
        for pou in project.all_pous():
            if _relative(pou.location.unit.path, root).lower() in files:
                implied[pou] += 1
            for variable in pou.variables:
                if variable.address and variable.address.upper() in wanted_addresses:
                    implied[pou] += 1
        if wanted_names or wanted_addresses:
            for use in project.uses():
                if use.pou is None:
                    continue
                target = use.target
                hit = (use.address or "").upper() in wanted_addresses or (
                    use.name.lower() in wanted_names and not isinstance(target, Pou)
                )
                if isinstance(target, Variable) and target.address:
                    hit = hit or target.address.upper() in wanted_addresses
                if hit:
                    implied[_top(use.pou)] += 1
    chosen = [(pou, True) for pou in named]
    for pou, _count in implied.most_common():
        if pou not in named:
            chosen.append((pou, False))
    return chosen[:MAX_POUS]


def _top(pou: Pou) -> Pou:
    while pou.parent is not None:
        pou = pou.parent
    return pou


def _tests_naming(name: str, test_files: Mapping[str, str]) -> list[str]:
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", re.IGNORECASE)
    return sorted(path for path, text in test_files.items() if word.search(text))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            result.append(item)
    return result
