"""Reading TwinCAT task objects and the links of a .tsproj."""

from __future__ import annotations

import re
from pathlib import Path

from tests.tools.plant.conftest import TWINCAT
from werk.tools.plant.twincat import read_system, system_files


def test_system_files_are_found_below_the_root() -> None:
    assert [p.relative_to(TWINCAT).as_posix() for p in system_files(TWINCAT)] == [
        "PLC/HmiTask.TcTTO",
        "PLC/PlcTask.TcTTO",
        "Plant.tsproj",
    ]


def test_links_name_the_plc_symbol_its_task_and_the_channel() -> None:
    system = read_system([TWINCAT / "Plant.tsproj"])
    coupler = "TIID^Device 1 (EtherCAT)^Term 1 (EK1100)"
    assert [(link.symbol, link.task, link.endpoint, link.source.line) for link in system.links] == [
        ("GVL_IO.bStart", "PlcTask", f"{coupler}^Term 2 (EL1008)^Channel 1^Input", 29),
        ("GVL_IO.bMotorOn", "PlcTask", f"{coupler}^Term 3 (EL2008)^Channel 1^Output", 32),
        (
            "MAIN.fbConveyor.bBrakeRelease",
            "PlcTask",
            f"{coupler}^Term 3 (EL2008)^Channel 2^Output",
            33,
        ),
        (
            "GVL_IO.nSpeedRaw",
            "PlcTask",
            f"{coupler}^Term 4 (EL3102)^AI Standard Channel 1^Value",
            36,
        ),
    ]


def test_the_plc_may_be_the_second_owner(tmp_path: Path) -> None:
    path = tmp_path / "Swapped.tsproj"
    path.write_text(
        '<?xml version="1.0"?>\n<TcSmProject><Project><Mappings>\n'
        '<OwnerA Name="TIID^Device 1 (EtherCAT)^Term 5 (EL2004)">\n'
        '<OwnerB Name="TIPC^PLC^PLC Instance">\n'
        '<Link VarA="Channel 4^Output" VarB="PlcTask Outputs^MAIN.bLamp"/>\n'
        "</OwnerB></OwnerA></Mappings></Project></TcSmProject>\n"
    )
    [link] = read_system([path]).links
    assert (link.symbol, link.area, link.endpoint) == (
        "MAIN.bLamp",
        "PlcTask Outputs",
        "TIID^Device 1 (EtherCAT)^Term 5 (EL2004)^Channel 4^Output",
    )


def test_a_broken_task_object_is_skipped_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "PlcTask.TcTTO"
    path.write_text(
        '<?xml version="1.0"?>\n<TcPlcObject>\n  <Task Name="PlcTask">\n</TcPlcObject>\n'
    )
    system = read_system([path, TWINCAT / "PLC" / "HmiTask.TcTTO", tmp_path / "gone.tsproj"])
    assert [t.name for t in system.tasks] == ["HmiTask"]
    [(broken, reason), (gone, why)] = system.skipped
    assert broken == path and re.match(r".*PlcTask.TcTTO:4:\d+: not well-formed XML", reason)
    assert gone.name == "gone.tsproj" and why.startswith("cannot read: ")
