"""Text for terminals: the system overview and slices as trees."""

from __future__ import annotations

from pathlib import Path

from tests.tools.plant.conftest import PLAIN
from werk.tools.plant.model import SystemModel
from werk.tools.plant.slicing import SliceDirection
from werk.tools.plant.views.as_json import relative_to
from werk.tools.plant.views.as_text import slice_text, system_text
from werk.tools.st.loader import load_project


def test_a_backward_slice_as_a_tree(plain: SystemModel) -> None:
    result = plain.slice("GVL_Data.rLevel")
    assert slice_text(plain, result, relative_to(PLAIN)) == (
        "GVL_Data.rLevel: what drives it\n"
        "  GVL_Data.rLevel <- GVL_Data.rLevel := F_Scale(GVL_IO.nLevelRaw, 2.0)"
        ";  [Main]  MAIN.st:5\n"
        "    GVL_IO.nLevelRaw <- nLevelRaw AT %IW2 : INT;  [I/O]  GVL_IO.st:5\n"
    )


def test_a_forward_slice_names_conditions(plain: SystemModel) -> None:
    result = plain.slice("GVL_IO.bLevelHigh", SliceDirection.FORWARD, max_depth=1)
    assert slice_text(plain, result, relative_to(PLAIN)) == (
        "GVL_IO.bLevelHigh: what it drives\n"
        "  GVL_IO.bLevelHigh -> tonAlarm(IN := GVL_IO.bLevelHigh AND NOT GVL_IO.bPump1)"
        "  [Diag]  DIAG.st:5\n"
        "  GVL_IO.bLevelHigh (condition) -> GVL_Data.bReset := FALSE;  [Main]  MAIN.st:11\n"
        "  ... (cut at --depth)\n"
    )


def test_unwritten_sources_say_why(tmp_path: Path) -> None:
    (tmp_path / "main.st").write_text(
        "PROGRAM MAIN\nVAR CONSTANT nMax : INT := 10; END_VAR\n"
        "VAR nSet : INT := 5; nOut : INT; bPanel : BOOL; END_VAR\n"
        "IF bPanel THEN nOut := MIN(nSet, nMax); END_IF\nEND_PROGRAM\n"
    )
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    assert slice_text(model, model.slice("MAIN.nOut"), relative_to(tmp_path)) == (
        "MAIN.nOut: what drives it\n"
        "  MAIN.nOut <- nOut := MIN(nSet, nMax);  [MAIN]  main.st:4\n"
        "    MAIN.nSet <- (not written in the project; initial value 5)\n"
        "    MAIN.nMax <- (a constant: 10)\n"
        "    MAIN.bPanel <- (not written in the project)\n"
    )
    assert slice_text(model, model.slice("MAIN.bPanel"), relative_to(tmp_path)) == (
        "MAIN.bPanel: what drives it\n  (nothing in the project writes it)\n"
    )


def test_the_overview(plain: SystemModel) -> None:
    text = system_text(plain, relative_to(PLAIN))
    assert text.startswith("Tasks\n  Fast (T#10MS, priority 1): Main  config.st:3\n")
    assert "  Main : MAIN  [task Fast]\n    Main.fbStation : FB_Station\n" in text
    assert (
        "  %IW2    input   GVL_IO.nLevelRaw : INT [mm] 0..2000  (tank level [mm] 0..2000)\n" in text
    )
    assert text.endswith(
        "Written by more than one task\n"
        "  GVL_Data.bReset: tasks Fast, Slow\n"
        "    Main: GVL_Data.bReset := FALSE;  MAIN.st:11  [Fast]\n"
        "    Diag: GVL_Data.bReset := tonAlarm.Q;  DIAG.st:7  [Slow]\n"
    )
