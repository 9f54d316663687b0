"""The project-wide flow: steps per instance and task, overlapping storage, task races."""

from __future__ import annotations

from pathlib import Path

from tests.tools.plant.conftest import PLAIN, TWINCAT, at
from werk.tools.plant.model import SystemModel
from werk.tools.plant.signals import overlaps
from werk.tools.st.loader import load_project


def test_one_fb_body_runs_once_per_instance(plain: SystemModel) -> None:
    writes = [(s.context, at(s, PLAIN)) for s in plain.flow.steps if s.statement == "bRun := TRUE;"]
    assert writes == [
        ("Main.fbStation.fbPump1", "FB_Pump.st:14"),
        ("Main.fbStation.fbPump2", "FB_Pump.st:14"),
    ]


def test_steps_run_in_the_tasks_of_their_callers(plain: SystemModel, twincat: SystemModel) -> None:
    tasks = {(s.context, s.tasks) for s in plain.flow.steps if s.context}
    assert ("Main.fbStation.fbPump2", ("Fast",)) in tasks
    assert ("Diag", ("Slow",)) in tasks
    assert ("F_Scale", ("Fast",)) in tasks  # a function runs in its callers' tasks
    method = [s for s in twincat.flow.steps if s.pou == "FB_Conveyor.Stop"]
    assert {s.tasks for s in method} == {("HmiTask",)}


def test_signals_written_by_two_tasks(plain: SystemModel, twincat: SystemModel) -> None:
    [reset] = plain.multi_task_writes()
    assert (reset.signal, reset.tasks) == ("GVL_Data.bReset", ("Fast", "Slow"))
    assert [(s.context, at(s, PLAIN)) for s in reset.writers] == [
        ("Main", "MAIN.st:11"),
        ("Diag", "DIAG.st:7"),
    ]
    [running] = twincat.multi_task_writes()
    assert (running.signal, running.tasks) == ("MAIN.fbConveyor.bRunning", ("HmiTask", "PlcTask"))
    assert [at(s, TWINCAT) for s in running.writers] == [
        "PLC/POUs/FB_Conveyor.TcPOU:20",
        "PLC/POUs/FB_Conveyor.TcPOU:23",
        "PLC/POUs/FB_Conveyor.TcPOU:31",
    ]


def test_a_struct_and_its_members_overlap(tmp_path: Path) -> None:
    (tmp_path / "plant.st").write_text(
        "TYPE ST_Hmi : STRUCT bStart : BOOL; bStop : BOOL; END_STRUCT END_TYPE\n"
        "VAR_GLOBAL gstHmi : ST_Hmi; gstDefault : ST_Hmi; END_VAR\n"
        "CONFIGURATION C RESOURCE R ON PLC\n"
        "TASK A (INTERVAL := T#10MS, PRIORITY := 1); TASK B (INTERVAL := T#50MS, PRIORITY := 2);\n"
        "PROGRAM Auto WITH A : AUTO; PROGRAM Hand WITH B : HAND;\n"
        "END_RESOURCE END_CONFIGURATION\n"
        "PROGRAM AUTO\ngstHmi.bStart := TRUE;\nEND_PROGRAM\n"
        "PROGRAM HAND\ngstHmi := gstDefault;\nEND_PROGRAM\n"
        "FUNCTION F : BOOL\nVAR t : INT; END_VAR\nt := 1; F := TRUE;\nEND_FUNCTION\n"
        "PROGRAM BOTH\nF();\nEND_PROGRAM\n"
    )
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    assert [s.statement for s in model.writers("plant.gstHmi.bStart")] == [
        "gstHmi.bStart := TRUE;",
        "gstHmi := gstDefault;",
    ]
    assert [s.statement for s in model.writers("plant.gstHmi.bStop")] == ["gstHmi := gstDefault;"]
    assert [s.statement for s in model.readers("plant.gstDefault")] == ["gstHmi := gstDefault;"]
    assert [(c.signal, c.tasks) for c in model.multi_task_writes()] == [
        ("plant.gstHmi", ("A", "B"))
    ]


def test_overlapping_keys() -> None:
    assert overlaps("gvl.st", "gvl.st.b")
    assert overlaps("gvl.a[1]", "gvl.a")
    assert not overlaps("gvl.st", "gvl.stop")
    assert not overlaps("main.x", "main.y")


def test_an_inherited_body_runs_in_the_instance_s_task(tmp_path: Path) -> None:
    (tmp_path / "plant.st").write_text(
        "FUNCTION_BLOCK FB_Base\nVAR_INPUT bEnable : BOOL; END_VAR\n"
        "VAR_OUTPUT bActive : BOOL; END_VAR\nbActive := bEnable;\nEND_FUNCTION_BLOCK\n"
        "FUNCTION_BLOCK FB_Axis EXTENDS FB_Base\nEND_FUNCTION_BLOCK\n"
        "CONFIGURATION C RESOURCE R ON PLC TASK Fast (INTERVAL := T#1MS, PRIORITY := 1);\n"
        "PROGRAM Motion WITH Fast : MOTION; END_RESOURCE END_CONFIGURATION\n"
        "PROGRAM MOTION\nVAR fbAxis : FB_Axis; END_VAR\nfbAxis(bEnable := TRUE);\nEND_PROGRAM\n"
    )
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    [step] = model.writers("Motion.fbAxis.bActive")
    assert (step.pou, step.sources, step.tasks) == (
        "FB_Base",
        ("Motion.fbAxis.bEnable",),
        ("Fast",),
    )
