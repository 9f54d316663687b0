"""Calls of every POU kind and form, against results worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.sim.support import simulate
from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.project import Project
from werk.tools.st.sim import FaultKind, SimulationFault, Simulator
from werk.tools.st.sim.calls import function_may_fault
from werk.tools.st.sim.iec.types import spec
from werk.tools.st.unit import StUnit


@pytest.fixture
def calls() -> Simulator:
    sim = simulate("pous.st", programs=["Calls"])
    sim.cycle()
    return sim


@pytest.fixture
def objects() -> Simulator:
    sim = simulate("pous.st", programs=["Objects"])
    sim.cycle()
    return sim


def test_function_formal_positional_and_default_inputs(calls: Simulator) -> None:
    # nCalls is a FUNCTION's VAR: fresh (0) at every call, so it is 1 in each result.
    assert calls.get("Calls.rFormal") == 6.5  # 1.5 * 4.0 + 0.5 + 1.0 - 1.0
    assert calls.get("Calls.rPositional") == 6.5  # the same inputs by position
    assert calls.get("Calls.rDefaulted") == 6.0  # rFactor keeps its initial 2.0: 3.0 * 2.0


def test_function_outputs_with_arrow(calls: Simulator) -> None:
    assert calls.get("Calls.bSplit") is True
    assert calls.get("Calls.nTens") == 4  # 47 / 10
    assert calls.get("Calls.nOnes") == 7  # 47 MOD 10


def test_in_out_parameters_are_the_callers_variables(calls: Simulator) -> None:
    assert calls.get("Calls.nTotal") == 17  # 10 + 5 (positional), then + 2 (formal)
    assert calls.get("Calls.aLog") == [2, 0, 0]  # one increment per call, in the caller's array
    assert calls.get("Calls.nReturned") == 17


def test_fb_inputs_left_out_keep_their_value_and_temps_restart(calls: Simulator) -> None:
    # Call 1: bCount TRUE, nStep 3 -> nScratch 3, nValue 3.
    # Call 2: nStep 4, bCount stays TRUE -> nScratch starts at 0 again: 4, nValue 7.
    # Call 3: bCount FALSE, nStep stays 4 -> nothing counted; nValue => nCounted = 7.
    assert calls.get("Calls.fbCounter.nValue") == 7
    assert calls.get("Calls.fbCounter.nStep") == 4
    assert calls.get("Calls.nCounted") == 7


def test_arrays_of_fb_instances_keep_separate_state(calls: Simulator) -> None:
    assert calls.get("Calls.fbCounters[1].nValue") == 0
    assert calls.get("Calls.nSecond") == 1  # counted once with the initial nStep of 1
    assert calls.get("Calls.nAllCounters") == 8  # 7 + 0 + 1


def test_fb_state_persists_across_cycles(calls: Simulator) -> None:
    calls.cycle()
    # Second cycle: call 1 adds 3 (10), call 2 adds 4 (14), call 3 adds nothing.
    assert calls.get("Calls.fbCounter.nValue") == 14
    assert calls.get("Calls.nTotal") == 24  # the program's variable too: 17 + 5 + 2


def test_methods_get_fresh_locals_and_see_the_instance(objects: Simulator) -> None:
    # fbAxis body: 0.0 < 3.0 -> 1.0. MoveBy(0.5): 1.5, nMoves 1 (nLocal restarts at 0 -> 1).
    # MoveBy(0.25): 1.75, nMoves 2.
    assert objects.get("Objects.rAfterMove") == 1.75
    assert objects.get("Objects.fbAxis.nMoves") == 2


def test_this_dispatches_on_the_instance_type(objects: Simulator) -> None:
    assert objects.get("Objects.nBaseKind") == 12  # Kind() 1 * 10 + nMoves 2
    # FB_LinearAxis.Kind overrides: 2 + SUPER^.Kind() (1) = 3, called through the base's
    # Describe with THIS^: 3 * 10 + nMoves 0.
    assert objects.get("Objects.nLinearKind") == 30


def test_property_set_and_get(objects: Simulator) -> None:
    # SET: rTarget := rPosition (1.75) + 10.0; GET: rTarget - rPosition.
    assert objects.get("Objects.fbAxis.rTarget") == 11.75
    assert objects.get("Objects.rSpeed") == 10.0


def test_extends_super_body_and_action(objects: Simulator) -> None:
    # FB_LinearAxis body: SUPER^() moves 0.0 -> 1.0, then doubles it.
    assert objects.get("Objects.rLinearPosition") == 2.0
    assert objects.get("Objects.fbLinear.nOwnCalls") == 1
    assert objects.get("Objects.fbLinear.nInternal") == 1  # the base body ran once
    assert objects.get("Objects.fbLinear.rPosition") == 0.0  # the inherited action Home


def test_harness_drives_methods_and_actions() -> None:
    sim = simulate("pous.st", programs=[])
    axis = sim.instantiate("FB_LinearAxis")
    axis.call(rTarget=4.0)
    assert axis.get("rPosition") == 2.0  # (0.0 + 1.0) * 2.0
    assert axis.call_method("MoveBy", rDelta=0.5) == 2.5
    assert axis.call_method("Kind") == 3
    axis.run_action("Home")
    assert axis.get("rPosition") == 0.0


def test_function_from_python_with_outputs_and_in_outs() -> None:
    sim = simulate("pous.st", programs=[])
    split = sim.function("F_Split")
    result = split.call(nValue=-23)
    assert result.value is False
    # Integer division truncates toward zero and MOD takes the dividend's sign.
    assert result.outputs == {"nTens": -2, "nOnes": -3}
    accumulate = sim.function("F_Accumulate")
    outcome = accumulate.call(4, nTotal=6, aLog=[0, 5, 0])
    assert outcome.value == 10
    assert outcome.outputs == {"nTotal": 10, "aLog": [1, 5, 0]}
    assert split.parameters == ["nValue"]


def test_aggregates_pass_by_value_and_references_bind() -> None:
    sim = simulate("pous.st", programs=["ByValue"])
    sim.cycle()
    assert sim.get("ByValue.stResult") == {"a": 2, "b": 1}  # a returned struct
    assert sim.get("ByValue.stPair") == {"a": 1, "b": 2}  # the callee changed its own copy
    assert sim.get("ByValue.aValues") == [5, 6]
    # aOut => aCopy copied the callee's array (with its 999), then aCopy[2] changed only it.
    assert sim.get("ByValue.aCopy") == [999, 77]
    # A REFERENCE TO input given in the call is bound to the caller's variable.
    assert sim.get("ByValue.fbFollower.nSeen") == 40
    assert sim.get("ByValue.nSource") == 41


def test_calls_through_pointers_globals_and_in_out_bits() -> None:
    sim = simulate("pous.st", programs=["Indirect"])
    assert sim.unsupported == []
    sim.advance(30)  # cycles at 0, 10, 20 ms
    # Through the pointer, per cycle: the body adds 1.0 while below the target 2.0, then
    # MoveBy adds 0.5: 0 -> 1.0 -> 1.5; 1.5 -> 2.5 -> 3.0; 3.0 (no move) -> 3.5.
    assert sim.get("Indirect.fbAxis.nInternal") == 3
    assert sim.get("Indirect.rMoved") == 3.5
    assert sim.get("gaPairs") == [{"a": 0, "b": 7}, {"a": 0, "b": 7}]
    assert sim.get("gtonShared.Q") is True  # a global standard FB: 20 ms reached at 20 ms
    assert sim.get("Indirect.wBits") == 4  # bit 2 set through VAR_IN_OUT, bit 5 cleared
    assert sim.get("Indirect.nFlags") == 1


def test_bistables_take_the_codesys_parameter_names() -> None:
    # CODESYS and TwinCAT call SR with SET1/RESET and RS with SET/RESET1; the IEC names stay.
    sim = simulate("vendor_names.st", programs=["VendorBistables"])
    steps = [  # inputs of one cycle, then (SR latch, RS latch, SR with IEC names)
        ({"bSet": True}, (True, True, True)),
        ({"bSet": False}, (True, True, True)),  # both hold
        ({"bSet": True, "bReset": True}, (True, False, True)),  # SR: set wins; RS: reset wins
        ({"bSet": False}, (False, False, False)),
    ]
    for inputs, expected in steps:
        for name, value in inputs.items():
            sim.set(f"VendorBistables.{name}", value)
        sim.cycle()
        latches = ("bLatchSr", "bLatchRs", "bLatchIec")
        assert tuple(sim.get(f"VendorBistables.{n}") for n in latches) == expected, inputs


def test_tia_portal_timers_and_counters_in_scl() -> None:
    # TON_TIME/TP_TIME/TONR_TIME instances, IEC_TIMER and IEC_COUNTER called as #t.TOF(...).
    sim = simulate("tia_timers.scl", programs=[])
    assert sim.unsupported == []
    fb = sim.instantiate("FB_TiaTimers")
    outputs = ("delayed", "held", "pulse", "accumulated", "counted", "countedDown")
    steps = [  # (time in ms, start, reset) -> the outputs above
        (0, True, False, (False, True, True, 0, 1, -1)),
        (600, True, False, (False, True, False, 600, 1, -1)),  # the 500 ms pulse is over
        (2000, True, False, (True, True, False, 2000, 1, -1)),  # TON_TIME reaches 2 s
        (2100, False, False, (False, True, False, 2000, 1, -1)),  # TOF: held for 1 s more
        (3100, False, False, (False, False, False, 2000, 1, -1)),
        (3200, True, False, (False, True, True, 2000, 2, -2)),  # second rising edge
        (3300, False, True, (False, True, True, 0, 0, 5)),  # reset: TONR, CTU; CTD loads
    ]
    for at_ms, start, reset, expected in steps:
        sim.clock.advance_ms(at_ms - sim.clock.now_ms)
        fb.call(start=start, reset=reset)
        assert tuple(fb.get(name) for name in outputs) == expected, at_ms
    assert fb.get("parts") == {
        "CU": False,
        "CD": False,
        "R": True,
        "LD": False,
        "PV": 2,
        "QU": False,
        "QD": False,
        "CV": 0,
    }


def test_iec_timer_must_name_its_block() -> None:
    sim = simulate("tia_timers.scl", programs=[])
    fb = sim.instantiate("FB_TiaTimers")
    assert fb.get("offDelay")["PT"] == 0
    text = b"""FUNCTION_BLOCK "FB_Bare"
VAR t : IEC_TIMER; END_VAR
BEGIN
    #t(IN := TRUE, PT := T#1S);
END_FUNCTION_BLOCK
"""
    document = StDocument.plain(Path("<buffer>/bare.scl"), text, Dialect.SCL)
    bare = Simulator(Project([StUnit.from_document(document)]), programs=[])
    with pytest.raises(SimulationFault, match=r"IEC_TIMER instance data: call one of its"):
        bare.instantiate("FB_Bare").call()


@pytest.mark.parametrize(
    ("expression", "value", "kind"),
    [
        ("bGate AND SQRT(rValue) > 0.0", -1.0, FaultKind.INVALID_OPERATION),
        ("bGate AND REAL_TO_INT(rValue) > 0", 1.0e10, FaultKind.RANGE),
        ("bGate AND ABS(rValue) > 0.0", -1.0, None),
        ("bGate AND_THEN SQRT(rValue) > 0.0", -1.0, None),
    ],
)
def test_and_evaluates_a_standard_function_that_faults(
    expression: str, value: float, kind: FaultKind | None
) -> None:
    """A standard function is pure, but AND may skip it only when it cannot fault."""
    source = f"""
PROGRAM P
VAR bGate : BOOL; rValue : REAL; bResult : BOOL; END_VAR
bResult := {expression};
END_PROGRAM
"""
    document = StDocument.plain(Path("gate.st"), source.encode(), Dialect.CODESYS)
    sim = Simulator(Project([StUnit.from_document(document)]), programs=["P"])
    assert sim.unsupported == []
    sim.set("P.rValue", value)
    if kind is None:
        sim.cycle()
        assert sim.get("P.bResult") is False
        return
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    assert raised.value.kind is kind


@pytest.mark.parametrize(
    ("name", "arguments", "result", "expected"),
    [
        ("MAX", ["INT", "INT"], "INT", False),
        ("SEL", ["BOOL", "REAL", "REAL"], "REAL", False),  # the selector is not converted
        ("MAX", ["INT", "REAL"], "REAL", True),  # a conversion on the way in
        ("SQRT", ["LREAL"], "LREAL", True),
        ("MUX", ["INT", "INT", "INT"], "INT", True),
    ],
)
def test_which_standard_functions_may_fault(
    name: str, arguments: list[str], result: str, expected: bool
) -> None:
    specs = [found for found in map(spec, arguments) if found is not None]
    assert len(specs) == len(arguments)
    assert function_may_fault(name, specs, spec(result)) is expected
