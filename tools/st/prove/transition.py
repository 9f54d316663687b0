"""The entry as a transition system: initial state, one cycle as a relation, faults and markers.

``TransitionSystem`` runs the encoder once on template variables (``s!x``
for the value of ``x`` before the cycle, ``i!x`` for an input); every unrolled
cycle is that template with the variables substituted. The initial state is
read from the simulator after a cold restart, so initial values, enum
defaults and initialisers are exactly the simulator's.

``validate`` runs the simulator and the model side by side on a few input
sequences and compares every state variable after every cycle: a
disagreement means the encoding is wrong somewhere, and no verdict of the
solver is given for the entry ("internal inconsistency").
"""

from __future__ import annotations

import math
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import z3

from werk.tools.st.prove.encoder import CycleEncoder, disj
from werk.tools.st.prove.entry import CYCLE_TIME, Entry, Runner
from werk.tools.st.prove.replay import InputRow
from werk.tools.st.prove.smt_values import Sym, constant, in_range, sort_of, variable
from werk.tools.st.prove.state import StateSpace


@dataclass
class Mismatch:
    cycle: int
    key: str
    model: Any
    simulator: Any

    def __str__(self) -> str:
        return (
            f"after cycle {self.cycle}, {self.key}: the model computes {self.model!r}, "
            f"the simulator {self.simulator!r}"
        )


class TransitionSystem:
    """One cycle of the entry as z3 terms over template state and input variables."""

    def __init__(self, entry: Entry, *, loop_limit: int = 64) -> None:
        started = time.monotonic()
        self.entry = entry
        self.space = StateSpace(entry)
        self.keys = list(self.space.vars)
        self.specs = {key: var.spec for key, var in self.space.vars.items()}
        self.input_keys = [signal.key for signal in entry.inputs]
        if entry.ranged:
            self.input_keys.append(CYCLE_TIME)
            self.specs[CYCLE_TIME] = entry.cycle_time.spec
        self.before = {key: variable(self.specs[key], f"s!{key}") for key in self.keys}
        self.inputs = {key: variable(self.specs[key], f"i!{key}") for key in self.input_keys}
        encoder = CycleEncoder(entry, self.space, loop_limit=loop_limit)
        after, begin, effects = encoder.step(self.before, self.inputs)
        self.after = {key: after[key] for key in self.keys}
        self.begin = {key: begin[key] for key in self.keys}
        self.faults = effects.faults
        self.markers = effects.markers
        self.fault = disj(*(condition for condition, _ in self.faults))
        self.marker = disj(*(condition for condition, _ in self.markers))
        runner = entry.runner()
        self.initial_values = self.space.concrete(runner)
        self.initial = {
            key: constant(self.specs[key], self.initial_values[key]) for key in self.keys
        }
        self._packed_term: Any = None
        self._layout: dict[str, tuple[int, int]] = {}
        self._mentions: dict[str, set[str]] = {}
        self.prune_faults()
        self.seconds = time.monotonic() - started

    def substitution(self, state: dict[str, Any], inputs: dict[str, Any]) -> list[tuple[Any, Any]]:
        pairs = [(self.before[key], state[key]) for key in self.keys]
        pairs += [(self.inputs[key], inputs[key]) for key in self.input_keys]
        return pairs

    def fresh_state(self, name: str) -> dict[str, Any]:
        return {key: variable(self.specs[key], f"{name}!{key}") for key in self.keys}

    def fresh_inputs(self, name: str) -> dict[str, Any]:
        return {key: variable(self.specs[key], f"{name}!{key}") for key in self.input_keys}

    def state_constraints(self, state: dict[str, Any]) -> list[Any]:
        """What every state the simulator can be in satisfies by construction: subrange
        variables inside their range (a store outside faults), timer phases 0..2, and no
        REAL holding NaN (every operation that yields one faults, and inputs are finite)."""
        constraints: list[Any] = []
        for signal in self.entry.signals.values():
            bounds = signal.bounds
            low, high = signal.spec.minimum, signal.spec.maximum
            if bounds is not None and (bounds[0] != low or bounds[1] != high):
                constraints.append(in_range(Sym(state[signal.key], signal.spec), *bounds))
            if signal.spec.kind == "real":
                constraints.append(z3.Not(z3.fpIsNaN(state[signal.key])))
        for timer in self.space.timers:
            constraints.append(z3.ULE(state[f"{timer.key}.#phase"], z3.BitVecVal(2, 8)))
        return constraints

    def input_constraints(self, inputs: dict[str, Any]) -> list[Any]:
        """REAL inputs are finite numbers (the environment gives sensor values)."""
        return [
            z3.And(z3.Not(z3.fpIsNaN(term)), z3.Not(z3.fpIsInf(term)))
            for key, term in inputs.items()
            if self.specs[key].kind == "real"
        ]

    # --- what depends on what ----------------------------------------------------------------

    def cone(self, roots: set[str]) -> list[str]:
        """The state variables whose values can influence ``roots`` (keys), faults or
        markers, in the system's order: unrolling only these keeps the answer the same,
        since nothing else mentions the others."""
        wanted = set(roots) | self._mentioned(self.fault) | self._mentioned(self.marker)
        wanted &= set(self.keys)
        frontier = list(wanted)
        while frontier:
            key = frontier.pop()
            for other in self._depends(key):
                if other not in wanted:
                    wanted.add(other)
                    frontier.append(other)
        return [key for key in self.keys if key in wanted]

    def _depends(self, key: str) -> set[str]:
        found = self._mentions.get(key)
        if found is None:
            found = self._mentioned(self.after[key]) | self._mentioned(self.begin[key])
            self._mentions[key] = found
        return found

    def mentions(self, term: Any) -> set[str]:
        """Keys of the state variables (``s!key``) a term over the template reads."""
        return self._mentioned(term)

    def _mentioned(self, term: Any) -> set[str]:
        """Keys of the state variables (``s!key``) a term reads."""
        found: set[str] = set()
        seen: set[int] = set()
        stack = [term]
        while stack:
            current = stack.pop()
            ident = current.get_id()
            if ident in seen:
                continue
            seen.add(ident)
            if z3.is_const(current) and current.decl().kind() == z3.Z3_OP_UNINTERPRETED:
                name = current.decl().name()
                if name.startswith("s!"):
                    found.add(name[2:])
                continue
            stack.extend(current.children())
        return found

    def prune_faults(self, *, timeout_ms: int = 1000, budget_s: float = 4.0) -> None:
        """Drop the fault and marker conditions no state and input can meet (checked once
        here instead of in every unrolled cycle: a NaN from a product of finite numbers, a
        division by a non-zero constant, a loop bound no state reaches)."""
        solver = z3.Solver()
        solver.set("timeout", timeout_ms)
        solver.add(*self.state_constraints(self.before), *self.input_constraints(self.inputs))
        deadline = time.monotonic() + budget_s

        def possible(condition: Any) -> bool:
            return time.monotonic() > deadline or _possible(solver, condition)

        kept_faults = [(c, m) for c, m in self.faults if possible(c)]
        kept_markers = [(c, m) for c, m in self.markers if possible(c)]
        self.faults, self.markers = kept_faults, kept_markers
        self.fault = disj(*(condition for condition, _ in self.faults))
        self.marker = disj(*(condition for condition, _ in self.markers))
        self._packed_term = None

    # --- checking the model against the simulator --------------------------------------------

    def evaluate_step(
        self, state: dict[str, Any], inputs: dict[str, Any]
    ) -> tuple[dict[str, Any], bool, bool]:
        """Concrete next state, whether the cycle faults, whether it reaches a marker.

        All results are packed into one bit-vector, substituted and simplified
        once: z3 then shares the work between terms with common parts.
        """
        pairs = self.substitution(
            {key: constant(self.specs[key], state[key]) for key in self.keys},
            {key: constant(self.specs[key], inputs[key]) for key in self.input_keys},
        )
        fault = z3.is_true(z3.simplify(z3.substitute(self.fault, *pairs)))
        marker = z3.is_true(z3.simplify(z3.substitute(self.marker, *pairs)))
        if fault or marker:
            return {}, fault, marker  # the state after a faulting cycle does not matter
        packed = z3.simplify(z3.substitute(self._packed(), *pairs))
        if not z3.is_bv_value(packed):
            raise ValueError(f"the model does not compute a value here: {packed}"[:300])
        bits = packed.as_long()
        values: dict[str, Any] = {}
        for key, (low, width) in self._layout.items():
            raw = (bits >> low) & ((1 << width) - 1)
            values[key] = raw
        after = {key: _unpack(self.specs[key], values[key]) for key in self.keys}
        return after, False, False

    def _packed(self) -> Any:
        if self._packed_term is None:
            parts: list[Any] = []
            layout: dict[str, tuple[int, int]] = {}
            position = 0
            items = [(key, self.after[key]) for key in self.keys]
            items += [("#fault", self.fault), ("#marker", self.marker)]
            for key, term in reversed(items):
                bits = _as_bits(term)
                width = bits.size()
                layout[key] = (position, width)
                position += width
                parts.append(bits)
            self._layout = layout
            self._packed_term = z3.Concat(*reversed(parts)) if len(parts) > 1 else parts[0]
        return self._packed_term

    def validate(
        self, runner: Runner, runs: Sequence[Sequence[InputRow]], *, deadline: float | None = None
    ) -> Mismatch | None:
        """Run each input sequence on both; the first disagreement, else None."""
        for rows in runs:
            runner.restart()
            state = self.space.concrete(runner)
            current_inputs = {
                key: state[key] if key != CYCLE_TIME else self.entry.cycle_ms
                for key in self.input_keys
            }
            for number, row in enumerate(rows, start=1):
                if deadline is not None and time.monotonic() > deadline:
                    return None
                current_inputs.update({k: v for k, v in row.items() if k in current_inputs})
                try:
                    expected, fault, marker = self.evaluate_step(state, current_inputs)
                except ValueError as exc:
                    return Mismatch(number, "(state)", str(exc), "a value")
                if marker:
                    break
                sim_fault = runner.cycle(dict(current_inputs))
                if fault != (sim_fault is not None):
                    return Mismatch(
                        number,
                        "(fault)",
                        "a fault" if fault else "no fault",
                        str(sim_fault) if sim_fault is not None else "no fault",
                    )
                if sim_fault is not None:
                    break
                actual = self.space.concrete(runner)
                for key in self.keys:
                    if not _same(expected[key], actual[key]):
                        return Mismatch(number, key, expected[key], actual[key])
                state = actual
        return None


def _possible(solver: Any, condition: Any) -> bool:
    solver.push()
    solver.add(condition)
    result = solver.check()
    solver.pop()
    return bool(result != z3.unsat)


def _as_bits(term: Any) -> Any:
    if z3.is_bool(term):
        return z3.If(term, z3.BitVecVal(1, 1), z3.BitVecVal(0, 1))
    if z3.is_fp(term):
        return z3.fpToIEEEBV(term)
    return term


def _unpack(spec: Any, raw: int) -> Any:
    if spec.kind == "bool":
        return bool(raw)
    if spec.kind == "real":
        if spec.bits == 32:
            single: float = struct.unpack("<f", struct.pack("<I", raw))[0]
            return single
        double: float = struct.unpack("<d", struct.pack("<Q", raw))[0]
        return double
    if spec.kind == "signed" and raw >= 1 << (spec.bits - 1):
        return raw - (1 << spec.bits)
    return raw


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if a != a or b != b:
            return a != a and b != b
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    return bool(a == b)


def sorts(system: TransitionSystem) -> dict[str, Any]:
    return {key: sort_of(spec) for key, spec in system.specs.items()}
