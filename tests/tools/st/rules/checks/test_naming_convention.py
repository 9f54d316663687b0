"""WERK401 naming-convention: off by default, and its settings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

SOURCE = b"""TYPE ST_Data :
STRUCT
    nValue : INT;
END_STRUCT
END_TYPE

TYPE E_State : (Idle, Busy); END_TYPE

VAR_GLOBAL
    bStart : BOOL;
    g_bStop : BOOL;
END_VAR

FUNCTION_BLOCK FB_Pump
VAR
    xRunning : BOOL;
    BFault : BOOL;
    iCount : INT;
    ctuStarts : CTU;
    stData : ST_Data;
END_VAR
VAR CONSTANT
    MAX_COUNT : INT := 10;
END_VAR
END_FUNCTION_BLOCK
"""


def flagged(
    tmp_path: Path, options: Mapping[str, object] | None = None, select: bool = True
) -> list[str]:
    (tmp_path / "pump.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    settings = (
        RuleSettings(select=("WERK401",), options={"WERK401": options or {}})
        if select
        else RuleSettings()
    )
    result = run_checks(project, settings)
    assert result.rule_errors == []
    return sorted(SOURCE[f.start : f.end].decode() for f in result.findings if f.code == "WERK401")


def test_the_rule_is_off_by_default(tmp_path: Path) -> None:
    assert flagged(tmp_path, select=False) == []


def test_defaults(tmp_path: Path) -> None:
    assert flagged(tmp_path) == ["MAX_COUNT", "ctuStarts", "g_bStop", "iCount", "xRunning"]


def test_prefixes_are_merged_over_the_defaults(tmp_path: Path) -> None:
    options = {"prefixes": {"bool": "x", "INT": "i", "CTU": "ctu"}}
    assert flagged(tmp_path, options) == ["BFault", "MAX_COUNT", "bStart", "g_bStop", "nValue"]


def test_an_empty_prefix_turns_a_check_off(tmp_path: Path) -> None:
    options = {"prefixes": {"INT": "", "FB": ""}}
    assert flagged(tmp_path, options) == ["g_bStop", "xRunning"]


def test_case_sensitive_prefixes(tmp_path: Path) -> None:
    assert "BFault" in flagged(tmp_path, {"case_sensitive": True})


def test_global_and_constant_scope_prefixes(tmp_path: Path) -> None:
    options = {"global_prefix": "g_", "constant_prefix": "c"}
    assert flagged(tmp_path, options) == ["MAX_COUNT", "bStart", "ctuStarts", "iCount", "xRunning"]


def test_type_prefixes(tmp_path: Path) -> None:
    options = {"type_prefixes": {"STRUCT": "STR_", "ENUM": "", "FUNCTION_BLOCK": "FB"}}
    assert "ST_Data" in flagged(tmp_path, options)
    assert "E_State" not in flagged(tmp_path, options)
    assert "FB_Pump" in flagged(tmp_path, options)  # FB then "_": not a capital


def test_global_list_names_are_checked_when_a_container_names_them(tmp_path: Path) -> None:
    (tmp_path / "IoList.TcGVL").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<TcPlcObject Version="1.1.0.1">\n'
        '  <GVL Name="IoList" Id="{00000000-0000-0000-0000-000000000001}">\n'
        "    <Declaration><![CDATA[VAR_GLOBAL\n    bLamp : BOOL;\nEND_VAR\n]]></Declaration>\n"
        "  </GVL>\n"
        "</TcPlcObject>\n"
    )
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("WERK401",)))
    assert result.rule_errors == []
    assert [f.message for f in result.findings if f.path.suffix == ".TcGVL"] == [
        "Global variable list 'IoList' should start with 'GVL_' followed by a capital letter "
        "or digit"
    ]
