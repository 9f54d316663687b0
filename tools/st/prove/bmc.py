"""Bounded model checking: is there a run of at most ``k`` cycles that violates (or witnesses)?

The cycles are unrolled from the initial state, one fresh copy of the state
and the inputs per cycle, tied together by the transition relation. At
depth ``n`` the solver looks for a run whose first ``n - 1`` cycles are
clean (no fault, inside the encoded subset, assumptions holding, property
not yet failed) and whose cycle ``n`` fails: the property's "bad"
condition, or a runtime fault. Depth by depth, so the first counterexample
found is a shortest one. Runs through an incompleteness marker are not
trusted and not searched beyond it; the first depth at which a marker can
be reached is reported, because no proof can be given past it.

A counterexample is a list of input rows, one per cycle; the caller replays
it on the simulator before believing it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import z3

from werk.tools.st.prove.encoder import conj
from werk.tools.st.prove.lemmas import Lemma
from werk.tools.st.prove.replay import InputRow
from werk.tools.st.prove.smt_property import Cycle, SymbolicMonitor
from werk.tools.st.prove.smt_values import Sym, constant, in_range, python_value, variable
from werk.tools.st.prove.transition import TransitionSystem

MARKER_GRACE = 2  # depths searched past the first reachable unsupported construct


@dataclass
class StepTerms:
    number: int
    constraints: list[Any]  # the transition into this cycle's end state, input ranges
    fault: Any
    marker: Any
    bad: Any  # "always": the property fails at the end; "exists": it holds there
    assumption: Any
    inputs: dict[str, Any]
    state: dict[str, Any]


class Unrolling:
    """Consecutive cycles from the initial state, or from an arbitrary one (induction)."""

    def __init__(
        self,
        system: TransitionSystem,
        monitor: SymbolicMonitor,
        ranges: dict[str, tuple[Any, Any]],
        *,
        from_initial: bool,
        name: str,
    ) -> None:
        self.system = system
        self.monitor = monitor
        self.ranges = ranges
        self.name = name
        self.steps: list[StepTerms] = []
        self.start_constraints: list[Any] = []
        # Only the cone of influence of the property, faults and markers is unrolled.
        self.keys = system.cone({signal.key for signal in monitor.bound.signals})
        if from_initial:
            self.states = [{key: system.initial[key] for key in self.keys}]
            self.memories = [monitor.initial_memory()]
        else:
            state = self.fresh_state(f"{name}s0")
            memory = monitor.fresh_memory(f"{name}m0")
            self.states = [state]
            self.memories = [memory]
            self.start_constraints = [
                *(c for c in system.state_constraints(system.before) if self.covers(c)),
                *monitor.memory_constraints(memory),
            ]
            self.start_constraints = [
                z3.substitute(c, *self.pairs(state)) for c in self.start_constraints
            ]

    def fresh_state(self, name: str) -> dict[str, Any]:
        return {key: variable(self.system.specs[key], f"{name}!{key}") for key in self.keys}

    def pairs(self, state: dict[str, Any], inputs: dict[str, Any] | None = None) -> list[Any]:
        system = self.system
        found = [(system.before[key], state[key]) for key in self.keys]
        if inputs is not None:
            found += [(system.inputs[key], inputs[key]) for key in system.input_keys]
        return found

    def covers(self, template: Any) -> bool:
        """Whether a condition over the template state reads only unrolled variables."""
        return self.system.mentions(template) <= set(self.keys)

    def on(self, state: dict[str, Any], template: Any) -> Any:
        """A condition over the template state, said of ``state``."""
        return z3.substitute(template, *self.pairs(state))

    def extend(self) -> StepTerms:
        system = self.system
        number = len(self.steps) + 1
        inputs = system.fresh_inputs(f"{self.name}i{number}")
        pairs = self.pairs(self.states[-1], inputs)
        state = self.fresh_state(f"{self.name}s{number}")
        constraints = [state[key] == z3.substitute(system.after[key], *pairs) for key in self.keys]
        constraints += system.input_constraints(inputs)
        for key, (low, high) in self.ranges.items():
            if key in inputs:
                spec = system.specs[key]
                if spec.kind == "real":
                    term = inputs[key]
                    constraints.append(z3.fpGEQ(term, constant(spec, low)))
                    constraints.append(z3.fpLEQ(term, constant(spec, high)))
                else:
                    constraints.append(in_range(Sym(inputs[key], spec), int(low), int(high)))
        begin_cache: dict[str, Any] = {}

        def begin(key: str) -> Any:
            if key not in begin_cache:
                begin_cache[key] = z3.substitute(system.begin[key], *pairs)
            return begin_cache[key]

        def end(key: str) -> Any:
            return state[key]

        bad, memory = self.monitor.step(Cycle(begin, end, self.memories[-1]))
        assumption = self.monitor.assumptions(end)
        step = StepTerms(
            number,
            constraints,
            z3.substitute(system.fault, *pairs),
            z3.substitute(system.marker, *pairs),
            bad,
            assumption,
            inputs,
            state,
        )
        self.states.append(state)
        self.memories.append(memory)
        self.steps.append(step)
        return step

    def rows(self, model: Any, count: int) -> list[InputRow]:
        """The inputs of the first ``count`` cycles in ``model``, as replayable rows."""
        rows: list[InputRow] = []
        for step in self.steps[:count]:
            row: InputRow = {}
            for key, term in step.inputs.items():
                value = model.eval(term, model_completion=True)
                row[key] = python_value(self.system.specs[key], value)
            rows.append(row)
        return rows

    def marker_message(self, model: Any, step: StepTerms) -> str:
        pairs = self.pairs(self.states[step.number - 1], step.inputs)
        for condition, message in self.system.markers:
            if z3.is_true(model.eval(z3.substitute(condition, *pairs), model_completion=True)):
                return message
        return "not supported: a construct outside the encoded subset"


@dataclass
class BmcOutcome:
    rows: list[InputRow] | None = None  # the counterexample (or witness), cycle 1 first
    depth_done: int = 0  # every depth up to this one was searched completely
    marker: str | None = None  # an unsupported construct reachable at ``marker_depth``
    marker_depth: int | None = None
    timed_out: bool = False
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _check(solver: Any, condition: Any) -> Any:
    solver.push()
    solver.add(condition)
    return solver.check()


@dataclass
class ProofOutcome(BmcOutcome):
    k: int | None = None  # proved by k-induction with this k (None: not proved)


class _StepCase:
    """The step case of k-induction, one k at a time.

    From an arbitrary state (constrained only by what holds by construction
    and by proved lemmas), ``k`` clean cycles in a row -- no fault, no
    marker, assumptions and property holding, all states pairwise distinct
    -- must be followed by a clean cycle. With the base case (no failure in
    the first ``k`` cycles from the initial state) this proves the property
    for every depth. For "exists" properties the property is "never
    witnessed": a proof means the condition is unreachable.
    """

    def __init__(
        self,
        system: TransitionSystem,
        monitor: SymbolicMonitor,
        ranges: dict[str, tuple[Any, Any]],
        lemmas: Sequence[Lemma],
    ) -> None:
        self.system = system
        self.monitor = monitor
        self.unrolling = Unrolling(system, monitor, ranges, from_initial=False, name="k")
        self.solver = z3.Solver()
        for constraint in self.unrolling.start_constraints:
            self.solver.add(constraint)
        self.lemmas = [  # proved invariants, over unrolled variables only
            lemma for lemma in lemmas if self.unrolling.covers(lemma.term(system, system.before))
        ]
        for lemma in self.lemmas:  # every reachable state satisfies them
            self.solver.add(self.unrolling.on(self.unrolling.states[0], lemma.template(system)))
        self.previous: StepTerms | None = None

    def check(self, k: int, timeout_ms: int) -> Any:
        """unsat: proved with this k; sat: not (yet); unknown: timeout."""
        solver, system = self.solver, self.system
        solver.set("timeout", max(timeout_ms, 1))
        last = self.previous
        if last is not None:
            solver.add(z3.Not(last.marker), z3.Not(last.fault), last.assumption, z3.Not(last.bad))
        step = self.unrolling.extend()
        for constraint in step.constraints:
            solver.add(constraint)
        clean = z3.And(z3.Not(step.fault), z3.Not(step.marker))
        for lemma in self.lemmas:
            solver.add(z3.Implies(clean, self.unrolling.on(step.state, lemma.template(system))))
        newest = len(self.unrolling.states) - 2  # loop-free: differs from every earlier state
        for earlier in range(newest):
            solver.add(_differ(self.unrolling, earlier, newest))
        if self.monitor.exists:
            failing = z3.Or(step.marker, z3.And(z3.Not(step.fault), step.assumption, step.bad))
        else:
            failing = z3.Or(step.marker, step.fault, z3.And(step.assumption, step.bad))
        result = _check(solver, failing)
        solver.pop()
        self.previous = step
        return result


def prove(
    system: TransitionSystem,
    monitor: SymbolicMonitor,
    ranges: dict[str, tuple[Any, Any]],
    *,
    depth: int,
    deadline: float,
    induct: bool = True,
    lemmas: Sequence[Lemma] = (),
    check_timeout_ms: int = 20_000,
) -> ProofOutcome:
    """k-induction interleaved with the bounded check: for k = 1, 2..., the base case at
    depth k, then the step case for k; stops at a counterexample, a proof, or ``depth``."""
    started = time.monotonic()
    outcome = ProofOutcome()
    base = Unrolling(system, monitor, ranges, from_initial=True, name="b")
    solver = z3.Solver()
    step_case = _StepCase(system, monitor, ranges, lemmas) if induct else None
    for number in range(1, depth + 1):
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            outcome.timed_out = True
            break
        solver.set("timeout", max(min(check_timeout_ms, remaining_ms), 1))
        step = base.extend()
        for constraint in step.constraints:
            solver.add(constraint)
        if monitor.exists:
            failing = conj(z3.Not(step.marker), z3.Not(step.fault), step.assumption, step.bad)
        else:
            failing = conj(
                z3.Not(step.marker), z3.Or(step.fault, z3.And(step.assumption, step.bad))
            )
        result = _check(solver, failing)
        if result == z3.sat:
            outcome.rows = base.rows(solver.model(), number)
            solver.pop()
            break
        solver.pop()
        if result == z3.unknown:
            outcome.timed_out = True
            break
        if outcome.marker is None:
            reach = _check(solver, step.marker)
            if reach == z3.sat:
                outcome.marker = base.marker_message(solver.model(), step)
                outcome.marker_depth = number
            solver.pop()
        outcome.depth_done = number
        if outcome.marker_depth is not None and number >= outcome.marker_depth + MARKER_GRACE:
            break  # no proof is possible any more; deeper runs are the simulator's to find
        solver.add(z3.Not(step.marker), z3.Not(step.fault), step.assumption, z3.Not(step.bad))
        if step_case is not None and outcome.marker is None:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            proof = step_case.check(number, min(check_timeout_ms, remaining_ms))
            if proof == z3.unsat:
                outcome.k = number
                break
            if proof == z3.unknown:
                step_case = None  # the step case timed out; keep looking for counterexamples
    outcome.seconds = time.monotonic() - started
    return outcome


def _differ(unrolling: Unrolling, first: int, second: int) -> Any:
    """States ``first`` and ``second`` differ in some variable or in the monitor's memory.

    The whole state is compared: excluding a repeated system state whose
    monitor memory differs could exclude the only counterexample.
    """
    a, b = unrolling.states[first], unrolling.states[second]
    x, y = unrolling.memories[first], unrolling.memories[second]
    differences = [a[key] != b[key] for key in unrolling.keys]
    differences += [x[key] != y[key] for key in x]
    return z3.Or(*differences) if differences else z3.BoolVal(False)
