"""The diagram behind DOT and HTML: which nodes, which edges."""

from __future__ import annotations

from werk.tools.plant.model import SystemModel
from werk.tools.plant.views.graph import system_diagram


def test_tasks_programs_instances_and_io(plain: SystemModel) -> None:
    diagram = system_diagram(plain)
    assert [(n.id, n.column, n.label, n.detail) for n in diagram.nodes] == [
        ("task:Fast", 0, "Fast", "T#10MS, prio 1"),
        ("task:Slow", 0, "Slow", "T#100MS, prio 10"),
        ("inst:Main", 1, "Main", "MAIN"),
        ("inst:Main.fbStation", 2, "fbStation", "FB_Station"),
        ("inst:Main.fbStation.fbPump1", 2, "fbPump1", "FB_Pump"),
        ("inst:Main.fbStation.fbPump2", 2, "fbPump2", "FB_Pump"),
        ("inst:Diag", 1, "Diag", "DIAG"),
        ("io:GVL_IO.bStartButton", 3, "%IX0.0", "GVL_IO.bStartButton : BOOL"),
        ("io:GVL_IO.bStopButton", 3, "%IX0.1", "GVL_IO.bStopButton : BOOL"),
        ("io:GVL_IO.bLevelHigh", 3, "%IX0.2", "GVL_IO.bLevelHigh : BOOL"),
        ("io:GVL_IO.nLevelRaw", 3, "%IW2", "GVL_IO.nLevelRaw : INT"),
        ("io:GVL_IO.bPump1", 3, "%QX0.0", "GVL_IO.bPump1 : BOOL"),
        ("io:GVL_IO.bPump2", 3, "%QX0.1", "GVL_IO.bPump2 : BOOL"),
        ("io:GVL_IO.bAlarmLamp", 3, "%QX0.2", "GVL_IO.bAlarmLamp : BOOL"),
    ]
    assert [(e.source, e.target, e.kind) for e in diagram.edges] == [
        ("inst:Main", "inst:Main.fbStation", "contains"),
        ("inst:Main.fbStation", "inst:Main.fbStation.fbPump1", "contains"),
        ("inst:Main.fbStation", "inst:Main.fbStation.fbPump2", "contains"),
        ("task:Fast", "inst:Main", "runs"),
        ("task:Slow", "inst:Diag", "runs"),
        ("io:GVL_IO.bStartButton", "inst:Main", "reads"),
        ("io:GVL_IO.bStopButton", "inst:Main", "reads"),
        ("io:GVL_IO.bLevelHigh", "inst:Main", "reads"),
        ("io:GVL_IO.bLevelHigh", "inst:Diag", "reads"),
        ("io:GVL_IO.nLevelRaw", "inst:Main", "reads"),
        ("inst:Main", "io:GVL_IO.bPump1", "writes"),
        ("inst:Main", "io:GVL_IO.bPump2", "writes"),
        ("inst:Diag", "io:GVL_IO.bAlarmLamp", "writes"),
    ]


def test_linked_points_show_their_channel_and_the_instance_using_them(
    twincat: SystemModel,
) -> None:
    diagram = system_diagram(twincat)
    io = {n.id: n.label for n in diagram.nodes if n.column == 3}
    assert io["io:MAIN.fbConveyor.bBrakeRelease"] == "%Q* = Term 3 (EL2008) Channel 2 Output"
    assert ("inst:MAIN.fbConveyor", "io:MAIN.fbConveyor.bBrakeRelease", "writes") in [
        (e.source, e.target, e.kind) for e in diagram.edges
    ]
