"""Invariants of the entry found by simulation and proved inductive, to help k-induction.

k-induction starts from an arbitrary state, and many arbitrary states are
unreachable: a stack pointer of 100 where the code keeps it in -1..3
indexes out of bounds and "violates" every property. Restricting the start
to states satisfying *proved* invariants removes them without losing
soundness, since every reachable state satisfies them.

Candidates come from the simulator runs (the Daikon idea): for each
integer, duration and BOOL variable that is not an input, the range of
values it took. Houdini (Flanagan and Leino) then keeps the largest subset
that holds initially and is preserved by every cycle that does not fault:
it asks the solver for a state satisfying all candidates whose successor
breaks some, drops those, and repeats until the set is inductive. What is
left holds in every reachable state.

The standard function blocks add candidates of their own, which random runs
rarely exhibit but which hold by their construction: a TON's Q is TRUE
exactly when it is done, a TOF's Q exactly while its input was TRUE at the
last call or it is running, a TP's Q exactly while it runs, an edge
detector's Q implies its memory, a timer that is not running has age 0 and
a running one has not reached its preset. They go through Houdini like the
others: proposed, never assumed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import z3

from werk.tools.st.prove.entry import Role
from werk.tools.st.prove.smt_store import member_key
from werk.tools.st.prove.smt_values import Sym, constant, in_range
from werk.tools.st.prove.state import DONE, IDLE, RUNNING, is_timer
from werk.tools.st.prove.transition import TransitionSystem
from werk.tools.st.sim.iec import standard_fbs

MAX_CANDIDATES = 400


@dataclass(frozen=True)
class Lemma:
    """A candidate invariant: a condition on one state (the template's or an unrolled one's)."""

    text: str
    build: Callable[[dict[str, Any]], Any] = field(compare=False, repr=False)
    key: str = ""  # the variable a range lemma is about

    def term(self, system: TransitionSystem, state: dict[str, Any]) -> Any:
        return self.build(state)

    def template(self, system: TransitionSystem) -> Any:
        """The lemma over the template state (``s!key`` variables)."""
        return self.build(system.before)


def range_lemma(system: TransitionSystem, key: str, low: Any, high: Any) -> Lemma:
    spec = system.specs[key]
    if spec.kind == "bool":
        value = constant(spec, low)
        return Lemma(f"{key} = {low}", lambda state: state[key] == value, key)
    if spec.kind == "real":
        lowest, highest = constant(spec, low), constant(spec, high)
        return Lemma(
            f"{low} <= {key} <= {high}",
            lambda state: z3.And(z3.fpGEQ(state[key], lowest), z3.fpLEQ(state[key], highest)),
            key,
        )
    low_int, high_int = int(low), int(high)
    return Lemma(
        f"{low} <= {key} <= {high}",
        lambda state: in_range(Sym(state[key], spec), low_int, high_int),
        key,
    )


def candidates(system: TransitionSystem, states: Sequence[dict[str, Any]]) -> list[Lemma]:
    """Ranges of the non-input variables over the states the simulator went through, and the
    consistency conditions of the standard function blocks."""
    found: list[Lemma] = []
    inputs = {signal.key for signal in system.entry.signals.values() if signal.role is Role.INPUT}
    for key in system.keys:
        if key in inputs or len(found) >= MAX_CANDIDATES:
            continue
        spec = system.specs[key]
        seen = [state[key] for state in states if key in state]
        if not seen:
            continue
        if spec.kind == "bool":
            if all(value == seen[0] for value in seen):
                found.append(range_lemma(system, key, seen[0], seen[0]))
            continue
        if spec.kind == "real":
            finite = [value for value in seen if value == value and abs(value) != float("inf")]
            if len(finite) == len(seen):
                found.append(range_lemma(system, key, min(finite), max(finite)))
            continue
        integral = spec.is_integer or spec.kind == "time" or key.endswith("#phase")
        if not integral:
            continue
        low, high = min(seen), max(seen)
        if (low, high) != (spec.minimum, spec.maximum):
            found.append(range_lemma(system, key, low, high))
    for instance in system.space.standard.values():
        found.extend(standard_lemmas(instance.key, instance.cls))
    return found


def standard_lemmas(key: str, cls: type) -> list[Lemma]:
    """Conditions every reachable state of one standard FB instance satisfies by construction."""

    def member(name: str) -> str:
        return member_key(key, name)

    def phase_is(state: dict[str, Any], value: int) -> Any:
        return state[member("#phase")] == z3.BitVecVal(value, 8)

    lemmas: list[Lemma] = []
    if issubclass(cls, standard_fbs.R_TRIG | standard_fbs.F_TRIG):
        lemmas.append(
            Lemma(
                f"{key}: Q implies the memory",
                lambda s: z3.Implies(s[member("Q")], s[member("#mem")]),
            )
        )
    if is_timer(cls):
        lemmas.append(
            Lemma(
                f"{key}: age 0 unless running",
                lambda s: z3.Implies(z3.Not(phase_is(s, RUNNING)), s[member("#age")] == 0),
            )
        )

        def below_preset(s: dict[str, Any]) -> Any:
            preset = s[member("PT")]
            width = preset.size()
            wide = z3.ZeroExt(64 - width, preset) if width < 64 else preset
            return z3.Implies(phase_is(s, RUNNING), z3.ULT(s[member("#age")], wide))

        lemmas.append(Lemma(f"{key}: running below its preset", below_preset))
    if issubclass(cls, standard_fbs.TOF):
        lemmas.append(
            Lemma(
                f"{key}: Q while IN was TRUE or running",
                lambda s: s[member("Q")] == z3.Or(s[member("#previn")], phase_is(s, RUNNING)),
            )
        )
        lemmas.append(
            Lemma(
                f"{key}: idle while IN is TRUE",
                lambda s: z3.Implies(s[member("#previn")], phase_is(s, IDLE)),
            )
        )
    elif issubclass(cls, standard_fbs.TON):
        lemmas.append(Lemma(f"{key}: Q when done", lambda s: s[member("Q")] == phase_is(s, DONE)))
    elif issubclass(cls, standard_fbs.TP):
        lemmas.append(
            Lemma(f"{key}: Q while running", lambda s: s[member("Q")] == phase_is(s, RUNNING))
        )
    return lemmas


def houdini(
    system: TransitionSystem,
    lemmas: list[Lemma],
    *,
    deadline: float,
    on_round: Callable[[int, int], None] | None = None,
) -> list[Lemma]:
    """The largest inductive subset of ``lemmas`` (holding initially and preserved by every
    cycle that does not fault); empty when time runs out."""
    kept = [lemma for lemma in lemmas if _holds_initially(system, lemma)]
    before = system.before
    after = system.after
    rounds = 0
    while kept:
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            return []
        rounds += 1
        if on_round is not None:
            on_round(rounds, len(kept))
        solver = z3.Solver()
        solver.set("timeout", max(min(remaining_ms, 20_000), 1))
        solver.add(*system.state_constraints(before))
        for lemma in kept:
            solver.add(lemma.term(system, before))
        solver.add(z3.Not(system.fault), z3.Not(system.marker))
        broken = [lemma.term(system, after) for lemma in kept]
        solver.add(z3.Not(z3.And(*broken)) if len(broken) > 1 else z3.Not(broken[0]))
        result = solver.check()
        if result == z3.unsat:
            return kept
        if result == z3.unknown:
            return []
        model = solver.model()
        survivors = [
            lemma
            for lemma, term in zip(kept, broken, strict=True)
            if z3.is_true(model.eval(term, model_completion=True))
        ]
        if len(survivors) == len(kept):  # cannot happen with a correct model; be safe
            return []
        kept = survivors
    return kept


def _holds_initially(system: TransitionSystem, lemma: Lemma) -> bool:
    return bool(z3.is_true(z3.simplify(lemma.term(system, system.initial))))
