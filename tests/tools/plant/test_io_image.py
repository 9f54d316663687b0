"""The I/O image: declared addresses, per-instance channels, links, direct uses."""

from __future__ import annotations

from pathlib import Path

from werk.tools.plant.addresses import Direction
from werk.tools.plant.model import SystemModel
from werk.tools.st.loader import load_project


def test_the_plain_plant_s_io(plain: SystemModel) -> None:
    assert [(p.address, p.direction.value, p.signal, p.type) for p in plain.io.points] == [
        ("%IX0.0", "input", "GVL_IO.bStartButton", "BOOL"),
        ("%IX0.1", "input", "GVL_IO.bStopButton", "BOOL"),
        ("%IX0.2", "input", "GVL_IO.bLevelHigh", "BOOL"),
        ("%IW2", "input", "GVL_IO.nLevelRaw", "INT"),
        ("%QX0.0", "output", "GVL_IO.bPump1", "BOOL"),
        ("%QX0.1", "output", "GVL_IO.bPump2", "BOOL"),
        ("%QX0.2", "output", "GVL_IO.bAlarmLamp", "BOOL"),
    ]
    level = plain.io_point("gvl_io.nlevelraw")
    assert level is not None
    assert (level.engineering.unit, level.engineering.range_text()) == ("mm", "0..2000")
    assert level.description == "tank level [mm] 0..2000"
    assert (level.declared_at.path.name, level.declared_at.line) == ("GVL_IO.st", 5)


def test_twincat_links_wire_variables_to_channels(twincat: SystemModel) -> None:
    assert [
        (p.signal, p.address, p.direction.value, [link.channel for link in p.links])
        for p in twincat.io.points
    ] == [
        ("GVL_IO.bStart", "%I*", "input", ["Channel 1^Input"]),
        ("GVL_IO.nSpeedRaw", "%I*", "input", ["AI Standard Channel 1^Value"]),
        ("GVL_IO.bMotorOn", "%Q*", "output", ["Channel 1^Output"]),
        ("MAIN.fbConveyor.bBrakeRelease", "%Q*", "output", ["Channel 2^Output"]),
    ]
    assert twincat.io.unresolved_links == []


def test_fb_channels_once_per_instance_and_direct_uses(tmp_path: Path) -> None:
    (tmp_path / "plant.st").write_text(
        "FUNCTION_BLOCK FB_Motor\nVAR bContactor AT %Q* : BOOL; END_VAR\nEND_FUNCTION_BLOCK\n"
        "PROGRAM MAIN\nVAR m1, m2 : FB_Motor; nMarker AT %MW4 : INT; END_VAR\n"
        "%QX3.1 := %IX2.0;\nEND_PROGRAM\n"
    )
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    assert [(p.signal, p.address, p.direction, p.direct_use) for p in model.io.points] == [
        ("MAIN.nMarker", "%MW4", Direction.MEMORY, False),
        ("MAIN.m1.bContactor", "%Q*", Direction.OUTPUT, False),
        ("MAIN.m2.bContactor", "%Q*", Direction.OUTPUT, False),
        ("%IX2.0", "%IX2.0", Direction.INPUT, True),
        ("%QX3.1", "%QX3.1", Direction.OUTPUT, True),
    ]
    marker = model.writers("MAIN.nMarker")
    assert [s.sources for s in marker] == [("%MW4",)]  # marker memory flows both ways
    assert [s.target for s in model.readers("MAIN.nMarker")] == ["%MW4"]
