"""The checked POU on the simulator: its signals, their roles, and one cycle at a time."""

from __future__ import annotations

import pytest

from tests.tools.st.prove.support import project_of
from werk.tools.errors import UsageError
from werk.tools.st.prove.entry import Entry, Role


def test_signals_of_a_function_block() -> None:
    entry = Entry(project_of("stack.st"), "FB_Queue")
    roles = {signal.shown: signal.role for signal in entry.signals.values()}
    assert roles["instance.bPut"] is Role.INPUT
    assert roles["instance.nItem"] is Role.INPUT  # an in-out: the caller's variable
    assert roles["instance.aSlots[4]"] is Role.INPUT
    assert roles["instance.bFull"] is Role.OUTPUT
    assert roles["instance.nUsed"] is Role.LOCAL
    assert entry.find("ASLOTS[ 2 ]") is not None  # any case, any spacing


def test_signals_of_a_program_include_its_located_globals() -> None:
    entry = Entry(project_of("plant.st"), "MAIN")
    start = entry.find("bStartButton")
    assert start is not None and start.is_global and start.role is Role.INPUT
    assert start.shown == "plant.bStartButton"
    motor = entry.find("plant.bMotorOut")
    assert motor is not None and motor.role is Role.GLOBAL
    assert entry.find("rtStart.Q") is not None


def test_cycles_run_on_the_simulator_with_in_outs_bound() -> None:
    entry = Entry(project_of("stack.st"), "FB_Queue")
    runner = entry.runner()
    assert runner.cycle({"bput": True, "nitem": 42}) is None
    assert runner.read(entry.signals["aslots[1]"]) == 42
    assert runner.read(entry.signals["nused"]) == 1
    runner.restart()
    assert runner.read(entry.signals["nused"]) == 0


def test_a_function_cannot_be_the_entry() -> None:
    with pytest.raises(UsageError, match="FUNCTION_BLOCK or PROGRAM"):
        Entry(project_of("mixed.st"), "F_Scale")
