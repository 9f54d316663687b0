"""Standard function blocks, scan by scan, against the IEC 61131-3 definitions and timing diagrams.

Each scenario is a list of calls: (time in ms, inputs to assign, outputs
expected after the call). The clock is set to the time, the inputs are
assigned, ``execute`` runs once, then every listed output is compared.
"""

from __future__ import annotations

from typing import Any

import pytest

from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Section
from werk.tools.st.sim.iec.clock import VirtualClock
from werk.tools.st.sim.iec.standard_fbs import (
    CTD,
    CTU,
    CTUD,
    F_TRIG,
    LTON,
    LTP,
    R_TRIG,
    RS,
    SR,
    STANDARD_FUNCTION_BLOCKS,
    TOF,
    TON,
    TP,
    StandardFunctionBlock,
)

Step = tuple[int, dict[str, Any], dict[str, Any]]


def run(block: StandardFunctionBlock, steps: list[Step]) -> None:
    clock = VirtualClock()
    for number, (at_ms, inputs, expected) in enumerate(steps):
        clock.advance(at_ms * 1_000_000 - clock.now_ns)
        for name, value in inputs.items():
            setattr(block, name, value)
        block.execute(clock)
        actual = {name: getattr(block, name) for name in expected}
        assert actual == expected, f"call {number} at t={at_ms} ms with {inputs}"


# --- interface -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inputs", "outputs", "initial"),
    [
        ("TON", ("IN", "PT"), ("Q", "ET"), {"IN": False, "PT": 0, "Q": False, "ET": 0}),
        ("TOF", ("IN", "PT"), ("Q", "ET"), {"IN": False, "PT": 0, "Q": False, "ET": 0}),
        ("TP", ("IN", "PT"), ("Q", "ET"), {"IN": False, "PT": 0, "Q": False, "ET": 0}),
        ("LTON", ("IN", "PT"), ("Q", "ET"), {"IN": False, "PT": 0, "Q": False, "ET": 0}),
        ("R_TRIG", ("CLK",), ("Q",), {"CLK": False, "Q": False}),
        ("F_TRIG", ("CLK",), ("Q",), {"CLK": False, "Q": False}),
        ("CTU", ("CU", "R", "PV"), ("Q", "CV"), {"CU": False, "R": False, "PV": 0, "CV": 0}),
        ("CTD", ("CD", "LD", "PV"), ("Q", "CV"), {"CD": False, "LD": False, "PV": 0, "CV": 0}),
        (
            "CTUD",
            ("CU", "CD", "R", "LD", "PV"),
            ("QU", "QD", "CV"),
            {"QU": False, "QD": False, "CV": 0},
        ),
        ("SR", ("S1", "R"), ("Q1",), {"S1": False, "R": False, "Q1": False}),
        ("RS", ("S", "R1"), ("Q1",), {"S": False, "R1": False, "Q1": False}),
    ],
)
def test_members_are_named_and_initialised_as_in_the_standard(
    name: str, inputs: tuple[str, ...], outputs: tuple[str, ...], initial: dict[str, Any]
) -> None:
    cls = STANDARD_FUNCTION_BLOCKS[name]
    assert inputs == cls.INPUTS
    assert outputs == cls.OUTPUTS
    assert set(cls.TYPES) == {*inputs, *outputs}
    block = cls()
    assert {member: getattr(block, member) for member in initial} == initial


def test_member_types() -> None:
    assert TON.TYPES == {"IN": "BOOL", "PT": "TIME", "Q": "BOOL", "ET": "TIME"}
    assert LTON.TYPES == {"IN": "BOOL", "PT": "LTIME", "Q": "BOOL", "ET": "LTIME"}
    assert CTU.TYPES["PV"] == "INT"
    assert STANDARD_FUNCTION_BLOCKS["CTU_DINT"].TYPES["CV"] == "DINT"
    assert STANDARD_FUNCTION_BLOCKS["CTUD_ULINT"].TYPES["PV"] == "ULINT"
    assert CTU.ALIASES == {"RESET": "R"}
    assert CTD.ALIASES == {"LOAD": "LD"}
    assert SR.ALIASES == {"SET1": "S1", "RESET": "R"}  # CODESYS / TwinCAT Standard library
    assert RS.ALIASES == {"SET": "S", "RESET1": "R1"}


def test_vendor_names_never_shadow_an_iec_member() -> None:
    for cls in STANDARD_FUNCTION_BLOCKS.values():
        assert not set(cls.ALIASES) & {*cls.INPUTS, *cls.OUTPUTS}, cls.__name__
        assert set(cls.ALIASES.values()) <= set(cls.INPUTS), cls.__name__


def test_registry_is_keyed_by_upper_case_name() -> None:
    assert {"TON", "TOF", "TP", "R_TRIG", "F_TRIG", "CTU", "CTD", "CTUD", "SR", "RS"} <= set(
        STANDARD_FUNCTION_BLOCKS
    )
    assert {"LTON", "LTOF", "LTP", "CTU_LINT", "CTD_UDINT"} <= set(STANDARD_FUNCTION_BLOCKS)
    assert all(name == name.upper() for name in STANDARD_FUNCTION_BLOCKS)
    assert all(cls.__name__ == name for name, cls in STANDARD_FUNCTION_BLOCKS.items())


# --- edge detection and bistables ------------------------------------------------------------


def test_r_trig_fires_on_the_first_call_when_clk_is_already_true() -> None:
    run(
        R_TRIG(),
        [
            (0, {"CLK": True}, {"Q": True}),  # M starts FALSE: an edge
            (1, {"CLK": True}, {"Q": False}),
            (2, {"CLK": False}, {"Q": False}),
            (3, {"CLK": True}, {"Q": True}),
            (4, {"CLK": True}, {"Q": False}),
        ],
    )


def test_r_trig_does_not_fire_on_a_false_first_call() -> None:
    run(R_TRIG(), [(0, {"CLK": False}, {"Q": False}), (1, {"CLK": True}, {"Q": True})])


def test_f_trig_does_not_fire_on_the_first_call_when_clk_is_false() -> None:
    run(
        F_TRIG(),
        [
            (0, {"CLK": False}, {"Q": False}),  # M starts TRUE (= NOT CLK of a FALSE before)
            (1, {"CLK": True}, {"Q": False}),
            (2, {"CLK": False}, {"Q": True}),
            (3, {"CLK": False}, {"Q": False}),
        ],
    )


def test_f_trig_does_not_fire_on_a_true_first_call() -> None:
    run(F_TRIG(), [(0, {"CLK": True}, {"Q": False}), (1, {"CLK": False}, {"Q": True})])


def test_sr_is_set_dominant() -> None:
    run(
        SR(),
        [
            (0, {"S1": True, "R": True}, {"Q1": True}),  # both: set wins
            (1, {"S1": False, "R": False}, {"Q1": True}),  # holds
            (2, {"R": True}, {"Q1": False}),
            (3, {"R": False}, {"Q1": False}),
            (4, {"S1": True}, {"Q1": True}),
        ],
    )


def test_rs_is_reset_dominant() -> None:
    run(
        RS(),
        [
            (0, {"S": True, "R1": True}, {"Q1": False}),  # both: reset wins
            (1, {"R1": False}, {"Q1": True}),
            (2, {"S": False}, {"Q1": True}),  # holds
            (3, {"R1": True}, {"Q1": False}),
        ],
    )


# --- counters --------------------------------------------------------------------------------


def test_ctu_counts_rising_edges_reaches_pv_and_keeps_counting() -> None:
    run(
        CTU(),
        [
            (0, {"PV": 3, "CU": True}, {"CV": 1, "Q": False}),  # first call: an edge
            (1, {"CU": True}, {"CV": 1, "Q": False}),  # held: no edge
            (2, {"CU": False}, {"CV": 1}),
            (3, {"CU": True}, {"CV": 2, "Q": False}),
            (4, {"CU": False}, {"CV": 2}),
            (5, {"CU": True}, {"CV": 3, "Q": True}),  # CV = PV: Q
            (6, {"CU": False}, {"CV": 3, "Q": True}),
            (7, {"CU": True}, {"CV": 4, "Q": True}),  # IEC counts on up to PVmax
        ],
    )


def test_ctu_reset_wins_and_consumes_the_edge() -> None:
    run(
        CTU(),
        [
            (0, {"PV": 2, "CU": True}, {"CV": 1}),
            (1, {"CU": False, "R": True}, {"CV": 0, "Q": False}),
            (2, {"CU": True, "R": True}, {"CV": 0, "Q": False}),  # edge during reset: lost
            (3, {"R": False}, {"CV": 0}),  # CU still TRUE: no new edge
            (4, {"CU": False}, {"CV": 0}),
            (5, {"CU": True}, {"CV": 1}),
        ],
    )


def test_ctu_stops_at_the_maximum_of_its_type() -> None:
    counter = CTU()
    counter.PV = 100
    counter.CV = 32766
    run(
        counter,
        [
            (0, {"CU": True}, {"CV": 32767, "Q": True}),
            (1, {"CU": False}, {"CV": 32767}),
            (2, {"CU": True}, {"CV": 32767}),  # PVmax: no wrap to -32768
        ],
    )


def test_ctd_loads_pv_and_counts_below_zero() -> None:
    run(
        CTD(),
        [
            (0, {"PV": 2, "LD": True}, {"CV": 2, "Q": False}),
            (1, {"LD": False, "CD": True}, {"CV": 1, "Q": False}),
            (2, {"CD": False}, {"CV": 1}),
            (3, {"CD": True}, {"CV": 0, "Q": True}),  # Q := CV <= 0
            (4, {"CD": False}, {"CV": 0, "Q": True}),
            (5, {"CD": True}, {"CV": -1, "Q": True}),  # IEC: down to PVmin of INT
            (6, {"CD": False, "LD": True}, {"CV": 2, "Q": False}),
            (7, {"CD": True, "LD": True}, {"CV": 2}),  # LD wins over the edge
        ],
    )


def test_ctd_stops_at_the_minimum_of_its_type() -> None:
    counter = CTD()
    counter.CV = -32767
    run(
        counter,
        [
            (0, {"CD": True}, {"CV": -32768, "Q": True}),
            (1, {"CD": False}, {"CV": -32768}),
            (2, {"CD": True}, {"CV": -32768}),
        ],
    )


def test_an_unsigned_ctd_stops_at_zero_like_codesys_word_counters() -> None:
    run(
        STANDARD_FUNCTION_BLOCKS["CTD_UDINT"](),
        [
            (0, {"PV": 1, "LD": True}, {"CV": 1, "Q": False}),
            (1, {"LD": False, "CD": True}, {"CV": 0, "Q": True}),
            (2, {"CD": False}, {"CV": 0}),
            (3, {"CD": True}, {"CV": 0, "Q": True}),  # PVmin of UDINT is 0
        ],
    )


def test_ctud_counts_both_ways_and_both_edges_cancel() -> None:
    run(
        CTUD(),
        [
            (0, {"PV": 2, "CU": True}, {"CV": 1, "QU": False, "QD": False}),
            (1, {"CU": False}, {"CV": 1}),
            (2, {"CU": True}, {"CV": 2, "QU": True, "QD": False}),
            (3, {"CU": False}, {"CV": 2}),
            (4, {"CU": True, "CD": True}, {"CV": 2, "QU": True}),  # both edges: no count
            (5, {"CU": False, "CD": False}, {"CV": 2}),
            (6, {"CD": True}, {"CV": 1, "QU": False, "QD": False}),
            (7, {"CD": False}, {"CV": 1}),
            (8, {"CD": True}, {"CV": 0, "QD": True}),
            (9, {"CD": False}, {"CV": 0}),
            (10, {"CD": True}, {"CV": -1, "QD": True}),
            (11, {"CU": True, "CD": False}, {"CV": 0, "QD": True}),  # up edge alone
        ],
    )


def test_ctud_reset_wins_over_load() -> None:
    run(
        CTUD(),
        [
            (0, {"PV": 5, "LD": True}, {"CV": 5, "QU": True, "QD": False}),
            (1, {"R": True, "LD": True}, {"CV": 0, "QU": False, "QD": True}),
            (2, {"R": False, "LD": True}, {"CV": 5}),
            (3, {"LD": False, "CU": True}, {"CV": 6, "QU": True}),
        ],
    )


def test_typed_counters_use_their_type_limits() -> None:
    counter = STANDARD_FUNCTION_BLOCKS["CTU_DINT"]()
    counter.CV = 2**31 - 2
    run(
        counter,
        [
            (0, {"PV": 2**31 - 1, "CU": True}, {"CV": 2**31 - 1, "Q": True}),
            (1, {"CU": False}, {}),
            (2, {"CU": True}, {"CV": 2**31 - 1}),
        ],
    )


# --- timers ----------------------------------------------------------------------------------


def test_ton_reaches_q_at_exactly_pt() -> None:
    run(
        TON(),
        [
            (0, {"PT": 100, "IN": False}, {"Q": False, "ET": 0}),
            (10, {"IN": True}, {"Q": False, "ET": 0}),  # starts at 10 ms
            (60, {}, {"Q": False, "ET": 50}),
            (109, {}, {"Q": False, "ET": 99}),
            (110, {}, {"Q": True, "ET": 100}),  # 110 - 10 = PT
            (500, {}, {"Q": True, "ET": 100}),  # ET stops at PT
            (510, {"IN": False}, {"Q": False, "ET": 0}),  # IN FALSE resets at once
        ],
    )


def test_ton_restarts_when_in_toggles_inside_pt() -> None:
    run(
        TON(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": False, "ET": 0}),
            (50, {"IN": False}, {"Q": False, "ET": 0}),
            (60, {"IN": True}, {"Q": False, "ET": 0}),  # a new start at 60
            (150, {}, {"Q": False, "ET": 90}),  # 150 would have been PT from 0
            (160, {}, {"Q": True, "ET": 100}),
        ],
    )


def test_ton_with_pt_changed_while_running() -> None:
    run(
        TON(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": False}),
            (80, {"PT": 200}, {"Q": False, "ET": 80}),  # longer PT: keeps timing
            (100, {}, {"Q": False, "ET": 100}),
            (200, {}, {"Q": True, "ET": 200}),
            (300, {"PT": 500}, {"Q": True, "ET": 200}),  # after Q: latched
        ],
    )
    run(
        TON(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": False}),
            (50, {"PT": 40}, {"Q": True, "ET": 40}),  # shorter than the time passed: Q now
        ],
    )


def test_ton_with_zero_pt_switches_in_the_same_call() -> None:
    run(TON(), [(0, {"PT": 0, "IN": True}, {"Q": True, "ET": 0})])


def test_tof_falls_at_exactly_pt_after_in_falls() -> None:
    run(
        TOF(),
        [
            (0, {"PT": 100, "IN": False}, {"Q": False, "ET": 0}),  # never on: stays off
            (10, {"IN": True}, {"Q": True, "ET": 0}),
            (20, {"IN": False}, {"Q": True, "ET": 0}),  # falling edge at 20
            (70, {}, {"Q": True, "ET": 50}),
            (119, {}, {"Q": True, "ET": 99}),
            (120, {}, {"Q": False, "ET": 100}),  # 120 - 20 = PT
            (500, {}, {"Q": False, "ET": 100}),  # ET holds PT while IN stays FALSE
            (510, {"IN": True}, {"Q": True, "ET": 0}),
        ],
    )


def test_tof_restarts_when_in_toggles_inside_pt() -> None:
    run(
        TOF(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": True}),
            (10, {"IN": False}, {"Q": True, "ET": 0}),
            (60, {"IN": True}, {"Q": True, "ET": 0}),
            (70, {"IN": False}, {"Q": True, "ET": 0}),  # a new off-delay from 70
            (169, {}, {"Q": True, "ET": 99}),
            (170, {}, {"Q": False, "ET": 100}),
        ],
    )


def test_tof_with_pt_changed_while_running() -> None:
    run(
        TOF(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": True}),
            (10, {"IN": False}, {"Q": True}),
            (50, {"PT": 20}, {"Q": False, "ET": 20}),  # 40 ms passed > new PT
            (60, {"PT": 1000}, {"Q": False, "ET": 20}),  # after Q fell: latched
        ],
    )


def test_tp_gives_one_pulse_of_pt_and_is_not_retriggered() -> None:
    run(
        TP(),
        [
            (0, {"PT": 100, "IN": False}, {"Q": False, "ET": 0}),
            (10, {"IN": True}, {"Q": True, "ET": 0}),  # rising edge at 10
            (50, {"IN": False}, {"Q": True, "ET": 40}),  # IN falling does not end it
            (60, {"IN": True}, {"Q": True, "ET": 50}),  # a new edge does not restart it
            (109, {}, {"Q": True, "ET": 99}),
            (110, {}, {"Q": False, "ET": 100}),  # 110 - 10 = PT: the pulse ends
            (150, {}, {"Q": False, "ET": 100}),  # ET holds PT while IN is TRUE
            (160, {"IN": False}, {"Q": False, "ET": 0}),  # and returns to 0 with IN
            (170, {"IN": True}, {"Q": True, "ET": 0}),  # the next edge: a new pulse
        ],
    )


def test_tp_et_returns_to_zero_at_the_end_of_the_pulse_when_in_fell_before() -> None:
    run(
        TP(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": True, "ET": 0}),
            (30, {"IN": False}, {"Q": True, "ET": 30}),
            (100, {}, {"Q": False, "ET": 0}),  # ended with IN FALSE: ET back to 0
            (110, {"IN": True}, {"Q": True, "ET": 0}),
        ],
    )


def test_tp_with_pt_changed_while_running_and_zero_pt() -> None:
    run(
        TP(),
        [
            (0, {"PT": 100, "IN": True}, {"Q": True}),
            (50, {"PT": 200}, {"Q": True, "ET": 50}),
            (150, {}, {"Q": True, "ET": 150}),
            (200, {}, {"Q": False, "ET": 200}),
        ],
    )
    run(TP(), [(0, {"PT": 0, "IN": True}, {"Q": False, "ET": 0})])  # a pulse of length 0


def test_long_timers_count_nanoseconds() -> None:
    timer = LTON()
    clock = VirtualClock()
    timer.PT = 1_500  # LTIME#1us500ns
    timer.IN = True
    timer.execute(clock)
    clock.advance(1_499)
    timer.execute(clock)
    assert (timer.Q, timer.ET) == (False, 1_499)
    clock.advance(1)
    timer.execute(clock)
    assert (timer.Q, timer.ET) == (True, 1_500)
    pulse = LTP()
    pulse.PT, pulse.IN = 10, True
    pulse.execute(clock)
    assert pulse.Q is True


def test_timers_see_only_whole_milliseconds() -> None:
    timer = TON()
    clock = VirtualClock()
    timer.PT, timer.IN = 1, True
    timer.execute(clock)
    clock.advance(999_999)  # 0.999999 ms
    timer.execute(clock)
    assert (timer.Q, timer.ET) == (False, 0)
    clock.advance(1)
    timer.execute(clock)
    assert (timer.Q, timer.ET) == (True, 1)


def test_repr_shows_the_members() -> None:
    assert repr(R_TRIG()) == "R_TRIG(CLK=False, Q=False)"


# --- TIA Portal names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tia", "iec"),
    [("TON_TIME", TON), ("TOF_TIME", TOF), ("TP_TIME", TP), ("TON_LTIME", LTON)],
)
def test_tia_timer_types_are_the_iec_timers(tia: str, iec: type[StandardFunctionBlock]) -> None:
    cls = STANDARD_FUNCTION_BLOCKS[tia]
    assert issubclass(cls, iec)  # same behaviour, and the prover models it as the IEC block
    assert cls.DIALECT == "scl"
    assert iec.DIALECT is None


def test_tia_typed_counters_cover_its_short_types() -> None:
    for name, count_type in [("CTU_SINT", "SINT"), ("CTD_UINT", "UINT"), ("CTUD_USINT", "USINT")]:
        cls = STANDARD_FUNCTION_BLOCKS[name]
        assert cls.TYPES["CV"] == cls.TYPES["PV"] == count_type
        assert cls.DIALECT == "scl"
    assert STANDARD_FUNCTION_BLOCKS["CTU_DINT"].DIALECT is None  # IEC Table 44


def test_tonr_accumulates_while_in_is_true_until_reset() -> None:
    tonr = STANDARD_FUNCTION_BLOCKS["TONR"]()
    run(
        tonr,
        [
            (0, {"IN": True, "PT": 1000}, {"Q": False, "ET": 0}),
            (400, {}, {"Q": False, "ET": 400}),
            (500, {"IN": False}, {"Q": False, "ET": 400}),  # the time since the last call
            (2000, {}, {"Q": False, "ET": 400}),  # holds while IN is FALSE
            (2100, {"IN": True}, {"Q": False, "ET": 400}),
            (2500, {}, {"Q": False, "ET": 800}),
            (2800, {}, {"Q": True, "ET": 1000}),  # capped at PT
            (3000, {"IN": False}, {"Q": True, "ET": 1000}),  # stays TRUE when IN falls
            (3100, {"R": True}, {"Q": False, "ET": 0}),
            (3200, {"R": False, "IN": True}, {"Q": False, "ET": 0}),
        ],
    )


def test_iec_timer_members_follow_the_block_last_called() -> None:
    clock = VirtualClock()
    timer = STANDARD_FUNCTION_BLOCKS["IEC_TIMER"]()
    assert (timer.Q, timer.ET, timer.PT) == (False, 0, 0)
    timer.PT = 300  # written through the instance before any call
    on_delay = timer.variant("ton")
    assert isinstance(on_delay, TON)
    assert on_delay.PT == 300
    on_delay.IN = True
    on_delay.execute(clock)
    clock.advance(300 * 1_000_000)
    on_delay.execute(clock)
    assert (timer.Q, timer.ET, timer.IN) == (True, 300, True)
    assert timer.variant("TON") is on_delay  # the same block keeps its state
    pulse = timer.variant("TP")  # another kind starts fresh, keeping the preset
    assert isinstance(pulse, TP)
    assert (timer.Q, timer.PT) == (False, 300)


def test_iec_counter_keeps_a_ctu_q_in_qu_and_a_ctd_q_in_qd() -> None:
    clock = VirtualClock()
    counter = STANDARD_FUNCTION_BLOCKS["IEC_DCOUNTER"]()
    assert counter.TYPES["CV"] == "DINT"
    up = counter.variant("CTU")
    assert up.TYPES["CV"] == "DINT"
    up.PV, up.CU = 1, True
    up.execute(clock)
    assert (counter.QU, counter.QD, counter.CV) == (True, False, 1)
    down = counter.variant("CTD")
    down.LD = True
    down.execute(clock)
    assert (counter.QD, counter.CV) == (False, 1)  # loaded with the preset carried over


@pytest.mark.parametrize("name", sorted(STANDARD_FUNCTION_BLOCKS))
def test_every_block_is_declared_for_the_model(name: str) -> None:
    # The model (completion, rules, the simulator's type lookup) reads stdlib.st.
    cls = STANDARD_FUNCTION_BLOCKS[name]
    pou = Project([]).find_pou(name)
    assert pou is not None, f"{name} missing from tools/st/model/stdlib.st"
    declared = {
        section: [(v.name, str(v.type)) for v in pou.variables if v.section is section]
        for section in (Section.VAR_INPUT, Section.VAR_OUTPUT)
    }
    assert declared[Section.VAR_INPUT] == [(m, cls.TYPES[m]) for m in cls.INPUTS]
    assert declared[Section.VAR_OUTPUT] == [(m, cls.TYPES[m]) for m in cls.OUTPUTS]
