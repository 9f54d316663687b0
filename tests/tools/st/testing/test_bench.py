"""The test bench: the POU under test, its signals, and when its cycles run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.testing.support import load, plant
from werk.tools.st.model.project import Project
from werk.tools.st.testing import TestDefinitionError
from werk.tools.st.testing.bench import TestBench, find_pou_under_test

MS = 1_000_000


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return load(plant(tmp_path_factory.mktemp("bench") / "project"))


def bench(project: Project, name: str, cycle_ms: int = 10) -> TestBench:
    return TestBench(project, find_pou_under_test(project, name), cycle_ns=cycle_ms * MS)


def test_cycles_start_at_multiples_of_the_cycle_time(project: Project) -> None:
    delay = bench(project, "FB_Delay")
    assert (delay.now_ns, delay.next_tick_ns(), delay.cycles) == (0, 0, 0)
    delay.signal("bStart").assign(True)
    delay.run_cycle()
    assert (delay.last_cycle_ns, delay.now_ns) == (0, 10 * MS)
    assert delay.advance(95 * MS) == 10  # the cycles at 10..100 ms
    assert (delay.last_cycle_ns, delay.now_ns) == (100 * MS, 110 * MS)
    assert delay.signal("bDone").read() is True
    assert delay.signal("tonDelay.ET").read() == 100
    assert delay.sim.clock.now_ns == 100 * MS  # the PLC's clock: the cycle's start


def test_timer_is_done_in_the_cycle_at_its_preset(project: Project) -> None:
    delay = bench(project, "FB_Delay")
    delay.signal("bStart").assign(True)
    done = []
    for _ in range(12):
        delay.run_cycle()
        done.append((delay.last_cycle_ns // MS, delay.signal("bDone").read()))
    assert done[9:] == [(90, False), (100, True), (110, True)]


def test_program_signals_globals_and_addresses(project: Project) -> None:
    count = bench(project, "PRG_Count")
    address = count.signal("%IX0.0")
    assert address.layout.name == "BOOL"
    for pulse in (True, False, True):
        address.assign(pulse)
        count.run_cycle()
    assert count.signal("nCount").read() == 2
    assert count.signal("nTotal").read() == 20
    assert count.signal("bPulse").read() is True


def test_function_signals(project: Project) -> None:
    limit = bench(project, "F_Limit")
    assert limit.signal("F_Limit").read() == 0  # before the first call: the initial value
    limit.signal("nIn").assign(15)
    limit.signal("nMax").assign(10)
    limit.run_cycle()
    assert (limit.signal("F_Limit").read(), limit.signal("bClipped").read()) == (10, True)
    with pytest.raises(TestDefinitionError, match="F_Limit has no input or output 'nOut'"):
        limit.signal("nOut")


def test_in_outs_are_bound_to_storage_of_the_test(project: Project) -> None:
    push = bench(project, "FB_Push")
    push.signal("nItem").assign(5)
    push.signal("bPush").assign(True)
    push.run_cycle()
    assert push.signal("aStack").read() == [5, 0, 0, 0]
    assert push.signal("nItem").read() == 0


def test_unknown_pou_and_signal(project: Project, tmp_path: Path) -> None:
    where = tmp_path / "t.trace.yaml"
    with pytest.raises(TestDefinitionError) as caught:
        find_pou_under_test(project, "FB_Classfy", where, 3)
    assert caught.value.reason == (
        "no FUNCTION_BLOCK, PROGRAM or FUNCTION 'FB_Classfy' in the project "
        "(did you mean FB_Classify?)"
    )
    assert (caught.value.path, caught.value.line) == (where, 3)
    with pytest.raises(TestDefinitionError, match="TON is a standard FUNCTION_BLOCK"):
        find_pou_under_test(project, "TON")
    delay = bench(project, "FB_Delay")
    with pytest.raises(TestDefinitionError, match=r"FB_Delay has no variable 'bDon' \(did you"):
        delay.signal("bDon")
    with pytest.raises(TestDefinitionError, match="TON has the members"):
        delay.signal("tonDelay.Done")
    with pytest.raises(TestDefinitionError, match="not a direct address"):
        delay.signal("%XX1")


@pytest.mark.parametrize(
    ("signal", "message"),
    [
        (  # a list the project does not have: not "PRG_Count has no variable 'GVL_HM'"
            "GVL_HM.wConveyorStatus",
            "GVL_HM.wConveyorStatus: no variable GVL_HM in PRG_Count and no global variable "
            "list or global variable GVL_HM in the project (did you mean GVL_Hmi?)",
        ),
        (
            "GVL_Hmi.wConveyorState",
            "GVL_Hmi.wConveyorState: GVL_Hmi has no variable 'wConveyorState' "
            "(did you mean wConveyorStatus?)",
        ),
        (
            "IO.bRun",
            "IO.bRun: no variable IO in PRG_Count and no global variable "
            "list or global variable IO in the project",
        ),
        ("rtPulse.QQ", "PRG_Count.rtPulse.QQ: R_TRIG has the members CLK, Q"),
    ],
)
def test_unknown_global_signals_are_named_in_the_projects_terms(
    tmp_path: Path, signal: str, message: str
) -> None:
    with_hmi = load(plant(tmp_path / "project", "GVL_Hmi.st"))
    count = bench(with_hmi, "PRG_Count")
    with pytest.raises(TestDefinitionError) as caught:
        count.signal(signal)
    assert caught.value.reason == message
    assert count.signal("GVL_Hmi.wConveyorStatus").read() == 0
    assert count.signal("GVL_HMI.bLampTest").read() is False  # names ignore case
