"""The encoding against the simulator: every state variable, every cycle, on random runs.

This is the evidence that the z3 model is the simulator's semantics: the
fixtures use REAL arithmetic, functions, CASE, FOR with EXIT/CONTINUE, WHILE
and REPEAT, arrays indexed by variables, structures, nested FBs with in-outs,
globals, bit access and the standard FBs (TON, TOF, TP, R_TRIG, F_TRIG, RS,
CTU). A deliberately broken operator must be caught the same way.
"""

from __future__ import annotations

import random

import pytest
import z3

from tests.tools.st.prove.support import FIXTURES, line_of, project_of
from werk.tools.st.prove import smt_operators
from werk.tools.st.prove.entry import Entry
from werk.tools.st.prove.falsify import draw_run
from werk.tools.st.prove.inputs import Domain, code_constants
from werk.tools.st.prove.transition import TransitionSystem


def random_runs(entry: Entry, count: int, depth: int, seed: int) -> list:
    constants = code_constants(entry.project)
    domains = [Domain(signal, constants, entry.cycle_ms) for signal in entry.inputs]
    rng = random.Random(seed)
    return [draw_run(domains, depth, rng) for _ in range(count)]


@pytest.mark.parametrize(
    ("fixture", "entry_name"),
    [
        ("mixed.st", "FB_Mix"),
        ("stack.st", "FB_Queue"),
        ("tank.st", "FB_Tank"),
        ("plant.st", "MAIN"),
        ("timers.st", "FB_RunOn"),
        ("counters.st", "FB_Pulses"),
    ],
)
def test_the_model_agrees_with_the_simulator(fixture: str, entry_name: str) -> None:
    entry = Entry(project_of(fixture), entry_name)
    system = TransitionSystem(entry)
    assert not system.markers, system.markers
    runs = random_runs(entry, 12, 20, seed=5)
    assert system.validate(entry.runner(), runs) is None


def test_a_ranged_cycle_time_agrees_too() -> None:
    entry = Entry(project_of("timers.st"), "FB_RunOn", cycle_ms=10, cycle_max_ms=25)
    system = TransitionSystem(entry)
    runs = random_runs(entry, 12, 20, seed=3)
    runs = [[{**row, "#dt": 10 + (7 * number) % 16} for number, row in enumerate(rows)]
            for rows in runs]  # fmt: skip
    assert system.validate(entry.runner(), runs) is None


def test_the_initial_state_is_the_simulators() -> None:
    entry = Entry(project_of("mixed.st"), "FB_Mix")
    system = TransitionSystem(entry)
    assert system.initial_values["avals[2]"] == 3  # from the array initialiser
    assert system.initial_values["emode"] == 0  # E_Mode.Idle
    assert system.initial_values["ft.#mem"] is True  # F_TRIG remembers NOT CLK = TRUE


def test_a_broken_operator_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    original = smt_operators._integer

    def off_by_one(symbol, a, b, result):
        term, fault = original(symbol, a, b, result)
        return (term + 1, fault) if symbol == "+" else (term, fault)

    monkeypatch.setattr(smt_operators, "_integer", off_by_one)
    entry = Entry(project_of("counters.st"), "FB_Total")
    system = TransitionSystem(entry)
    mismatch = system.validate(entry.runner(), random_runs(entry, 2, 3, seed=1))
    assert mismatch is not None and mismatch.key == "ntotal" and mismatch.cycle == 1


def test_unsupported_code_is_a_marker_with_its_position() -> None:
    entry = Entry(project_of("unsupported.st"), "FB_Countdown")
    system = TransitionSystem(entry)
    (message,) = [message for _, message in system.markers]
    line = line_of("unsupported.st", "WHILE nLeft > 0")
    assert message.endswith(f"unsupported.st:{line}")


def test_faults_are_conditions_of_the_cycle() -> None:
    entry = Entry(project_of("tank.st"), "FB_Tank")
    system = TransitionSystem(entry)
    messages = [message for _, message in system.faults]
    line = line_of("tank.st", "REAL_TO_INT")
    assert f"conversion to INT out of range at {FIXTURES / 'tank.st'}:{line}" in messages
    # ``/ nPumps`` runs only when nPumps > 0, and REAL operations on finite numbers give no
    # NaN here: those faults are impossible and dropped once, not carried into every cycle
    assert not any(m.startswith(("division by zero", "invalid floating-point")) for m in messages)
    solver = z3.Solver()
    solver.add(system.fault)
    assert solver.check() == z3.sat
