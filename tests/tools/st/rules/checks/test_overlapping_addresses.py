"""CP4 overlapping-addresses: how address numbers count, per setting and dialect."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.st.loader import load_project
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

SOURCE = b"""VAR_GLOBAL
    wStatus AT %MW10 : WORD;
    dwTotal AT %MD10 : DWORD;
    byLow AT %MB21 : BYTE;
END_VAR
"""


def flagged(tmp_path: Path, options: dict[str, object], name: str = "memory.st") -> list[str]:
    (tmp_path / name).write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=("CP4",), options={"CP4": options}))
    assert result.rule_errors == []
    return [SOURCE[f.start : f.end].decode() for f in result.findings]


def test_codesys_numbering_counts_in_units_of_the_size(tmp_path: Path) -> None:
    # %MW10 is bytes 20-21, %MD10 bytes 40-43, %MB21 byte 21.
    assert flagged(tmp_path, {"addressing": "codesys"}) == ["byLow"]


def test_byte_numbering_counts_bytes(tmp_path: Path) -> None:
    # %MW10 is bytes 10-11, %MD10 bytes 10-13, %MB21 byte 21.
    assert flagged(tmp_path, {"addressing": "byte"}) == ["dwTotal"]


def test_auto_is_codesys_numbering_outside_siemens_sources(tmp_path: Path) -> None:
    assert flagged(tmp_path, {}) == ["byLow"]


def test_an_unknown_setting_is_reported(tmp_path: Path) -> None:
    (tmp_path / "memory.st").write_bytes(SOURCE)
    project, _ = load_project(tmp_path)
    result = run_checks(
        project, RuleSettings(select=("CP4",), options={"CP4": {"addressing": "word"}})
    )
    assert result.findings == []
    assert len(result.rule_errors) == 1
    assert "addressing" in result.rule_errors[0]


@pytest.mark.parametrize("addressing", ["codesys", "byte"])
def test_separate_areas_never_overlap(tmp_path: Path, addressing: str) -> None:
    (tmp_path / "io.st").write_bytes(
        b"VAR_GLOBAL\n"
        b"    bIn AT %IX0.0 : BOOL;\n"
        b"    bOut AT %QX0.0 : BOOL;\n"
        b"    bFlag AT %MX0.0 : BOOL;\n"
        b"END_VAR\n"
    )
    project, _ = load_project(tmp_path)
    result = run_checks(
        project, RuleSettings(select=("CP4",), options={"CP4": {"addressing": addressing}})
    )
    assert result.findings == []
