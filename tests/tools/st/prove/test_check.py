"""Hand-checked verdicts per pattern: proved, violated (shortest trace), unknown, defective."""

from __future__ import annotations

import pytest

from tests.tools.st.prove.support import check_one, line_of, project_of, prop
from werk.tools.errors import UsageError
from werk.tools.st.prove import CheckOptions, PropertyResult, Verdict, check_properties


def inputs_of(result: PropertyResult, name: str) -> list[object]:
    assert result.trace is not None
    return [cycle.inputs[name] for cycle in result.trace.cycles]


# --- invariant, forbidden, implication ----------------------------------------------------------


def test_stop_dominant_latch_is_proved_by_induction() -> None:
    result = check_one(
        "latch.st", "FB_Latch", "pattern-implication", "instance.bStop", "NOT instance.bMotor"
    )
    assert result.verdict is Verdict.PROVED
    assert result.engine == "induction" and result.depth == 1


def test_start_dominant_latch_fails_in_cycle_one_with_both_buttons() -> None:
    # Worked out by hand: start and stop pressed together in cycle 1 switch the motor on.
    result = check_one(
        "latch.st", "FB_StartWins", "pattern-implication", "instance.bStop", "NOT instance.bMotor"
    )
    assert result.verdict is Verdict.VIOLATED
    assert result.trace is not None and result.trace.failing_cycle == 1
    assert result.trace.length == 1
    assert result.trace.cycles[0].inputs == {"instance.bStart": True, "instance.bStop": True}
    assert result.trace.cycles[0].values["instance.bMotor"] is True


@pytest.mark.parametrize("engine", ["bmc", "falsify"])
def test_both_engines_find_the_same_shortest_counterexample(engine: str) -> None:
    result = check_one(
        "latch.st",
        "FB_StartWins",
        "pattern-implication",
        "instance.bStop",
        "NOT instance.bMotor",
        engine=engine,
    )
    assert result.verdict is Verdict.VIOLATED and result.engine == engine
    assert result.trace is not None and result.trace.failing_cycle == 1
    assert result.trace.confirmed  # replayed on the simulator


def test_forbidden_state_is_proved() -> None:
    result = check_one(
        "latch.st", "FB_Latch", "pattern-forbidden", "instance.bMotor AND instance.bStop"
    )
    assert result.verdict is Verdict.PROVED


def test_invariant_violated_at_the_initial_cycle() -> None:
    result = check_one("latch.st", "FB_Latch", "pattern-invariant", "instance.bMotor")
    assert result.verdict is Verdict.VIOLATED
    assert result.trace is not None and result.trace.failing_cycle == 1
    # shrunk: nothing pressed is the simplest way to leave the motor off
    assert result.trace.cycles[0].inputs == {"instance.bStart": False, "instance.bStop": False}


# --- timers: BMC and the simulator agree ---------------------------------------------------------


def test_on_delay_alarm_counterexample_is_cycle_four() -> None:
    # TON PT = 30 ms, 10 ms cycles: started in cycle 1 (t = 0), Q in cycle 4 (t = 30 ms).
    result = check_one(
        "timers.st", "FB_Alarm", "pattern-invariant", "NOT instance.bAlarm", engine="bmc"
    )
    assert result.verdict is Verdict.VIOLATED and result.engine == "bmc"
    assert result.trace is not None and result.trace.confirmed
    assert result.trace.failing_cycle == 4
    assert inputs_of(result, "instance.bHigh") == [True, True, True, True]


def test_alarm_only_while_high_is_proved() -> None:
    result = check_one(
        "timers.st", "FB_Alarm", "pattern-implication", "instance.bAlarm", "instance.bHigh"
    )
    assert result.verdict is Verdict.PROVED


def test_alarm_within_pt_is_proved_and_a_shorter_bound_is_violated() -> None:
    held = ("instance.bHigh", "instance.bAlarm OR NOT instance.bHigh")
    within_pt = check_one("timers.st", "FB_Alarm", "werk-response", *held, "T#30ms")
    assert within_pt.verdict is Verdict.PROVED and within_pt.engine == "induction"
    too_soon = check_one("timers.st", "FB_Alarm", "werk-response", *held, "2", engine="bmc")
    assert too_soon.verdict is Verdict.VIOLATED
    assert too_soon.trace is not None and too_soon.trace.failing_cycle == 3
    assert inputs_of(too_soon, "instance.bHigh") == [True, True, True]


def test_run_on_timer_stops_the_motor_within_three_cycles() -> None:
    stop = ("NOT instance.bRun", "NOT instance.bMotor OR instance.bRun")
    assert check_one("timers.st", "FB_RunOn", "werk-response", *stop, "3").verdict is Verdict.PROVED
    # Hand-checked: run in cycle 1, stop from cycle 2 (TOF starts at 10 ms, Q falls at 40 ms,
    # cycle 5), so with a bound of 2 cycles the property fails at the end of cycle 4.
    late = check_one("timers.st", "FB_RunOn", "werk-response", *stop, "2", engine="bmc")
    assert late.verdict is Verdict.VIOLATED
    assert late.trace is not None and late.trace.failing_cycle == 4
    assert inputs_of(late, "instance.bRun") == [True, False, False, False]


def test_a_ranged_cycle_time_lets_the_timer_expire_in_fewer_cycles() -> None:
    # Cycles of 10..15 ms: with 15 ms cycles the 30 ms preset is reached in cycle 3 (t = 30 ms).
    result = check_one(
        "timers.st",
        "FB_Alarm",
        "pattern-invariant",
        "NOT instance.bAlarm",
        options=CheckOptions(depth=8, runs=20, cycle_ms=10, cycle_max_ms=15, engine="bmc"),
    )
    assert result.verdict is Verdict.VIOLATED and result.trace is not None
    assert result.trace.confirmed and result.trace.failing_cycle == 3
    assert [cycle.time_ms for cycle in result.trace.cycles] == [0, 15, 30]


# --- integer overflow: found by BMC, confirmed by the simulator ----------------------------------


def test_counter_overflow_is_found_by_bmc_in_two_cycles() -> None:
    # Only non-negative amounts are added, so the total turns negative only by wrapping:
    # cycle 1 stores a, cycle 2 stores a + b > 32767 as a + b - 65536.
    result = check_one(
        "counters.st",
        "FB_Total",
        "pattern-invariant",
        "instance.nTotal >= 0",
        ranges={"instance.nAdd": ("0", "32767")},
        engine="bmc",
    )
    assert result.verdict is Verdict.VIOLATED and result.trace is not None
    assert result.trace.confirmed and result.trace.failing_cycle == 2
    first, second = inputs_of(result, "instance.nAdd")
    assert isinstance(first, int) and isinstance(second, int)
    assert first + second > 32767  # INT wraps: the simulator stored a negative total
    assert result.trace.cycles[1].values["instance.nTotal"] == first + second - 65536


# --- the other patterns ----------------------------------------------------------------------


def test_during_cycle_sees_the_inputs_of_the_cycle() -> None:
    proved = check_one(
        "latch.st", "FB_Follow", "pattern-statechange-duringcycle", "instance.bIn", "instance.bNow"
    )
    assert proved.verdict is Verdict.PROVED
    late = check_one(
        "latch.st", "FB_Follow", "pattern-statechange-duringcycle", "instance.bIn", "instance.bLate"
    )
    assert late.verdict is Verdict.VIOLATED
    assert late.trace is not None and late.trace.failing_cycle == 1


def test_between_cycles() -> None:
    params = ("instance.nCount = 5", "instance.bStep", "instance.nCount = 6")
    result = check_one("counters.st", "FB_Steps", "pattern-statechange-betweencycles", *params)
    # FB_Steps stops at 5: five steps reach 5, the sixth does not give 6.
    assert result.verdict is Verdict.VIOLATED
    assert result.trace is not None and result.trace.failing_cycle == 6
    assert inputs_of(result, "instance.bStep") == [True] * 6


def test_leadsto_needs_the_cause_in_an_earlier_cycle() -> None:
    # PLCverif: "If {1} is true at the end of a cycle, {2} was true at the end of an earlier
    # cycle": the latch switches on in the cycle start is pressed, not later.
    same_cycle = check_one(
        "latch.st", "FB_Latch", "pattern-leadsto", "instance.bMotor", "instance.bStart"
    )
    assert same_cycle.verdict is Verdict.VIOLATED
    assert same_cycle.trace is not None and same_cycle.trace.failing_cycle == 1
    delayed = check_one(
        "latch.st", "FB_Armed", "pattern-leadsto", "instance.bMotor", "instance.bStart"
    )
    assert delayed.verdict is Verdict.PROVED


def test_reachability_witness_and_unreachable() -> None:
    reached = check_one("counters.st", "FB_Pulses", "pattern-reachability", "instance.nCount = 3")
    assert reached.verdict is Verdict.PROVED
    assert reached.trace is not None and reached.trace.length == 5  # T F T F T: 3 rising edges
    never = check_one(
        "latch.st", "FB_Latch", "pattern-reachability", "instance.bMotor AND instance.bStop"
    )
    assert never.verdict is Verdict.VIOLATED and never.engine == "induction"


def test_repeatability() -> None:
    again = check_one("latch.st", "FB_Latch", "pattern-repeatability", "instance.bMotor")
    assert again.verdict is Verdict.PROVED
    never = check_one(
        "latch.st", "FB_Latch", "pattern-repeatability", "instance.bMotor AND instance.bStop"
    )
    assert never.verdict is Verdict.VIOLATED
    # Ready again after a one-shot: lost for ever once bGo was pressed, but no finite run
    # shows that and the solver's forall/exists argument does not apply: unknown, honestly.
    once = check_one("latch.st", "FB_OneShot", "pattern-repeatability", "instance.bReady")
    assert once.verdict is Verdict.UNKNOWN


def test_assertion_job() -> None:
    none = check_one("latch.st", "FB_Latch", "assertion")
    assert none.verdict is Verdict.PROVED and none.engine == "static"
    some = check_one("unsupported.st", "FB_Checked", "assertion")
    assert some.verdict is Verdict.UNKNOWN
    assert f"unsupported.st:{line_of('unsupported.st', '//#ASSERT')}" in some.reason


# --- unknown ---------------------------------------------------------------------------------


def test_unbounded_loop_is_unknown_with_its_position() -> None:
    result = check_one("unsupported.st", "FB_Countdown", "pattern-invariant", "instance.bDone")
    assert result.verdict is Verdict.UNKNOWN
    line = line_of("unsupported.st", "WHILE nLeft > 0")
    assert "not supported: a loop running more than 64 iterations" in result.reason
    assert f"unsupported.st:{line}" in result.reason


def test_unsupported_construct_still_lets_falsification_find_violations() -> None:
    result = check_one("unsupported.st", "FB_Countdown", "pattern-invariant", "instance.nLeft > 0")
    assert result.verdict is Verdict.VIOLATED and result.engine == "falsify"


def test_held_to_the_bound_is_unknown_not_proved() -> None:
    # Adding at most 10 per cycle overflows only after 3277 cycles: no violation to depth 6,
    # and no induction proof (it is false).
    result = check_one(
        "counters.st",
        "FB_Total",
        "pattern-invariant",
        "instance.nTotal >= 0",
        depth=6,
        ranges={"instance.nAdd": ("0", "10")},
    )
    assert result.verdict is Verdict.UNKNOWN
    assert result.bounded_depth == 6 and result.held_to_bound


# --- defective -------------------------------------------------------------------------------


def test_invariant_over_a_free_input_is_defective() -> None:
    result = check_one("latch.st", "FB_Latch", "pattern-invariant", "instance.bStart = FALSE")
    assert result.verdict is Verdict.DEFECTIVE and result.defect == "input-only"
    assert "instance.bStart" in result.reason


def test_unknown_variable_is_defective_with_a_suggestion() -> None:
    result = check_one("latch.st", "FB_Latch", "pattern-invariant", "instance.bMoter")
    assert result.verdict is Verdict.DEFECTIVE and result.defect == "unknown-variable"
    assert result.suggestions == ["instance.bMotor"]


def test_type_error_is_defective() -> None:
    result = check_one("latch.st", "FB_Latch", "pattern-invariant", "instance.bMotor + 1 > 0")
    assert result.verdict is Verdict.DEFECTIVE and result.defect == "type-error"


def test_reaching_a_contradiction_is_defective() -> None:
    result = check_one(
        "counters.st",
        "FB_Pulses",
        "pattern-reachability",
        "instance.nCount > 5 AND instance.nCount < 3",
    )
    assert result.verdict is Verdict.DEFECTIVE and result.defect == "contradiction"


def test_wrong_parameter_count_and_unknown_pattern_are_defective() -> None:
    project = project_of("latch.st")
    results = check_properties(
        project,
        [prop("pattern-implication", "instance.bMotor"), prop("pattern-eventually", "TRUE")],
        entry="FB_Latch",
        runs=10,
    )
    assert [r.defect for r in results] == ["parameters", "unknown-pattern"]


def test_unknown_entry_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="did you mean FB_Latch"):
        check_properties(project_of("latch.st"), [], entry="FB_Lach")
