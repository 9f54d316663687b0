"""The public API: cycles on the virtual clock, paths, restarts, harnesses and usage errors."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import project_of, simulate
from werk.tools.errors import UsageError
from werk.tools.st.sim import Simulator


def test_cycles_run_at_base_interval_steps() -> None:
    sim = simulate("timing.st", programs=["Timing"])
    sim.cycle()
    assert sim.clock.now_ms == 0  # the first cycle runs at 0 ms
    assert sim.get("Timing.nCycles") == 1
    sim.cycle(3)
    assert sim.clock.now_ms == 30
    assert sim.get("Timing.tLastEt") == 30


def test_advance_runs_the_cycles_starting_before_its_end() -> None:
    sim = simulate("timing.st", programs=["Timing"])
    sim.advance(100)  # cycles at 0, 10, ..., 90 ms
    assert sim.get("Timing.nCycles") == 10
    assert sim.clock.now_ms == 100
    assert sim.get("Timing.tonDelay.Q") is False
    assert sim.get("Timing.tonDelay.ET") == 90
    sim.cycle()  # at 100 ms: PT reached exactly
    assert sim.get("Timing.tonDelay.Q") is True


def test_cycle_time_and_clock_jumps() -> None:
    sim = simulate("timing.st", programs=["Timing"], cycle_ms=20)
    sim.advance(100)  # 0, 20, 40, 60, 80
    assert sim.get("Timing.nCycles") == 5
    sim.clock.advance(1_000_000_000)  # a test moves time by 1 s between cycles
    sim.cycle()
    assert sim.clock.now_ms == 1100  # the next cycle runs at the current time
    assert sim.get("Timing.tLastEt") == 100  # capped at PT


def test_programs_run_in_the_order_given() -> None:
    sim = simulate("timing.st", programs=["Second", "Timing"])
    assert sim.programs == ["Second", "Timing"]
    sim.cycle(2)
    assert sim.get("Second.nCycles") == 2 and sim.get("timing.nCycles") == 2


def test_restarts_keep_only_retained_values() -> None:
    sim = simulate("retain.st")
    sim.cycle(3)
    assert sim.get("RetainMain.fbTotal.nTotal") == 15  # 3 x 5
    sim.warm_restart()
    assert sim.get("RetainMain.nCycles") == 100  # re-initialised
    assert sim.get("RetainMain.nRetained") == 3  # VAR RETAIN
    assert sim.get("RetainMain.nPersistent") == 6  # VAR PERSISTENT: 3 x 2
    assert sim.get("gnStarts") == 3 and sim.get("gnHours") == 3  # global RETAIN, PERSISTENT
    assert sim.get("gnVolatile") == 3  # back to its initial value
    assert sim.get("RetainMain.fbTotal.nTotal") == 15  # RETAIN inside an FB instance
    assert sim.get("RetainMain.fbTotal.nSession") == 0
    sim.cycle()
    assert sim.get("RetainMain.nRetained") == 4 and sim.get("RetainMain.nCycles") == 101
    sim.cold_restart()
    assert sim.get("RetainMain.nRetained") == 0 and sim.get("gnHours") == 0
    assert sim.get("RetainMain.fbTotal.nTotal") == 0


def test_globals_gvls_and_other_programs() -> None:
    sim = simulate("globals.st", "GVL_Plant.st", programs=["GlobalsMain", "Reader"])
    sim.cycle()
    assert sim.get("GlobalsMain.nRead") == 45  # GVL_Plant.nLevel 40 + gnShared 5
    assert sim.get("GVL_Plant.aTanks[2]") == 1.5
    assert sim.get("gnShared") == 6  # written through VAR_EXTERNAL
    assert sim.get("globals.gnShared") == 6  # the file's GVL name qualifies it too
    assert sim.get("Reader.nFromMain") == 45  # PROGRAM.variable from another program
    sim.set("gvl_plant.nlevel", 1)  # paths are case-insensitive
    sim.cycle()
    assert sim.get("GlobalsMain.nRead") == 1 + 6


def test_without_a_configuration_the_only_program_runs() -> None:
    sim = simulate("retain.st")
    assert sim.programs == ["RetainMain"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "several PROGRAMs"),
        ({"programs": ["Nope"]}, "'Nope' is not a PROGRAM"),
        ({"programs": ["Timing"], "cycle_ms": 0}, "cycle_ms"),
        ({"programs": ["Timing"], "statement_budget": 0}, "statement_budget"),
    ],
)
def test_construction_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Simulator(project_of("timing.st"), **options)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("Nowhere.x", 1, "no program instance"),
        ("Timing.nope", 1, "has no variable 'nope'"),
        ("Timing.bIn", 1, "BOOL"),
        ("Timing.nCycles", 1.5, "int"),
        ("Timing.tonDelay", 1, "function block instance"),
        ("Timing.tonDelay.Nope", True, "has the members"),
        ("Timing.nCycles[1]", 1, "not an array"),
        ("%IX0", True, "bit number"),
    ],
)
def test_path_errors(path: str, value: object, message: str) -> None:
    sim = simulate("timing.st", programs=["Timing"])
    with pytest.raises(UsageError, match=message):
        sim.set(path, value)


def test_harness_and_function_errors() -> None:
    sim = simulate("pous.st", programs=[])
    with pytest.raises(UsageError, match="not a FUNCTION_BLOCK"):
        sim.instantiate("F_Scale")
    with pytest.raises(UsageError, match="standard FB"):
        sim.instantiate("TON")
    with pytest.raises(UsageError, match="not a FUNCTION"):
        sim.function("FB_Axis")
    with pytest.raises(UsageError, match="no input"):
        sim.function("F_Scale")(rNope=1.0)
    with pytest.raises(UsageError, match="positional"):
        sim.function("F_Split")(1, 2)
    with pytest.raises(UsageError, match="no method"):
        sim.instantiate("FB_Axis").call_method("Nope")


def test_coverage_is_off_by_default() -> None:
    assert simulate("timing.st", programs=["Timing"]).coverage is None
