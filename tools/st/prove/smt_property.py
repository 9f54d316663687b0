"""Properties as z3 terms: typed expressions compiled, and each pattern as a safety monitor.

``compile_condition`` turns a bound property expression (``binding``) into a
z3 Bool over the terms of the variables it mentions, with the same operators
as the code (``smt_operators``) and the condition under which evaluating it
faults. ``SymbolicMonitor`` is the symbolic twin of ``monitor.Monitor``:
for cycle ``n`` it gives the "bad" condition (an "always" property fails
at the end of cycle ``n``) or the "witness" condition (reachability holds
there) from the values at the beginning and the end of the cycle and its
own state (what it remembers of earlier cycles), and its next state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import z3

from werk.tools.st.prove import smt_operators as ops
from werk.tools.st.prove.binding import Apply, BinaryOp, Const, Implies, Read, Typed, UnaryOp
from werk.tools.st.prove.bound import BoundProperty
from werk.tools.st.prove.encoder import FALSE, conj, disj
from werk.tools.st.prove.patterns import Quantifier
from werk.tools.st.prove.smt_values import Sym, Unsupported, constant

Values = Callable[[str], Any]  # signal key -> term


def compile_condition(typed: Typed, values: Values) -> tuple[Any, Any]:
    """The term of a BOOL expression and the condition under which it faults."""
    faults: list[Any] = []
    term = _compile(typed, values, faults).term
    return term, disj(*faults)


def _compile(typed: Typed, values: Values, faults: list[Any]) -> Sym:
    if isinstance(typed, Const):
        return Sym(constant(typed.spec, typed.value), typed.spec)
    if isinstance(typed, Read):
        return Sym(values(typed.signal.key), typed.spec)
    if isinstance(typed, UnaryOp):
        term, fault = ops.unary(typed.op, _compile(typed.operand, values, faults))
        if fault is not None:
            faults.append(fault[0])
        return Sym(term, typed.spec)
    if isinstance(typed, BinaryOp):
        left = _compile(typed.left, values, faults)
        right = _compile(typed.right, values, faults)
        term, fault = ops.binary(typed.op, left, right, typed.spec)
        if fault is not None:
            faults.append(fault[0])
        return Sym(term, typed.spec)
    if isinstance(typed, Implies):
        left = _compile(typed.left, values, faults)
        right = _compile(typed.right, values, faults)
        return Sym(z3.Implies(left.term, right.term), typed.spec)
    if isinstance(typed, Apply):
        raise Unsupported(f"function {typed.name} in a property (encoded for simulation only)")
    raise Unsupported(f"expression {typed!r}")


@dataclass
class Cycle:
    """What the monitor looks at for one cycle."""

    begin: Values  # values at the beginning of the cycle (inputs set, code not run)
    end: Values  # values at the end of the cycle
    memory: dict[str, Any]  # the monitor's state before the cycle


class SymbolicMonitor:
    """One property as "bad"/"witness" conditions per cycle, with its own state."""

    def __init__(self, bound: BoundProperty) -> None:
        self.bound = bound
        self.pattern = bound.pattern
        self.exists = bound.pattern.quantifier is not Quantifier.ALWAYS
        self.limit = bound.response_cycles or 0
        width = max(self.limit.bit_length() + 2, 4)
        self.age_sort = z3.BitVecSort(width)
        # name -> (sort, initial value)
        self.memory: dict[str, tuple[Any, Any]] = {}
        pattern_id = self.pattern.id
        if pattern_id == "pattern-statechange-betweencycles":
            self.memory["previous_first"] = (z3.BoolSort(), FALSE)
        elif pattern_id == "pattern-leadsto":
            self.memory["seen_second"] = (z3.BoolSort(), FALSE)
        elif pattern_id == "werk-response":
            self.memory["pending_age"] = (self.age_sort, z3.BitVecVal(-1, width))

    def fresh_memory(self, name: str) -> dict[str, Any]:
        return {key: z3.Const(f"{name}!{key}", sort) for key, (sort, _) in self.memory.items()}

    def initial_memory(self) -> dict[str, Any]:
        return {key: initial for key, (_, initial) in self.memory.items()}

    def memory_constraints(self, memory: dict[str, Any]) -> list[Any]:
        """Monitor states that can occur at all (for induction from an arbitrary state)."""
        if "pending_age" in memory:
            age = memory["pending_age"]
            width = self.age_sort.size()
            return [age >= z3.BitVecVal(-1, width), age < z3.BitVecVal(self.limit, width)]
        return []

    def step(self, cycle: Cycle) -> tuple[Any, dict[str, Any]]:
        """(bad or witness condition at the end of the cycle, the monitor's next state)."""
        faults: list[Any] = []

        def holds(index: int, values: Values) -> Any:
            term, fault = compile_condition(self.bound.conditions[index], values)
            faults.append(fault)
            return term

        memory = dict(cycle.memory)
        pattern_id = self.pattern.id
        if self.exists:
            witness = holds(0, cycle.end)
            return conj(witness, z3.Not(disj(*faults))), memory
        if pattern_id == "pattern-invariant":
            bad = z3.Not(holds(0, cycle.end))
        elif pattern_id == "pattern-forbidden":
            bad = holds(0, cycle.end)
        elif pattern_id == "pattern-implication":
            bad = z3.And(holds(0, cycle.end), z3.Not(holds(1, cycle.end)))
        elif pattern_id == "pattern-statechange-duringcycle":
            bad = z3.And(holds(0, cycle.begin), z3.Not(holds(1, cycle.end)))
        elif pattern_id == "pattern-statechange-betweencycles":
            bad = z3.And(
                cycle.memory["previous_first"], holds(1, cycle.end), z3.Not(holds(2, cycle.end))
            )
            memory["previous_first"] = holds(0, cycle.end)
        elif pattern_id == "pattern-leadsto":
            seen = cycle.memory["seen_second"]
            bad = z3.And(holds(0, cycle.end), z3.Not(seen))
            memory["seen_second"] = z3.Or(seen, holds(1, cycle.end))
        elif pattern_id == "werk-response":
            width = self.age_sort.size()
            age = cycle.memory["pending_age"]
            minus_one = z3.BitVecVal(-1, width)
            answered = holds(1, cycle.end)
            triggered = holds(0, cycle.end)
            new_age = z3.If(
                answered,
                minus_one,
                z3.If(age >= 0, age + 1, z3.If(triggered, z3.BitVecVal(0, width), minus_one)),
            )
            bad = new_age >= z3.BitVecVal(self.limit, width)
            memory["pending_age"] = new_age
        else:
            raise Unsupported(f"no symbolic monitor for {pattern_id}")
        return z3.Or(bad, disj(*faults)), memory

    def assumptions(self, values: Values) -> Any:
        """The property's assumptions at the end of a cycle (a fault in one: not assumed)."""
        terms = []
        for typed in self.bound.assumptions:
            term, fault = compile_condition(typed, values)
            terms.append(z3.And(term, z3.Not(fault)))
        return conj(*terms)
