"""Checking one property on a simulator run, cycle by cycle: the judge of every verdict.

Falsification runs the simulator and asks the monitor after each cycle;
a counterexample found by the solver is replayed on the simulator and the
monitor must see the same failure, or the verdict is not given. The
monitor therefore implements each pattern's meaning directly (see
``patterns``) on concrete values, independently of the symbolic encoding.

Each cycle the monitor gets two snapshots: the values at the beginning of
the cycle (after its inputs were set, before the code ran) and at its end.
Assumptions are checked at the end of every cycle first: a run that breaks
one is cut there and says nothing about the property from that cycle on.
A property expression that faults (a division by zero in it) counts as a
failure of an "always" property and as no witness of a reachability one.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from werk.tools.st.prove.binding import ExpressionFault, Typed, evaluate
from werk.tools.st.prove.bound import BoundProperty
from werk.tools.st.prove.entry import Signal
from werk.tools.st.prove.patterns import ASSERTION, Quantifier

Values = Callable[[Signal], Any]


class Outcome(StrEnum):
    GOOD = "good"  # nothing happened this cycle
    BAD = "bad"  # an "always" property failed at the end of this cycle
    WITNESS = "witness"  # a reachability property holds at the end of this cycle
    ASSUMPTION = "assumption"  # an assumption does not hold: the run ends here


class Monitor:
    """The state of one property's check along one run."""

    def __init__(self, bound: BoundProperty) -> None:
        self.bound = bound
        self.pattern = bound.pattern
        self.reason = ""  # why the last BAD happened, when it is not just the pattern
        self.reset()

    @property
    def checkable(self) -> bool:
        """Whether a simulator run can decide it (assertions live inside the code)."""
        return self.pattern.id != ASSERTION

    def reset(self) -> None:
        self.cycle = 0
        self.previous_first = False  # betweencycles: {1} at the end of the previous cycle
        self.seen_second = False  # leadsto: {2} at the end of an earlier cycle
        self.pending_age = -1  # werk-response: cycles since the oldest unanswered {1}
        self.reason = ""

    def _holds(self, typed: Typed, values: Values) -> bool | None:
        try:
            return bool(evaluate(typed, values))
        except ExpressionFault as exc:
            self.reason = f"the property's expression faults: {exc}"
            return None

    def step(self, begin: Values, end: Values) -> Outcome:
        """Judge the cycle that just ended; ``begin``/``end`` read the two snapshots."""
        self.cycle += 1
        self.reason = ""
        for assumption in self.bound.assumptions:
            if not self._holds(assumption, end):
                return Outcome.ASSUMPTION
        if not self.checkable:
            return Outcome.GOOD
        conditions = self.bound.conditions
        pattern_id = self.pattern.id
        exists = self.pattern.quantifier is not Quantifier.ALWAYS

        def holds(index: int, values: Values) -> bool:
            value = self._holds(conditions[index], values)
            if value is None:
                raise _Faulted
            return value

        try:
            if exists:
                return Outcome.WITNESS if holds(0, end) else Outcome.GOOD
            bad = self._bad(pattern_id, holds, begin, end)
        except _Faulted:
            return Outcome.GOOD if exists else Outcome.BAD
        return Outcome.BAD if bad else Outcome.GOOD

    def _bad(
        self, pattern_id: str, holds: Callable[[int, Values], bool], begin: Values, end: Values
    ) -> bool:
        if pattern_id == "pattern-invariant":
            return not holds(0, end)
        if pattern_id == "pattern-forbidden":
            return holds(0, end)
        if pattern_id == "pattern-implication":
            return holds(0, end) and not holds(1, end)
        if pattern_id == "pattern-statechange-duringcycle":
            return holds(0, begin) and not holds(1, end)
        if pattern_id == "pattern-statechange-betweencycles":
            bad = self.previous_first and holds(1, end) and not holds(2, end)
            self.previous_first = holds(0, end)
            return bad
        if pattern_id == "pattern-leadsto":
            bad = holds(0, end) and not self.seen_second
            self.seen_second = self.seen_second or holds(1, end)
            return bad
        if pattern_id == "werk-response":
            limit = self.bound.response_cycles
            assert limit is not None
            if holds(1, end):
                self.pending_age = -1
            elif self.pending_age >= 0:
                self.pending_age += 1
            elif holds(0, end):
                self.pending_age = 0
            return self.pending_age >= limit
        raise ValueError(f"no monitor for {pattern_id}")


class _Faulted(Exception):  # noqa: N818
    pass
