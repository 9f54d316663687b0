"""CP26 global-written-by-several-programs without a task configuration in the sources."""

from __future__ import annotations

from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

SOURCE = b"""VAR_GLOBAL
    gnShared : INT;
    gnOwned : INT;
END_VAR

PROGRAM MAIN
gnShared := 1;
Helper();
END_PROGRAM

PROGRAM Helper
gnOwned := gnOwned + 1;
END_PROGRAM

PROGRAM Service
gnShared := 2;
END_PROGRAM
"""


def test_programs_no_one_calls_are_the_ones_that_run(tmp_path: Path) -> None:
    (tmp_path / "plant.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("CP26",)))
    assert result.rule_errors == []
    # Helper runs only as part of MAIN: gnOwned has one writer.
    assert [f.message for f in result.findings] == [
        "Global 'gnShared' is written by several programs: MAIN, Service"
    ]
