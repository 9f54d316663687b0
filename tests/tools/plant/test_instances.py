"""FB instances by path: named after program instances, per FB type, global FB instances."""

from __future__ import annotations

from pathlib import Path

from werk.tools.plant.model import SystemModel
from werk.tools.st.loader import load_project


def test_instance_paths_start_at_the_program_instance(plain: SystemModel) -> None:
    assert [(i.path, i.pou.name, i.depth) for i in plain.instances.all()] == [
        ("Main", "MAIN", 0),
        ("Main.fbStation", "FB_Station", 1),
        ("Main.fbStation.fbPump1", "FB_Pump", 2),
        ("Main.fbStation.fbPump1.tonDelay", "TON", 3),
        ("Main.fbStation.fbPump2", "FB_Pump", 2),
        ("Main.fbStation.fbPump2.tonDelay", "TON", 3),
        ("Diag", "DIAG", 0),
        ("Diag.tonAlarm", "TON", 1),
    ]


def test_instances_of_a_type(plain: SystemModel) -> None:
    assert [i.path for i in plain.instances_of("fb_pump")] == [
        "Main.fbStation.fbPump1",
        "Main.fbStation.fbPump2",
    ]
    pou = plain.project.find_pou("TON")
    assert pou is not None
    assert [i.path for i in plain.instances_of(pou)] == [
        "Main.fbStation.fbPump1.tonDelay",
        "Main.fbStation.fbPump2.tonDelay",
        "Diag.tonAlarm",
    ]
    found = plain.instance("main.FBSTATION.fbpump1")
    assert found is not None and found.parent is not None and found.parent.path == "Main.fbStation"


def test_derived_types_global_instances_and_arrays(tmp_path: Path) -> None:
    (tmp_path / "plant.st").write_text(
        "FUNCTION_BLOCK FB_Base\nVAR tonA : TON; END_VAR\nEND_FUNCTION_BLOCK\n"
        "FUNCTION_BLOCK FB_Axis EXTENDS FB_Base\nVAR_INPUT bEnable : BOOL; END_VAR\n"
        "END_FUNCTION_BLOCK\n"
        "PROGRAM MAIN\nVAR aAxes : ARRAY[1..3] OF FB_Axis; END_VAR\nEND_PROGRAM\n"
    )
    (tmp_path / "GVL_Axes.st").write_text("VAR_GLOBAL\n    fbSpindle : FB_Axis;\nEND_VAR\n")
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    assert [(i.path, i.array) for i in model.instances.all()] == [
        ("MAIN", None),
        ("MAIN.aAxes", "[1..3]"),
        ("MAIN.aAxes.tonA", None),
        ("GVL_Axes.fbSpindle", None),
        ("GVL_Axes.fbSpindle.tonA", None),
    ]
    assert [i.path for i in model.instances_of("FB_Base")] == ["MAIN.aAxes", "GVL_Axes.fbSpindle"]
