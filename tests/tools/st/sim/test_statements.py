"""Every statement kind, run for one cycle, against values worked out by hand."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import line_text, simulate
from werk.tools.st.sim import FaultKind, SimulationFault


def test_assignment_latches_bit_access_and_empty_statement() -> None:
    sim = simulate("statements.st", programs=["Assignments"])
    sim.cycle()
    assert sim.get("Assignments.nB") == 14  # 5 * 3 - 1
    # 16#00F0 = 240; bit 0 set -> 241; bit 4 cleared -> 225 (16#E1); bit 7 of 16#E1 is 1
    assert sim.get("Assignments.wFlags") == 225
    assert sim.get("Assignments.bBit") is True
    assert sim.get("Assignments.bLatch") is False  # neither S= nor R= fired


def test_set_and_reset_assignments_latch() -> None:
    sim = simulate("statements.st", programs=["Assignments"])
    sim.set("Assignments.bSet", True)
    sim.cycle()
    assert sim.get("Assignments.bLatch") is True
    sim.set("Assignments.bSet", False)
    sim.cycle()
    assert sim.get("Assignments.bLatch") is True  # S= does not reset when its condition falls
    sim.set("Assignments.bReset", True)
    sim.cycle()
    assert sim.get("Assignments.bLatch") is False


@pytest.mark.parametrize(
    ("value", "if_result", "case_result"),
    [
        (-5, -1, -100),  # IF branch; CASE ELSE
        (0, 0, 100),  # first ELSIF; CASE 0
        (2, 1, 200),  # second ELSIF; CASE list 1, 2, 3
        (7, 1, 300),  # range 4..9
        (20, 2, 300),  # ELSE; the single value after the range
        (10, 2, -100),  # just outside the range: CASE ELSE
    ],
)
def test_if_elsif_else_and_case(value: int, if_result: int, case_result: int) -> None:
    sim = simulate("statements.st", programs=["Branches"])
    sim.set("Branches.nIn", value)
    sim.cycle()
    assert sim.get("Branches.nIf") == if_result
    assert sim.get("Branches.nCase") == case_result


def test_loops() -> None:
    sim = simulate("statements.st", programs=["Loops"])
    sim.cycle()
    assert sim.get("Loops.nSumUp") == 10  # 1 + 2 + 3 + 4
    assert sim.get("Loops.nAfterFor") == 5  # the counter ends one step past the bound
    assert sim.get("Loops.nSumDown") == 10741  # i = 10, 7, 4, 1 appended as digits
    assert sim.get("Loops.nSumStep") == 3  # i = 0, 5, 10
    assert sim.get("Loops.nBoundOnce") == 5  # the bound (5) is read once, before the loop
    assert sim.get("Loops.nWhile") == 243  # 1, 3, 9, 27, 81, 243
    assert sim.get("Loops.nRepeat") == 21  # 7, 14, 21: the body runs before UNTIL is tested
    assert sim.get("Loops.nExit") == 6  # 1 + 2 + 3, EXIT at i = 4
    assert sim.get("Loops.nContinue") == 9  # 1 + 3 + 5
    assert sim.get("Loops.nNested") == 63  # (11) + (21) + (31): EXIT leaves only the inner loop


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [(-1, 0, 0, 1), (0, -1, 0, 2), (0, 0, -1, 3), (0, 0, 0, 4)],
)
def test_return_leaves_the_function_from_any_depth(a: int, b: int, c: int, expected: int) -> None:
    sim = simulate("statements.st", programs=[])
    assert sim.function("F_FirstNegative")(a, b, c) == expected


def test_loop_edges() -> None:
    sim = simulate("statements.st", programs=["LoopEdges"])
    sim.cycle()
    assert sim.get("LoopEdges.nIterations") == 5  # CONTINUE still increments the counter
    assert sim.get("LoopEdges.nContinueFor") == 13  # 1 + 3 + 4 + 5
    assert sim.get("LoopEdges.nVariable") == 6  # 10, 8, 6, 4, 2, 0 with BY -2
    assert sim.get("LoopEdges.nUp") == 2  # 0, 2 with BY 2
    # CONTINUE in REPEAT goes to UNTIL: pass 1 continues, UNTIL is FALSE; pass 2 continues,
    # UNTIL (2 >= 2) is TRUE: the loop ends without adding 100.
    assert sim.get("LoopEdges.nRepeatPasses") == 2
    assert sim.get("LoopEdges.nRepeatContinue") == 0
    assert sim.get("LoopEdges.nCaseExit") == 3  # EXIT inside a CASE leaves the WHILE
    assert sim.get("LoopEdges.nSet") == 2  # 2 is in the second list
    assert sim.get("LoopEdges.nOnlyElse") == 0  # no clause matches and there is no ELSE
    assert sim.get("LoopEdges.bEmpty") is True
    sim.set("LoopEdges.nStep", 7)
    sim.cycle()
    assert sim.get("LoopEdges.nVariable") == 2  # 10, 3
    assert sim.get("LoopEdges.nSet") == 1


def test_zero_step_never_ends() -> None:
    sim = simulate("statements.st", programs=["LoopEdges"], statement_budget=10_000)
    sim.set("LoopEdges.nStep", 0)
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    assert raised.value.kind is FaultKind.WATCHDOG
    assert raised.value.position is not None
    # BY -0 counts up from 10 to 0: no pass; BY 0 from 0 to 3 never ends.
    assert line_text("statements.st", raised.value.position.line) == "FOR i := 0 TO 3 BY nStep DO"


def test_counter_wraps_so_the_loop_to_the_maximum_never_ends() -> None:
    # i := 32767 + 1 wraps to -32768 <= 32767: the loop goes on, as on the PLC.
    sim = simulate("statements.st", programs=["Wraps"], statement_budget=100_000)
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    assert raised.value.kind is FaultKind.WATCHDOG
    assert sim.get("Wraps.nPasses") > 2


def test_return_from_loops_in_functions_methods_and_bodies() -> None:
    sim = simulate("statements.st", programs=[])
    find = sim.function("F_FindFirst")
    assert find(nWanted=10) == 4  # 4 * 4 >= 10
    assert find(nWanted=101) == -1
    loops = sim.instantiate("FB_Loops")
    loops.call()
    # SumTo(3) = 1 + 2 + 3 = 6; SumTo(10) returns at k = 4 with 10; the body's RETURN
    # skips the last assignment.
    assert loops.get("nTotal") == 610
