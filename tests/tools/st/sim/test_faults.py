"""Each fault kind, with the exact position in the fixture and the ST call stack."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import FIXTURES, line_text, simulate
from werk.tools.st.sim import FaultKind, SimulationFault, Simulator

FAULTS = "faults.st"


def fault_of(sim: Simulator, path: str, value: object) -> SimulationFault:
    sim.cycle()  # a healthy cycle first: the fault comes from the input, not the start
    sim.set(path, value)
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    return raised.value


def test_division_by_zero_with_call_stack() -> None:
    sim = simulate(FAULTS, programs=["Division"])
    fault = fault_of(sim, "Division.nCount", 0)
    assert fault.kind is FaultKind.DIVISION_BY_ZERO
    assert fault.position is not None
    assert (fault.position.path, fault.position.line) == (FIXTURES / FAULTS, 8)
    assert line_text(FAULTS, 8) == "F_Ratio := nNum / nDen;"
    assert fault.position.column == 12  # the division itself: ``nNum / nDen``
    frames = [(f.instance, f.pou, f.position.line if f.position else None) for f in fault.stack]
    assert frames == [
        ("F_Ratio", "F_Ratio", 8),
        ("Division.fbAverage", "FB_Averager.Compute", 20),  # Compute := F_Ratio(...)
        ("Division.fbAverage", "FB_Averager", 22),  # nMean := Compute();
        ("Division", "Division", 33),  # fbAverage(nTotal := 10, nCount := nCount);
    ]
    assert str(fault).endswith(f"at {FIXTURES / FAULTS}:8")
    assert "in Division.fbAverage (FB_Averager.Compute)" in fault.report()


def test_array_index_out_of_bounds() -> None:
    fault = fault_of(simulate(FAULTS, programs=["Bounds"]), "Bounds.nIndex", 4)
    assert fault.kind is FaultKind.ARRAY_BOUND
    assert fault.position is not None and fault.position.line == 44
    assert line_text(FAULTS, 44) == "aValues[nIndex] := 7;"
    assert "4 is outside 1..3" in fault.message


def test_subrange_violation() -> None:
    fault = fault_of(simulate(FAULTS, programs=["Subrange"]), "Subrange.nRequest", 6)
    assert fault.kind is FaultKind.SUBRANGE
    assert fault.position is not None and fault.position.line == 54
    assert line_text(FAULTS, 54) == "nLevel := nRequest * 2;"
    assert "12 is outside" in fault.message  # 6 * 2


def test_null_pointer_dereference() -> None:
    sim = simulate(FAULTS, programs=["NullPointer"])
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()  # bBind is FALSE from the start
    fault = raised.value
    assert fault.kind is FaultKind.NULL_REFERENCE
    assert fault.position is not None and fault.position.line == 68
    assert line_text(FAULTS, 68) == "pTarget^ := 3;"
    sim.set("NullPointer.bBind", True)
    sim.cycle()  # bound now: no fault
    assert sim.get("NullPointer.nTarget") == 3


def test_watchdog_stops_an_endless_while_at_the_loop() -> None:
    sim = simulate(FAULTS, programs=["Endless"], statement_budget=5_000)
    fault = fault_of(sim, "Endless.bStuck", True)
    assert fault.kind is FaultKind.WATCHDOG
    assert fault.position is not None and fault.position.line == 78
    assert line_text(FAULTS, 78) == "WHILE bStuck DO"
    # Each pass counts the loop and its one statement: the budget ran out near 2,500.
    assert 2_000 <= sim.get("Endless.nSpins") <= 2_500


def test_watchdog_wall_time_limit() -> None:
    sim = simulate(FAULTS, programs=["Endless"], wall_time_limit_s=0.0)
    fault = fault_of(sim, "Endless.bStuck", True)
    assert fault.kind is FaultKind.WATCHDOG
    assert "wall time" in fault.message
    assert fault.position is not None and fault.position.line == 78


def test_not_supported_construct_faults_only_when_it_runs() -> None:
    sim = simulate(FAULTS, programs=["Jumps"])
    assert [(u.what, u.position.line) for u in sim.unsupported] == [("JMP (jumps to labels)", 90)]
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    fault = raised.value
    assert fault.kind is FaultKind.NOT_SUPPORTED
    assert str(fault) == f"not supported: JMP (jumps to labels) at {FIXTURES / FAULTS}:90"


def test_the_program_continues_after_a_fault_is_fixed() -> None:
    sim = simulate(FAULTS, programs=["Division"])
    fault_of(sim, "Division.nCount", 0)
    sim.set("Division.nCount", 5)
    sim.cycle()
    assert sim.get("Division.nMean") == 2  # 10 / 5


def test_fault_inside_a_branch_is_positioned_at_its_statement() -> None:
    fault = fault_of(simulate(FAULTS, programs=["NestedSubrange"]), "NestedSubrange.nRequest", -7)
    assert fault.kind is FaultKind.SUBRANGE
    assert fault.position is not None and fault.position.line == 106
    assert line_text(FAULTS, 106) == "    nLevel := nRequest;"
