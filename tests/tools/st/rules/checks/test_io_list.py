"""The I/O-list rules read and compare the lists once per check, and again after a change."""

from __future__ import annotations

import os
from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.rules.checks._io_list import io_list_issues
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings


def test_one_comparison_serves_every_rule_until_something_changes(tmp_path: Path) -> None:
    (tmp_path / "GVL_IO.st").write_text("VAR_GLOBAL\n    bStart AT %IX0.0 : BOOL;\nEND_VAR\n")
    io_list = tmp_path / "io.csv"
    io_list.write_text("Tag;Address\nbStart;%IX0.0\n")
    project, _ = load_project(tmp_path)
    options = {"io_lists": [str(io_list)]}
    first = io_list_issues(project, options)
    assert first == [] and io_list_issues(project, options) is first
    io_list.write_text("Tag;Address\nbStart;%IX0.4\n")
    os.utime(io_list, ns=(1, 1))  # a new modification time, even within the clock's resolution
    [moved] = io_list_issues(project, options)
    assert (moved.code, moved.message) == (
        "WERK603",
        "'GVL_IO.bStart' is at %IX0.0 in the code but at %IX0.4 in the I/O list (io.csv, row 2)",
    )
    other, _ = load_project(tmp_path)
    assert io_list_issues(other, options) is not io_list_issues(project, options)


def test_without_lists_the_rules_find_nothing(tmp_path: Path) -> None:
    (tmp_path / "GVL_IO.st").write_text("VAR_GLOBAL\n    bHorn AT %QX0.0 : BOOL;\nEND_VAR\n")
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("WERK6",)))
    assert result.rule_errors == [] and result.findings == []
    assert sorted(result.rules_run) == [f"WERK60{n}" for n in range(1, 8)]
