"""WERK205 magic-number with settings other than the defaults."""

from __future__ import annotations

from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

SOURCE = b"""PROGRAM MAIN
VAR
    nValue : INT;
    tonWait : TON;
END_VAR
nValue := nValue + 1;
nValue := nValue * 10;
nValue := nValue + 42;
tonWait(IN := TRUE, PT := T#7S);
tonWait(IN := FALSE, PT := T#0S);
END_PROGRAM
"""


def flagged(tmp_path: Path, options: dict[str, object]) -> list[str]:
    (tmp_path / "main.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("WERK205",), options={"WERK205": options}))
    assert result.rule_errors == []
    text = SOURCE.decode()
    return [text.encode()[f.start : f.end].decode() for f in result.findings]


def test_defaults_flag_only_numbers_outside_the_allowed_list(tmp_path: Path) -> None:
    assert flagged(tmp_path, {}) == ["42"]


def test_allowed_replaces_the_default_list_but_keeps_0_1_minus_1_2(tmp_path: Path) -> None:
    assert flagged(tmp_path, {"allowed": [42]}) == ["10"]


def test_allowed_accepts_literal_spellings(tmp_path: Path) -> None:
    assert flagged(tmp_path, {"allowed": ["16#2A", "10"]}) == []


def test_time_literals_are_checked_when_not_ignored(tmp_path: Path) -> None:
    assert flagged(tmp_path, {"ignore_time_literals": False}) == ["42", "T#7S"]


def test_the_rule_is_off_by_default(tmp_path: Path) -> None:
    (tmp_path / "main.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings())
    assert not [f for f in result.findings if f.code == "WERK205"]
