"""Statement and branch coverage of simulated ST code.

Compiled with coverage on, every statement has an id and a counter, and so
does every branch outcome: each IF/ELSIF condition TRUE and FALSE, each CASE
arm and the ELSE (taken or falling through), each WHILE/FOR loop entered or
not, each REPEAT body repeated or not. Counters are plain list cells the
compiled code increments; nothing is recorded when coverage is off (the
instrumentation is not compiled at all).

``summary`` groups the counts per POU and file, for ``werk test --coverage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.st.sim.positions import SourcePosition, Span


@dataclass(frozen=True)
class CoveredStatement:
    id: int
    pou: str
    span: Span
    kind: str  # the statement's syntax kind: assignment_statement, if_statement...

    @property
    def position(self) -> SourcePosition:
        return self.span.position


@dataclass(frozen=True)
class BranchOutcome:
    id: int
    pou: str
    span: Span
    kind: str  # IF, ELSIF, CASE, FOR, WHILE, REPEAT
    outcome: str  # TRUE/FALSE, the CASE labels or ELSE, entered/not entered, repeated...

    @property
    def position(self) -> SourcePosition:
        return self.span.position


@dataclass
class PouCoverage:
    pou: str
    path: Path
    statements: int = 0
    statements_hit: int = 0
    branches: int = 0
    branches_hit: int = 0
    missed_statements: list[SourcePosition] = field(default_factory=list)
    missed_branches: list[tuple[SourcePosition, str, str]] = field(default_factory=list)

    @property
    def statement_ratio(self) -> float:
        return self.statements_hit / self.statements if self.statements else 1.0

    @property
    def branch_ratio(self) -> float:
        return self.branches_hit / self.branches if self.branches else 1.0


class Coverage:
    """Counters of one simulator; ``reset`` zeroes them, keeping the ids."""

    def __init__(self) -> None:
        self.statements: list[CoveredStatement] = []
        self.statement_hits: list[int] = []
        self.branches: list[BranchOutcome] = []
        self.branch_hits: list[int] = []

    def add_statement(self, pou: str, span: Span, kind: str) -> int:
        index = len(self.statements)
        self.statements.append(CoveredStatement(index, pou, span, kind))
        self.statement_hits.append(0)
        return index

    def add_branch(self, pou: str, span: Span, kind: str, outcome: str) -> int:
        index = len(self.branches)
        self.branches.append(BranchOutcome(index, pou, span, kind, outcome))
        self.branch_hits.append(0)
        return index

    def reset(self) -> None:
        self.statement_hits[:] = [0] * len(self.statement_hits)
        self.branch_hits[:] = [0] * len(self.branch_hits)

    def hits(self, statement: CoveredStatement) -> int:
        return self.statement_hits[statement.id]

    def outcome_hits(self, branch: BranchOutcome) -> int:
        return self.branch_hits[branch.id]

    def summary(self) -> list[PouCoverage]:
        """Counts per POU (and the file it is in), in file and POU order."""
        by_pou: dict[tuple[Path, str], PouCoverage] = {}

        def entry(pou: str, span: Span) -> PouCoverage:
            key = (span.unit.path, pou)
            if key not in by_pou:
                by_pou[key] = PouCoverage(pou, span.unit.path)
            return by_pou[key]

        for statement in self.statements:
            found = entry(statement.pou, statement.span)
            found.statements += 1
            if self.statement_hits[statement.id]:
                found.statements_hit += 1
            else:
                found.missed_statements.append(statement.position)
        for branch in self.branches:
            found = entry(branch.pou, branch.span)
            found.branches += 1
            if self.branch_hits[branch.id]:
                found.branches_hit += 1
            else:
                found.missed_branches.append((branch.position, branch.kind, branch.outcome))
        return [by_pou[key] for key in sorted(by_pou, key=lambda k: (str(k[0]), k[1]))]
