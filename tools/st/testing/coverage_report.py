"""Statement and branch coverage of the ST under test, summed over every test of a run.

Each test runs in its own simulator, each with its own counters
(``werk.tools.st.sim.coverage``); the collector merges them by position, so
a statement counts as covered when any test ran it and a branch outcome
(an IF condition TRUE or FALSE, a CASE arm, a loop entered or not...) when
any test took it. Only code that some test compiled is counted: a POU no
test reaches does not appear. The test FBs of ST unit tests are left out,
since they are the tests, not the code under test.

The total is coverage.py's "branch coverage" figure: covered statements
plus taken branch outcomes, over all statements plus all branch outcomes.
``werk test --fail-under PCT`` compares it with PCT.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werk.tools.st.sim import Coverage
from werk.tools.st.testing.results import relative


@dataclass
class PouCoverageEntry:
    """One POU's counts, and what was not run."""

    pou: str
    path: Path
    statements: int = 0
    statements_hit: int = 0
    branches: int = 0
    branches_hit: int = 0
    missed_lines: list[int] = field(default_factory=list)
    missed_branches: list[tuple[int, str, str]] = field(default_factory=list)  # line, kind, outcome
    line: int = 0  # the line of its first counted statement or branch

    @property
    def statement_percent(self) -> float:
        return percent(self.statements_hit, self.statements)

    @property
    def branch_percent(self) -> float:
        return percent(self.branches_hit, self.branches)


def percent(hit: int, total: int) -> float:
    return 100.0 * hit / total if total else 100.0


@dataclass
class CoverageReport:
    pous: list[PouCoverageEntry]

    @property
    def statements(self) -> int:
        return sum(entry.statements for entry in self.pous)

    @property
    def statements_hit(self) -> int:
        return sum(entry.statements_hit for entry in self.pous)

    @property
    def branches(self) -> int:
        return sum(entry.branches for entry in self.pous)

    @property
    def branches_hit(self) -> int:
        return sum(entry.branches_hit for entry in self.pous)

    @property
    def total_percent(self) -> float:
        return percent(self.statements_hit + self.branches_hit, self.statements + self.branches)

    def files(self) -> dict[Path, list[PouCoverageEntry]]:
        grouped: dict[Path, list[PouCoverageEntry]] = {}
        for entry in self.pous:
            grouped.setdefault(entry.path, []).append(entry)
        return grouped

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        files = []
        for path, entries in self.files().items():
            files.append(
                {
                    "file": relative(path, root),
                    "statements": sum(e.statements for e in entries),
                    "statements_hit": sum(e.statements_hit for e in entries),
                    "branches": sum(e.branches for e in entries),
                    "branches_hit": sum(e.branches_hit for e in entries),
                    "pous": [
                        {
                            "pou": e.pou,
                            "statements": e.statements,
                            "statements_hit": e.statements_hit,
                            "statement_percent": round(e.statement_percent, 2),
                            "branches": e.branches,
                            "branches_hit": e.branches_hit,
                            "branch_percent": round(e.branch_percent, 2),
                            "missed_lines": e.missed_lines,
                            "missed_branches": [
                                {"line": line, "kind": kind, "outcome": outcome}
                                for line, kind, outcome in e.missed_branches
                            ],
                        }
                        for e in entries
                    ],
                }
            )
        return {
            "statements": self.statements,
            "statements_hit": self.statements_hit,
            "statement_percent": round(percent(self.statements_hit, self.statements), 2),
            "branches": self.branches,
            "branches_hit": self.branches_hit,
            "branch_percent": round(percent(self.branches_hit, self.branches), 2),
            "total_percent": round(self.total_percent, 2),
            "files": files,
        }


# (file, POU, span start, span end, kind[, outcome])
_StatementKey = tuple[str, str, int, int, str]
_BranchKey = tuple[str, str, int, int, str, str]


class CoverageCollector:
    """Merges the coverage of many simulators of the same project."""

    def __init__(self) -> None:
        self._statements: dict[_StatementKey, tuple[Path, int, bool]] = {}
        self._branches: dict[_BranchKey, tuple[Path, int, bool]] = {}

    def add(self, coverage: Coverage, leave_out: Callable[[str], bool]) -> None:
        """Count ``coverage``'s hits, except in the POUs ``leave_out`` names."""
        for statement in coverage.statements:
            if leave_out(statement.pou):
                continue
            span = statement.span
            key = (str(span.unit.path), statement.pou, span.start, span.end, statement.kind)
            hit = coverage.statement_hits[statement.id] > 0
            known = self._statements.get(key)
            if known is None:
                position = statement.position
                self._statements[key] = (position.path, position.line, hit)
            elif hit and not known[2]:
                self._statements[key] = (known[0], known[1], True)
        for branch in coverage.branches:
            if leave_out(branch.pou):
                continue
            span = branch.span
            branch_key = (
                str(span.unit.path),
                branch.pou,
                span.start,
                span.end,
                branch.kind,
                branch.outcome,
            )
            hit = coverage.branch_hits[branch.id] > 0
            found = self._branches.get(branch_key)
            if found is None:
                position = branch.position
                self._branches[branch_key] = (position.path, position.line, hit)
            elif hit and not found[2]:
                self._branches[branch_key] = (found[0], found[1], True)

    def report(self) -> CoverageReport:
        entries: dict[tuple[str, str], PouCoverageEntry] = {}

        def entry(key_path: str, pou: str, path: Path, line: int) -> PouCoverageEntry:
            found = entries.get((key_path, pou))
            if found is None:
                found = entries[(key_path, pou)] = PouCoverageEntry(pou, path, line=line)
            found.line = min(found.line, line)
            return found

        for statement_key, (path, line, hit) in sorted(
            self._statements.items(), key=lambda item: (item[0][0], item[0][2])
        ):
            target = entry(statement_key[0], statement_key[1], path, line)
            target.statements += 1
            if hit:
                target.statements_hit += 1
            elif line not in target.missed_lines:
                target.missed_lines.append(line)
        for branch_key, (path, line, hit) in sorted(
            self._branches.items(), key=lambda item: (item[0][0], item[0][2])
        ):
            target = entry(branch_key[0], branch_key[1], path, line)
            target.branches += 1
            if hit:
                target.branches_hit += 1
            else:
                target.missed_branches.append((line, branch_key[4], branch_key[5]))
        ordered = sorted(entries.values(), key=lambda e: (str(e.path), e.line, e.pou))
        for found in ordered:
            found.missed_lines.sort()
            found.missed_branches.sort()
        return CoverageReport(ordered)


def render_coverage(report: CoverageReport, root: Path | None = None) -> str:
    """Per file and POU: statements and branch outcomes run, and the lines never run."""
    rows: list[tuple[str, str, str, str]] = [("", "statements", "branches", "not run")]
    for path, entries in report.files().items():
        statements = sum(e.statements for e in entries)
        statements_hit = sum(e.statements_hit for e in entries)
        branches = sum(e.branches for e in entries)
        branches_hit = sum(e.branches_hit for e in entries)
        rows.append(
            (
                relative(path, root) if root is not None else str(path),
                _ratio(statements_hit, statements),
                _ratio(branches_hit, branches),
                "",
            )
        )
        for entry in entries:
            missed = []
            if entry.missed_lines:
                missed.append("lines " + line_ranges(entry.missed_lines))
            if entry.missed_branches:
                missed.append(
                    "branches "
                    + ", ".join(f"{line} {kind} {out}" for line, kind, out in entry.missed_branches)
                )
            rows.append(
                (
                    f"  {entry.pou}",
                    _ratio(entry.statements_hit, entry.statements),
                    _ratio(entry.branches_hit, entry.branches),
                    "; ".join(missed),
                )
            )
    rows.append(
        (
            "total",
            _ratio(report.statements_hit, report.statements),
            _ratio(report.branches_hit, report.branches),
            f"{report.total_percent:.1f}% of statements and branches",
        )
    )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        text = f"{row[0].ljust(widths[0])}  {row[1].rjust(widths[1])}  {row[2].rjust(widths[2])}"
        lines.append(f"{text}  {row[3]}".rstrip())
    return "\n".join(lines) + "\n"


def _ratio(hit: int, total: int) -> str:
    return f"{hit}/{total} {percent(hit, total):5.1f}%"


def line_ranges(lines: list[int]) -> str:
    """``[3, 4, 5, 9]`` -> ``3-5, 9``."""
    ranges: list[str] = []
    start = previous = None
    for line in sorted(set(lines)):
        if start is None:
            start = previous = line
        elif previous is not None and line == previous + 1:
            previous = line
        else:
            ranges.append(f"{start}-{previous}" if start != previous else str(start))
            start = previous = line
    if start is not None:
        ranges.append(f"{start}-{previous}" if start != previous else str(start))
    return ", ".join(ranges)
