"""CP9 complex-pou with limits other than the defaults."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

# Complexity 1 + IF + ELSIF + FOR + AND_THEN = 5, nesting 2 (IF in FOR), 5 statements
# (the lone ; does not count).
SOURCE = b"""FUNCTION_BLOCK FB_Sort
VAR
    i : INT;
    bSwap : BOOL;
    aValue : ARRAY[1..5] OF INT;
END_VAR
METHOD Sort
FOR i := 1 TO 4 DO
    IF aValue[i] > aValue[i + 1] AND_THEN bSwap THEN
        aValue[i] := aValue[i + 1];
    ELSIF aValue[i] = 0 THEN
        bSwap := FALSE;
    END_IF
    ;
END_FOR
bSwap := TRUE;
END_METHOD
i := 0;
END_FUNCTION_BLOCK
"""


def findings(tmp_path: Path, options: Mapping[str, object]) -> list[Finding]:
    (tmp_path / "sort.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("CP9",), options={"CP9": options}))
    assert result.rule_errors == []
    return result.findings


def test_defaults_accept_a_small_method(tmp_path: Path) -> None:
    assert findings(tmp_path, {}) == []


def test_each_limit_is_named_when_exceeded(tmp_path: Path) -> None:
    options = {"max_complexity": 4, "max_nesting": 1, "max_statements": 4}
    [finding] = findings(tmp_path, options)
    assert finding.message == (
        "'FB_Sort.Sort' is too complex: cyclomatic complexity 5 > 4, "
        "nesting depth 2 > 1, statements 5 > 4"
    )
    assert SOURCE[finding.start : finding.end] == b"Sort"


def test_values_at_the_limits_are_accepted(tmp_path: Path) -> None:
    assert findings(tmp_path, {"max_complexity": 5, "max_nesting": 2, "max_statements": 5}) == []


def test_only_the_exceeded_limit_is_reported(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, {"max_statements": 3})
    assert finding.message == "'FB_Sort.Sort' is too complex: statements 5 > 3"


def test_the_rule_is_off_by_default(tmp_path: Path) -> None:
    (tmp_path / "sort.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    options = {"CP9": {"max_complexity": 1}}
    result = run_checks(project, RuleSettings(options=options))
    assert not [f for f in result.findings if f.code == "CP9"]
