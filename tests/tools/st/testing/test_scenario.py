"""Scenario tests: the timing of at, within, eventually, always and never at exact cycle bounds.

FB_Delay's TON (PT 100 ms by default) started by the cycle at t0 is done in the
cycle at t0 + 100 ms with 10 ms cycles: these tests pin both sides of that bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.testing.support import line_of, plant, run_all, write
from werk.tools.st.testing import Status, TestDefinitionError, TestResult
from werk.tools.st.testing.results import Place


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = plant(tmp_path / "project")
    monkeypatch.chdir(folder)
    return folder


def scenario(root: Path, steps: str, header: str = "") -> TestResult:
    text = f"pou: FB_Delay\ncycle: 10ms\n{header}steps:\n{steps}"
    write(root, "delay.scenario.yaml", text)
    (result,) = run_all(root).results
    return result


@pytest.mark.parametrize(
    ("at", "done", "status"),
    [
        ("T#90ms", "FALSE", Status.PASS),
        ("T#90ms", "TRUE", Status.FAIL),
        ("T#99ms", "FALSE", Status.PASS),  # the cycle at 90 ms is the last before 99 ms
        ("T#100ms", "TRUE", Status.PASS),
        ("T#100ms", "FALSE", Status.FAIL),
    ],
)
def test_at_checks_the_state_at_that_time(root: Path, at: str, done: str, status: Status) -> None:
    result = scenario(
        root, f"  - set: {{bStart: TRUE}}\n    expect: {{bDone: {done}}}\n    at: {at}\n"
    )
    assert result.status is status, result.failure


def test_at_failure_names_step_time_signal_and_line(root: Path) -> None:
    result = scenario(
        root,
        "  - set: {bStart: TRUE}\n"
        "  - name: done after 90 ms\n    expect: {bDone: TRUE}\n    at: T#90ms\n",
    )
    failure = result.failure
    assert failure is not None
    path = root / "delay.scenario.yaml"
    assert failure.message == (
        "step 2 'done after 90 ms' (line 5), expect at T#90ms: at cycle 10 (t=90ms), "
        "bDone expected TRUE, got FALSE"
    )
    assert (failure.cycle, failure.time_ms, failure.signal) == (10, 90.0, "bDone")
    assert (failure.expected, failure.actual, failure.step) == (
        "TRUE",
        "FALSE",
        "step 2 'done after 90 ms'",
    )
    assert failure.position == Place(path, line_of(path, "- name: done after 90 ms"))
    window = failure.window
    assert window is not None
    assert (window.inputs, window.outputs) == (["bStart"], ["bDone"])
    assert [(r.cycle, r.values["bDone"]) for r in window.rows] == [
        (7, "FALSE"), (8, "FALSE"), (9, "FALSE"), (10, "FALSE"),
        (11, "TRUE"), (12, "TRUE"), (13, "TRUE"),
    ]  # fmt: skip


def test_at_is_measured_from_the_step_start(root: Path) -> None:
    result = scenario(
        root,
        "  - set: {bStart: TRUE}\n    expect: {bDone: FALSE}\n    at: T#90ms\n"
        "  - expect: {bDone: TRUE}\n    at: T#0ms\n",  # now is 100 ms: the next cycle
    )
    assert (result.status, result.cycles) == (Status.PASS, 11), result.failure


@pytest.mark.parametrize(
    ("window", "status", "cycle"),
    [("[T#0ms, T#90ms]", Status.PASS, 10), ("[T#0ms, T#100ms]", Status.FAIL, 11)],
)
def test_within_must_hold_throughout(root: Path, window: str, status: Status, cycle: int) -> None:
    result = scenario(
        root, f"  - set: {{bStart: TRUE}}\n    expect: {{bDone: FALSE}}\n    within: {window}\n"
    )
    assert (result.status, result.cycles) == (status, cycle), result.failure
    if status is Status.FAIL:
        assert result.failure is not None
        assert result.failure.message.endswith(
            "expect within [T#0ms, T#100ms]: at cycle 11 (t=100ms), bDone expected FALSE, got TRUE"
        )


def test_within_checks_the_state_at_its_start(root: Path) -> None:
    # From 100 ms on bDone is TRUE; the window [T#95ms, T#150ms] starts with the state the
    # cycle at 90 ms left (FALSE), so it does not hold throughout.
    result = scenario(
        root,
        "  - set: {bStart: TRUE}\n    expect: {bDone: TRUE}\n    within: [T#95ms, T#150ms]\n",
    )
    assert result.status is Status.FAIL
    assert result.failure is not None and result.failure.cycle == 10


@pytest.mark.parametrize(
    ("limit", "status", "cycles"),
    [("T#100ms", Status.PASS, 11), ("T#90ms", Status.FAIL, 10), ("T#1s", Status.PASS, 11)],
)
def test_eventually_within(root: Path, limit: str, status: Status, cycles: int) -> None:
    result = scenario(
        root,
        f"  - set: {{bStart: TRUE}}\n    expect: {{bDone: TRUE}}\n"
        f"    eventually: {{within: {limit}}}\n",
    )
    assert (result.status, result.cycles) == (status, cycles), result.failure
    if status is Status.FAIL:
        assert result.failure is not None
        assert "expect eventually within T#90ms: at cycle 10 (t=90ms)" in result.failure.message


def test_eventually_short_form_and_holding_at_once(root: Path) -> None:
    result = scenario(
        root, "  - set: {bStart: TRUE}\n    expect: {eMode: Running}\n    eventually: T#0ms\n"
    )
    assert (result.status, result.cycles) == (Status.PASS, 1), result.failure


def test_never_and_always_are_checked_in_every_cycle_of_their_step(root: Path) -> None:
    passing = scenario(
        root,
        "  - set: {bStart: TRUE}\n    advance: T#100ms\n"
        "    always: {eMode: E_Mode.Running}\n    never: {bDone: TRUE}\n"
        "  - cycles: 3\n    always: {eMode: Done, bDone: TRUE}\n",
    )
    assert (passing.status, passing.cycles) == (Status.PASS, 13), passing.failure
    failing = scenario(
        root, "  - set: {bStart: TRUE}\n    advance: T#200ms\n    never: {bDone: TRUE}\n"
    )
    assert failing.failure is not None
    assert failing.failure.message == (
        "step 1 (line 4), never: at cycle 11 (t=100ms), bDone expected not TRUE, got TRUE"
    )


def test_plain_expect_runs_a_cycle_only_after_inputs_changed(root: Path) -> None:
    result = scenario(
        root,
        "  - expect: {eMode: Idle, bDone: FALSE}\n"  # no cycle has run: initial values
        "  - set: {bStart: TRUE}\n    expect: {eMode: Running}\n"  # one cycle reads bStart
        "  - expect: {eMode: Running}\n",  # nothing new to read: no cycle
    )
    assert (result.status, result.cycles) == (Status.PASS, 1), result.failure


def test_advance_runs_the_cycles_that_start_in_the_interval(root: Path) -> None:
    good = scenario(
        root,
        "  - set: {bStart: TRUE}\n    advance: 95ms\n"  # cycles at 0..90 ms
        "  - expect: {bDone: FALSE}\n"
        "  - advance: 5ms\n    always: {bDone: TRUE}\n",  # the cycle at 90 ms ends at 100 ms:
    )  # now is 100 ms, not 95 ms, and the next 5 ms hold the cycle at 100 ms
    assert (good.status, good.cycles) == (Status.PASS, 11), good.failure
    short = scenario(
        root, "  - set: {bStart: TRUE}\n    advance: 1ms\n  - expect: {eMode: Running}\n"
    )
    assert (short.status, short.cycles) == (Status.PASS, 1), short.failure


def test_tolerance_and_several_scenarios(root: Path) -> None:
    write(
        root,
        "delay.scenario.yaml",
        "pou: FB_Delay\ntolerance: {tElapsed: T#10ms}\nscenarios:\n"
        "  - name: elapsed\n    steps:\n"
        "      - set: {bStart: TRUE}\n        expect: {tElapsed: T#45ms}\n        at: T#50ms\n"
        "  - name: elapsed exactly\n    steps:\n"
        "      - set: {bStart: TRUE}\n        expect: {tElapsed: T#50ms}\n        at: T#50ms\n",
    )
    results = run_all(root).results
    assert [(r.test.name, r.status) for r in results] == [
        ("delay.scenario.yaml::elapsed", Status.PASS),
        ("delay.scenario.yaml::elapsed exactly", Status.PASS),
    ]


def test_fault_in_a_scenario_is_an_error(root: Path) -> None:
    write(
        root,
        "divide.scenario.yaml",
        "pou: FB_Divide\nsteps:\n  - set: {nBy: 0}\n    expect: {nResult: 0}\n",
    )
    (result,) = run_all(root).results
    assert result.status is Status.ERROR
    assert result.fault is not None and result.fault.kind == "division by zero"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("  - {}\n", r":4: an empty step"),
        ("  - wait: 1s\n", r":4: unknown key 'wait' in a step"),
        ("  - at: T#1s\n", r":4: at: needs an expect: in the same step"),
        ("  - advance: 1s\n    cycles: 2\n", r":4: a step either advances time or runs cycles"),
        (
            "  - expect: {bDone: TRUE}\n    at: 1s\n    within: [0ms, 1s]\n",
            r":4: an expectation has one timing, not at and within",
        ),
        ("  - never: {bDone: TRUE}\n", r":4: never: is checked in the cycles of its step"),
        ("  - expect: {bDone: TRUE}\n    within: [T#1s]\n", r":5: within: takes \[FROM, TO\]"),
        ("  - expect: {bDone: TRUE}\n    within: [T#2s, T#1s]\n", r":5: within: the window ends"),
        ("  - expect: {bDone: TRUE}\n    eventually: {}\n", r":5: eventually: needs within:"),
        ("  - advance: T#-1s\n", r":4: advance: 'T#-1s': a duration cannot be negative"),
        ("  - cycles: many\n", r":4: cycles: needs a number"),
    ],
)
def test_malformed_steps(root: Path, steps: str, message: str) -> None:
    write(root, "bad.scenario.yaml", f"pou: FB_Delay\ncycle: 10ms\nsteps:\n{steps}")
    with pytest.raises(TestDefinitionError, match="bad.scenario.yaml" + message):
        run_all(root)


def test_unknown_signal_in_a_step(root: Path) -> None:
    result = scenario(root, "  - set: {bStrat: TRUE}\n")
    assert (result.status, result.bad_definition) == (Status.ERROR, True)
    assert result.error == (
        "delay.scenario.yaml:4: FB_Delay has no variable 'bStrat' (did you mean bStart?)"
    )


def test_a_global_list_missing_from_the_project_on_a_program(root: Path) -> None:
    write(
        root,
        "count.scenario.yaml",
        "pou: PRG_Count\ncycle: 10ms\nsteps:\n  - expect: {GVL_HMI.wConveyorStatus: 0}\n",
    )
    (result,) = run_all(root).results
    assert (result.status, result.bad_definition) == (Status.ERROR, True)
    assert result.error == (
        "count.scenario.yaml:4: GVL_HMI.wConveyorStatus: no variable GVL_HMI in PRG_Count "
        "and no global variable list or global variable GVL_HMI in the project"
    )


def test_a_run_away_scenario_stops_at_the_cycle_limit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("werk.tools.st.testing.bench.MAX_CYCLES", 50)
    result = scenario(root, "  - advance: 365d\n")
    assert (result.status, result.cycles) == (Status.ERROR, 50)
    assert result.error == "stopped after 50 cycles, the most one test may run"
