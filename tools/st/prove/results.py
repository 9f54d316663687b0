"""What checking a property ends in: proved, violated, unknown or defective, and why.

- ``proved``: for every run, every cycle. ``engine`` says how: ``induction``
  (k-induction with ``depth`` = k), ``static`` (nothing to check: no
  assertions in the code); for reachability a witness run proves it
  (``bmc``/``falsify``, with the trace).
- ``violated``: a run that fails, replayed on the simulator (``trace``,
  ``trace.failing_cycle``); for reachability, a proof that the condition is
  unreachable (``induction``, no trace).
- ``unknown``: neither, with the reason -- most often "no violation up to
  depth k" (``bounded_depth`` = k: held to the bound, not proved), or an
  unsupported construct, or a timeout, or an internal inconsistency between
  the solver's model and the simulator (never turned into a verdict).
- ``defective``: the property cannot hold for reasons outside the code (it
  names a variable that does not exist, mixes types, constrains only free
  inputs, or asks to reach a contradiction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from werk.tools.st.prove.patterns import Property
from werk.tools.st.prove.trace import Trace

RESULT_FORMAT = "werk.prove/1"


class Verdict(StrEnum):
    PROVED = "proved"
    VIOLATED = "violated"
    UNKNOWN = "unknown"
    DEFECTIVE = "defective"


@dataclass
class PropertyResult:
    property: Property
    verdict: Verdict
    reason: str = ""
    engine: str | None = None  # induction, bmc, falsify, static
    depth: int | None = None  # induction k, or the cycle of the counterexample/witness
    bounded_depth: int | None = None  # no violation in any run up to this many cycles
    trace: Trace | None = None
    seconds: float = 0.0
    defect: str | None = None  # the kind of defect: unknown-variable, type-error, input-only...
    suggestions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def held_to_bound(self) -> bool:
        """Unknown, but no run up to ``bounded_depth`` cycles violates it."""
        return self.verdict is Verdict.UNKNOWN and self.bounded_depth is not None

    def to_json(self) -> dict[str, Any]:
        prop = self.property
        pattern = prop.pattern
        return {
            "name": prop.name,
            "description": prop.description,
            "origin": prop.origin,
            "pattern": prop.pattern_id,
            "params": list(prop.params),
            "requirement": prop.requirement(),
            "verdict": self.verdict.value,
            "engine": self.engine,
            "depth": self.depth,
            "bounded_depth": self.bounded_depth,
            "reason": self.reason,
            "defect": self.defect,
            "suggestions": self.suggestions,
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
            "quantifier": pattern.quantifier.value if pattern is not None else None,
            "trace": self.trace.to_json() if self.trace is not None else None,
        }


def results_json(entry: str | None, results: list[PropertyResult]) -> dict[str, Any]:
    counts = {verdict.value: 0 for verdict in Verdict}
    for result in results:
        counts[result.verdict.value] += 1
    return {
        "format": RESULT_FORMAT,
        "entry": entry,
        "summary": counts,
        "results": [result.to_json() for result in results],
    }
