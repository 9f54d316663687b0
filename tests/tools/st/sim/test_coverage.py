"""Statement and branch coverage: what ran, which way each branch went."""

from __future__ import annotations

from tests.tools.st.sim.support import FIXTURES, simulate
from werk.tools.st.sim import Simulator


def covered(sim: Simulator) -> Simulator:
    assert sim.coverage is not None
    return sim


def test_statement_and_branch_counts() -> None:
    sim = covered(simulate("coverage.st", coverage=True))
    coverage = sim.coverage
    assert coverage is not None
    sim.set("Covered.nMode", 1)
    sim.cycle()
    lines = {
        coverage.statements[i].position.line: hits for i, hits in enumerate(coverage.statement_hits)
    }
    # IF (10), nOut := 1 (11), nOut := -1 (13), CASE (15), arms (16, 17), ELSE (19),
    # WHILE (21), i := i + 1 (22).
    assert lines == {10: 1, 11: 1, 13: 0, 15: 1, 16: 1, 17: 0, 19: 0, 21: 1, 22: 0}
    outcomes = {
        (branch.position.line, branch.kind, branch.outcome): coverage.branch_hits[branch.id]
        for branch in coverage.branches
    }
    assert outcomes == {
        (10, "IF", "TRUE"): 1,
        (10, "IF", "FALSE"): 0,
        (12, "ELSIF", "TRUE"): 0,
        (12, "ELSIF", "FALSE"): 0,  # not evaluated: the IF was TRUE
        (16, "CASE", "1"): 1,
        (17, "CASE", "2, 3"): 0,
        (15, "CASE", "ELSE"): 0,
        (21, "WHILE", "entered"): 0,
        (21, "WHILE", "not entered"): 1,
    }


def test_summary_per_pou() -> None:
    sim = covered(simulate("coverage.st", coverage=True))
    assert sim.coverage is not None
    for mode, go in ((1, False), (-1, True), (2, False)):
        sim.set("Covered.nMode", mode)
        sim.set("Covered.bGo", go)
        sim.cycle()
    (summary,) = sim.coverage.summary()
    assert (summary.pou, summary.path) == ("Covered", FIXTURES / "coverage.st")
    # Mode 1 takes the IF and CASE 1, -1 the ELSIF, the CASE ELSE and (bGo) the loop,
    # 2 the CASE list: every statement ran.
    assert (summary.statements, summary.statements_hit) == (9, 9)
    assert summary.missed_statements == []
    # Missed: ELSIF FALSE (only a mode of 0 would take it).
    assert (summary.branches, summary.branches_hit) == (9, 8)
    assert [(p.line, kind, outcome) for p, kind, outcome in summary.missed_branches] == [
        (12, "ELSIF", "FALSE"),
    ]
    sim.coverage.reset()
    assert sum(sim.coverage.statement_hits) == 0
