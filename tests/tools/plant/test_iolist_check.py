"""Matching I/O list rows to the code: by path, by name, by address."""

from __future__ import annotations

from pathlib import Path

from tests.tools.plant.conftest import PLAIN
from werk.tools.plant.iolist import read_io_list
from werk.tools.plant.iolist_check import compare
from werk.tools.plant.model import SystemModel


def issues(model: SystemModel, tmp_path: Path, rows: str) -> list[tuple[str, str]]:
    path = tmp_path / "io.csv"
    path.write_text("Tag;Address;Data type;Unit;Range\n" + rows)
    return [(i.code, i.message) for i in compare(model.io, [read_io_list(path)])]


def test_the_fixture_list_matches_the_code(plain: SystemModel) -> None:
    assert compare(plain.io, [read_io_list(PLAIN / "io_list.csv")]) == []


def test_every_difference(plain: SystemModel, tmp_path: Path) -> None:
    rows = (
        "GVL_IO.bStartButton;%IX0.0;BOOL;;\n"
        "bStopButton;%IX0.5;BOOL;;\n"
        "bLevelMax;%IX0.2;BOOL;;\n"
        "nLevelRaw;%IW2;WORD;m;0..2\n"
        "bPump1;%QX0.0;BOOL;;\n"
        "bPump2;%QX0.1;BOOL;;\n"
        "bSpare;%QX0.1;BOOL;;\n"
    )
    level, listed = "'GVL_IO.nLevelRaw'", "in the I/O list (io.csv, row 5)"
    assert issues(plain, tmp_path, rows) == [
        ("WERK603", "'GVL_IO.bStopButton' is at %IX0.1 in the code but at %IX0.5 "
                    "in the I/O list (io.csv, row 3)"),
        ("WERK603", "%IX0.2 holds 'GVL_IO.bLevelHigh' in the code but 'bLevelMax' "
                    "in the I/O list (io.csv, row 4)"),
        ("WERK604", f"{level} is INT in the code but WORD {listed}"),
        ("WERK605", f"{level} has the range 0..2000 in the code (comment) but 0..2 {listed}"),
        ("WERK606", f"{level} is in mm in the code but in m {listed}: 1 mm = 0.001 m"),
        ("WERK601", "I/O list tag 'bSpare' (%QX0.1) has no variable in the code"),
        ("WERK602", "Output 'GVL_IO.bAlarmLamp' (%QX0.2) is not in the I/O list"),
        ("WERK607", "Address %QX0.1 of 'bSpare' overlaps %QX0.1 of 'bPump2' (io.csv, row 7)"),
    ]  # fmt: skip


def test_a_name_used_twice_is_told_apart_by_address(tmp_path: Path) -> None:
    from werk.tools.st.loader import load_project

    (tmp_path / "GVL_A.st").write_text("VAR_GLOBAL bRun AT %QX0.0 : BOOL; END_VAR\n")
    (tmp_path / "GVL_B.st").write_text("VAR_GLOBAL bRun AT %QX0.1 : BOOL; END_VAR\n")
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    assert issues(model, tmp_path, "bRun;%QX0.1;BOOL;;\nbRun;%QX0.0;BOOL;;\n") == []
