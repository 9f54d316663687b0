"""Slices of the fixture plants, checked by hand against the sources line by line.

Each step shows as ``depth signal role [instance] file:line``; the statement
at each position is checked separately.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.plant.conftest import PLAIN, TWINCAT, at
from werk.tools.plant.model import SystemModel
from werk.tools.plant.slicing import Slice, SliceDirection

EK1100 = "TIID^Device 1 (EtherCAT)^Term 1 (EK1100)"
EL1008, EL2008, EL3102 = (f"{EK1100}^Term {n}" for n in ("2 (EL1008)", "3 (EL2008)", "4 (EL3102)"))
PUMP1 = "Main.fbStation.fbPump1"


def chain(result: Slice, root: Path) -> list[str]:
    return [
        f"{s.depth} {s.signal} {s.role} [{s.step.context}] {at(s.step, root)}" for s in result.steps
    ]


def statements(result: Slice, root: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for s in result.steps:
        found.setdefault(at(s.step, root), set()).add(s.step.statement)
    return found


def test_what_drives_pump_1s_output(plain: SystemModel) -> None:
    result = plain.slice("%QX0.0")
    assert result.target == "%QX0.0"
    assert chain(result, PLAIN) == [
        "1 %QX0.0 data [] GVL_IO.st:6",
        "2 GVL_IO.bPump1 data [Main] MAIN.st:8",
        "3 Main.fbStation.bPump1On data [Main.fbStation] FB_Station.st:16",
        f"4 {PUMP1}.bRun data [{PUMP1}] FB_Pump.st:14",
        f"4 {PUMP1}.bRun data [{PUMP1}] FB_Pump.st:17",
        f"5 {PUMP1}.bStart condition [Main.fbStation] FB_Station.st:14",
        f"5 {PUMP1}.bInterlock condition [Main.fbStation] FB_Station.st:14",
        f"5 {PUMP1}.bStop condition [Main.fbStation] FB_Station.st:14",
        "6 Main.fbStation.bStart data [Main] MAIN.st:6",
        "6 GVL_Data.rLevel data [Main] MAIN.st:5",
        "6 Main.fbStation.bStop data [Main] MAIN.st:7",
        "7 GVL_IO.bStartButton data [] GVL_IO.st:2",
        "7 GVL_Data.bReset data [Diag] DIAG.st:7",
        "7 GVL_Data.bReset data [Main] MAIN.st:11",
        "7 GVL_IO.nLevelRaw data [] GVL_IO.st:5",
        "7 GVL_IO.bStopButton data [] GVL_IO.st:3",
        "8 Diag.tonAlarm.Q data [Diag] DIAG.st:5",
        "8 GVL_IO.bLevelHigh condition [] GVL_IO.st:4",
        "9 Diag.tonAlarm.IN data [Diag] DIAG.st:5",
        "9 Diag.tonAlarm.PT data [Diag] DIAG.st:5",
    ]
    assert statements(result, PLAIN) == {
        "GVL_IO.st:6": {"bPump1 AT %QX0.0 : BOOL;"},
        "MAIN.st:8": {"fbStation(bPump1On => GVL_IO.bPump1)"},
        "FB_Station.st:16": {"bPump1On := fbPump1.bRun;"},
        "FB_Pump.st:14": {"bRun := TRUE;"},
        "FB_Pump.st:17": {"bRun := FALSE;"},
        "FB_Station.st:14": {
            "fbPump1(bStart := bStart)",
            "fbPump1(bInterlock := GVL_Data.rLevel > 1.8)",
            "fbPump1(bStop := bStop)",
        },
        "MAIN.st:6": {"fbStation(bStart := GVL_IO.bStartButton AND NOT GVL_Data.bReset)"},
        "MAIN.st:5": {"GVL_Data.rLevel := F_Scale(GVL_IO.nLevelRaw, 2.0);"},
        "MAIN.st:7": {"fbStation(bStop := NOT GVL_IO.bStopButton)"},
        "GVL_IO.st:2": {"bStartButton AT %IX0.0 : BOOL;"},
        "DIAG.st:7": {"GVL_Data.bReset := tonAlarm.Q;"},
        "MAIN.st:11": {"GVL_Data.bReset := FALSE;"},
        "GVL_IO.st:5": {"nLevelRaw AT %IW2 : INT;"},
        "GVL_IO.st:3": {"bStopButton AT %IX0.1 : BOOL;"},
        "DIAG.st:5": {
            "tonAlarm: TON.Q follows IN, PT",
            "tonAlarm(IN := GVL_IO.bLevelHigh AND NOT GVL_IO.bPump1)",
            "tonAlarm(PT := T#5S)",
        },
        "GVL_IO.st:4": {"bLevelHigh AT %IX0.2 : BOOL;"},
    }


def test_each_step_hangs_under_the_step_whose_value_it_feeds(plain: SystemModel) -> None:
    result = plain.slice("%QX0.0")
    deepest = max(range(len(result.steps)), key=lambda i: result.steps[i].depth)
    assert [(s.signal, at(s.step, PLAIN)) for s in result.chain(deepest)] == [
        ("%QX0.0", "GVL_IO.st:6"),
        ("GVL_IO.bPump1", "MAIN.st:8"),
        ("Main.fbStation.bPump1On", "FB_Station.st:16"),
        ("Main.fbStation.fbPump1.bRun", "FB_Pump.st:14"),
        ("Main.fbStation.fbPump1.bStart", "FB_Station.st:14"),
        ("Main.fbStation.bStart", "MAIN.st:6"),
        ("GVL_Data.bReset", "DIAG.st:7"),
        ("Diag.tonAlarm.Q", "DIAG.st:5"),
        ("Diag.tonAlarm.IN", "DIAG.st:5"),
    ]


def test_what_pump_1s_run_signal_drives(plain: SystemModel) -> None:
    result = plain.slice(f"{PUMP1}.bRun", SliceDirection.FORWARD, max_depth=3)
    assert chain(result, PLAIN) == [
        f"1 {PUMP1}.bRun data [{PUMP1}] FB_Pump.st:19",
        f"1 {PUMP1}.bRun data [Main.fbStation] FB_Station.st:16",
        f"2 {PUMP1}.tonDelay.IN data [{PUMP1}] FB_Pump.st:19",
        f"2 {PUMP1}.tonDelay.IN data [{PUMP1}] FB_Pump.st:19",
        "2 Main.fbStation.bPump1On data [Main] MAIN.st:8",
        f"3 {PUMP1}.tonDelay.Q data [Main.fbStation] FB_Station.st:15",
        "3 GVL_IO.bPump1 data [Diag] DIAG.st:5",
        "3 GVL_IO.bPump1 data [] GVL_IO.st:6",
    ]
    assert [s.step.statement for s in result.steps] == [
        "tonDelay(IN := bRun)",
        "bPump1On := fbPump1.bRun;",
        "tonDelay: TON.Q follows IN, PT",
        "tonDelay: TON.ET follows IN, PT",
        "fbStation(bPump1On => GVL_IO.bPump1)",
        "fbPump2(bStart := fbPump1.tonDelay.Q)",
        "tonAlarm(IN := GVL_IO.bLevelHigh AND NOT GVL_IO.bPump1)",
        "bPump1 AT %QX0.0 : BOOL;",
    ]
    assert result.truncated


def test_a_forward_slice_marks_conditions(plain: SystemModel) -> None:
    result = plain.slice("GVL_IO.bLevelHigh", SliceDirection.FORWARD, max_depth=1)
    assert [(s.role, s.step.statement, at(s.step, PLAIN)) for s in result.steps] == [
        ("data", "tonAlarm(IN := GVL_IO.bLevelHigh AND NOT GVL_IO.bPump1)", "DIAG.st:5"),
        ("condition", "GVL_Data.bReset := FALSE;", "MAIN.st:11"),
    ]


def test_an_input_is_driven_by_its_address_only(plain: SystemModel) -> None:
    result = plain.slice("GVL_IO.bStartButton")
    assert chain(result, PLAIN) == ["1 GVL_IO.bStartButton data [] GVL_IO.st:2"]
    assert result.signals == ["GVL_IO.bStartButton", "%IX0.0"]


def test_a_terminal_channel_traced_back_through_a_twincat_link(twincat: SystemModel) -> None:
    result = twincat.slice(f"{EL2008}^Channel 1^Output")
    conveyor = "PLC/POUs/FB_Conveyor.TcPOU"
    assert chain(result, TWINCAT) == [
        f"1 {EL2008}^Channel 1^Output data [] Plant.tsproj:32",
        "2 GVL_IO.bMotorOn data [MAIN] PLC/POUs/MAIN.TcPOU:11",
        f"3 MAIN.fbConveyor.bRunning data [MAIN.fbConveyor] {conveyor}:20",
        f"3 MAIN.fbConveyor.bRunning data [MAIN.fbConveyor] {conveyor}:23",
        f"3 MAIN.fbConveyor.bRunning data [MAIN.fbConveyor] {conveyor}:31",
        f"4 MAIN.fbConveyor.rtEnable.Q condition [MAIN.fbConveyor] {conveyor}:18",
        "4 MAIN.fbConveyor.bEnable condition [MAIN] PLC/POUs/MAIN.TcPOU:10",
        "4 MAIN.fbConveyor.Stop() condition [HMI] PLC/POUs/HMI.TcPOU:10",
        f"5 MAIN.fbConveyor.rtEnable.CLK data [MAIN.fbConveyor] {conveyor}:18",
        "5 GVL_IO.bStart data [] Plant.tsproj:29",
        "6 MAIN.fbConveyor.nSpeed data [MAIN] PLC/POUs/MAIN.TcPOU:10",
        "7 GVL_IO.nSpeedRaw data [] Plant.tsproj:36",
    ]
    assert [s.step.statement for s in result.steps] == [
        f"link PlcTask Outputs^GVL_IO.bMotorOn <-> {EL2008}^Channel 1^Output",
        "GVL_IO.bMotorOn := fbConveyor.bRunning;",
        "bRunning := TRUE;",
        "bRunning := FALSE;",
        "bRunning := FALSE;",
        "rtEnable: R_TRIG.Q follows CLK",
        "fbConveyor(bEnable := GVL_IO.bStart)",
        "MAIN.fbConveyor.Stop()",
        "rtEnable(CLK := bEnable AND nSpeed > 0)",
        f"link PlcTask Inputs^GVL_IO.bStart <-> {EL1008}^Channel 1^Input",
        "fbConveyor(nSpeed := GVL_IO.nSpeedRaw)",
        f"link PlcTask Inputs^GVL_IO.nSpeedRaw <-> {EL3102}^AI Standard Channel 1^Value",
    ]


def test_the_call_of_a_method_guards_its_writes(twincat: SystemModel) -> None:
    result = twincat.slice("MAIN.fbConveyor.Stop()")
    [step] = [s.step for s in result.steps]
    assert (step.context, step.conditions, step.tasks) == (
        "HMI",
        ("GVL_IO.bStopRequest",),
        ("HmiTask",),
    )


@pytest.mark.parametrize("direction", list(SliceDirection))
def test_a_loop_in_the_code_ends_the_slice(plain: SystemModel, direction: SliceDirection) -> None:
    result = plain.slice("Main.fbStation.fbPump2.bRun", direction)
    ids = [id(s.step) for s in result.steps]
    assert len(ids) == len(set(ids))
    assert {s.signal for s in result.steps} <= set(result.signals)
