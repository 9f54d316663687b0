"""Repeatability (``AG EF {1}``): from every reachable state, {1} can still be reached.

This mixes "for all" and "exists" and is not a safety property: no finite
run violates it, and no single run proves it. Two sound arguments decide
the common cases:

- *violated*: ``{1}`` is never reachable from the initial state (proved by
  k-induction on "never {1}", in ``check``); the initial state is reachable
  and nothing can be repeated from it;
- *proved*: from **every** state (not only the reachable ones, so the
  argument needs no invariant) some inputs lead to ``{1}`` at the end of a
  cycle within ``n`` cycles, without a fault or an unsupported construct on
  the way and with the assumptions holding. z3 decides the
  ``forall state: exists inputs`` question by searching for a state from
  which every input sequence of up to ``n`` cycles misses ``{1}``.

Anything else is unknown.
"""

from __future__ import annotations

import time
from typing import Any

import z3

from werk.tools.st.prove.encoder import conj, disj
from werk.tools.st.prove.smt_property import Cycle, SymbolicMonitor
from werk.tools.st.prove.smt_values import Sym, constant, in_range
from werk.tools.st.prove.transition import TransitionSystem


def repeatable(
    system: TransitionSystem,
    monitor: SymbolicMonitor,
    ranges: dict[str, tuple[Any, Any]],
    *,
    max_steps: int,
    deadline: float,
) -> int | None:
    """The smallest ``n <= max_steps`` such that every state reaches {1} within ``n``."""
    start = system.fresh_state("r0")
    for steps in range(1, max_steps + 1):
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            return None
        state = start
        memory = monitor.initial_memory()
        inputs_all: list[Any] = []
        reach: list[Any] = []
        clean: list[Any] = []
        for number in range(1, steps + 1):
            inputs = system.fresh_inputs(f"r{steps}i{number}")
            inputs_all.extend(inputs.values())
            pairs = system.substitution(state, inputs)
            after = {key: z3.substitute(system.after[key], *pairs) for key in system.keys}
            fault = z3.substitute(system.fault, *pairs)
            marker = z3.substitute(system.marker, *pairs)
            allowed = _input_ranges(system, inputs, ranges)

            def begin(key: str, _pairs: list[Any] = pairs) -> Any:
                return z3.substitute(system.begin[key], *_pairs)

            witness, memory = monitor.step(Cycle(begin, after.__getitem__, memory))
            assumption = monitor.assumptions(after.__getitem__)
            good = conj(allowed, z3.Not(fault), z3.Not(marker), assumption)
            reach.append(conj(*clean, good, witness))
            clean.append(good)
            state = after
        solver = z3.Solver()
        solver.set("timeout", max(min(remaining_ms, 20_000), 1))
        solver.add(*system.state_constraints(start))
        if inputs_all:
            solver.add(z3.ForAll(inputs_all, z3.Not(disj(*reach))))
        else:
            solver.add(z3.Not(disj(*reach)))
        if solver.check() == z3.unsat:
            return steps
    return None


def _input_ranges(
    system: TransitionSystem, inputs: dict[str, Any], ranges: dict[str, tuple[Any, Any]]
) -> Any:
    terms = []
    for key, (low, high) in ranges.items():
        if key not in inputs:
            continue
        spec = system.specs[key]
        if spec.kind == "real":
            terms.append(z3.fpGEQ(inputs[key], constant(spec, low)))
            terms.append(z3.fpLEQ(inputs[key], constant(spec, high)))
        else:
            terms.append(in_range(Sym(inputs[key], spec), int(low), int(high)))
    return conj(*terms)
