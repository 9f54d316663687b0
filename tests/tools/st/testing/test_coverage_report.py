"""Coverage: statements and branch outcomes of FB_Classify, counted by hand.

FB_Classify is ``IF nValue < 0 THEN nClass := -1; ELSIF nValue = 0 THEN nClass := 0;
ELSE nClass := 1; END_IF``: 4 statements (the IF and three assignments) and 4 branch
outcomes (the IF condition TRUE and FALSE, the ELSIF condition TRUE and FALSE).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.testing.support import line_of, plant, run_all, write
from werk.tools.st.testing import render_coverage
from werk.tools.st.testing.coverage_report import line_ranges


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return plant(tmp_path / "project")


def classify(root: Path, *values: int) -> None:
    rows = "".join(f"  - [{value}, -]\n" for value in values)
    write(
        root,
        f"classify{len(values)}_{values[0]}.trace.yaml",
        f"pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\nrows:\n{rows}",
    )


def test_one_positive_value(root: Path) -> None:
    classify(root, 5)
    run = run_all(root, coverage=True)
    assert run.coverage is not None
    (entry,) = run.coverage.pous
    source = root / "plant.st"
    if_line = line_of(source, "IF nValue < 0 THEN")
    elsif_line = line_of(source, "ELSIF nValue = 0 THEN")
    # Run: the IF and nClass := 1. Taken: IF FALSE, ELSIF FALSE.
    assert (entry.pou, entry.path) == ("FB_Classify", source)
    assert (entry.statements, entry.statements_hit) == (4, 2)
    assert (entry.branches, entry.branches_hit) == (4, 2)
    assert entry.missed_lines == [line_of(source, "nClass := -1;"), line_of(source, "nClass := 0;")]
    assert entry.missed_branches == [(if_line, "IF", "TRUE"), (elsif_line, "ELSIF", "TRUE")]
    assert run.coverage.total_percent == 50.0


def test_tests_add_up(root: Path) -> None:
    classify(root, 5)
    classify(root, -3)
    run = run_all(root, coverage=True)
    assert run.coverage is not None
    (entry,) = run.coverage.pous
    # -3 adds nClass := -1 and IF TRUE; nothing takes ELSIF TRUE or runs nClass := 0.
    assert (entry.statements_hit, entry.branches_hit) == (3, 3)
    assert run.coverage.total_percent == 75.0
    classify(root, 0, 7)
    full = run_all(root, coverage=True).coverage
    assert full is not None
    assert (full.statements_hit, full.branches_hit, full.total_percent) == (4, 4, 100.0)


def test_only_code_the_tests_reach_is_counted(root: Path) -> None:
    write(
        root,
        "delay.trace.yaml",
        "pou: FB_Delay\ninputs: [bStart]\noutputs: [bDone]\nrows: [[FALSE, FALSE]]\n",
    )
    run = run_all(root, coverage=True)
    assert run.coverage is not None
    assert [entry.pou for entry in run.coverage.pous] == ["FB_Delay"]
    (entry,) = run.coverage.pous
    # tonDelay(...), bDone, tElapsed, the IF, eMode := Idle; not Done, not Running.
    assert (entry.statements, entry.statements_hit) == (7, 5)
    assert (entry.branches, entry.branches_hit) == (4, 2)


def test_text_and_json(root: Path) -> None:
    classify(root, 5)
    run = run_all(root, coverage=True)
    assert run.coverage is not None
    source = root / "plant.st"
    first, second = line_of(source, "nClass := -1;"), line_of(source, "nClass := 0;")
    if_line = line_of(source, "IF nValue < 0 THEN")
    elsif_line = line_of(source, "ELSIF nValue = 0 THEN")
    assert render_coverage(run.coverage, root).splitlines() == [
        "               statements    branches  not run",
        "plant.st       2/4  50.0%  2/4  50.0%",
        f"  FB_Classify  2/4  50.0%  2/4  50.0%  lines {first}, {second}; "
        f"branches {if_line} IF TRUE, {elsif_line} ELSIF TRUE",
        "total          2/4  50.0%  2/4  50.0%  50.0% of statements and branches",
    ]
    data = run.coverage.to_json(root)
    assert (data["statements"], data["statements_hit"], data["total_percent"]) == (4, 2, 50.0)
    (file,) = data["files"]
    assert file["file"] == "plant.st"
    assert file["pous"][0]["missed_lines"] == [first, second]
    assert file["pous"][0]["missed_branches"][0] == {
        "line": if_line,
        "kind": "IF",
        "outcome": "TRUE",
    }


def test_line_ranges() -> None:
    assert line_ranges([9, 3, 4, 5, 12, 11]) == "3-5, 9, 11-12"
    assert line_ranges([]) == ""


def test_test_fbs_are_not_the_code_under_test(tmp_path: Path) -> None:
    root = plant(tmp_path / "project", "unit_tests.st")
    project_run = run_all(root, root / "unit_tests.st", coverage=True)
    assert project_run.coverage is not None
    pous = [entry.pou for entry in project_run.coverage.pous]
    # FB_TestAssertions, CheckPlant, Test_BodyOnly and FB_TestUnsupported are left out.
    assert pous == ["FB_Delay", "FB_Classify", "FB_Divide", "FB_Pointer"]
