"""CP18 too-many-globals with a limit other than the default."""

from __future__ import annotations

from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

SOURCE = b"""VAR_GLOBAL
    gbStart : BOOL;
    gbStop : BOOL;
    gnCount : INT;
END_VAR
VAR_GLOBAL CONSTANT
    gcLimit : INT := 10;
END_VAR

FUNCTION_BLOCK FB_Two
gbStart := gbStop;
END_FUNCTION_BLOCK

FUNCTION_BLOCK FB_Three
IF gbStart AND NOT gbStop AND gnCount < gcLimit THEN
    gnCount := gnCount + 1;
END_IF
END_FUNCTION_BLOCK
"""


def flagged(tmp_path: Path, options: dict[str, object]) -> list[str]:
    (tmp_path / "blocks.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("CP18",), options={"CP18": options}))
    assert result.rule_errors == []
    return [f.pou or "" for f in result.findings]


def test_default_limit_is_three(tmp_path: Path) -> None:
    assert flagged(tmp_path, {}) == []


def test_a_lower_limit_flags_more_blocks(tmp_path: Path) -> None:
    assert flagged(tmp_path, {"max_globals": 2}) == ["FB_Three"]
    assert flagged(tmp_path, {"max_globals": 1}) == ["FB_Two", "FB_Three"]


def test_global_constants_never_count(tmp_path: Path) -> None:
    assert flagged(tmp_path, {"max_globals": 3}) == []
