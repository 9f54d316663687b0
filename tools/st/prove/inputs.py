"""The values falsification gives the inputs: boundaries, the code's own constants, random.

Bugs hide at the edges: at a type's limits (``32767 + 1``), at 0 and ±1, at
the thresholds the code compares against (``IF nLevel > 80``: try 79, 80,
81), and for timers just before and after their preset (``PT := T#3s``:
2990 ms, 3000 ms, 3010 ms of input held). Each input gets a list of such
special values -- the literals are collected from every POU of the project --
and draws from it half of the time, uniformly from its range otherwise.
REAL inputs are finite: sensors give numbers, and NaN would make every
comparison false and every computation fault.

An input range from the property file (``instance.nSpeed: 0..100``)
restricts both the special values and the random draws.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from werk.tools.st.prove.entry import Signal
from werk.tools.st.sim.constants import NotConstantError, literal
from werk.tools.st.sim.iec.types import to_real

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

LITERAL_NODES = frozenset({"integer_literal", "real_literal", "time_literal", "typed_literal"})
MAX_LITERALS = 200
REAL_SPAN = 1e6


@dataclass
class Constants:
    """Numbers written in the code: integers, reals and durations (in ms)."""

    integers: set[int] = field(default_factory=set)
    reals: set[float] = field(default_factory=set)
    durations_ms: set[int] = field(default_factory=set)


def code_constants(project: Project) -> Constants:
    found = Constants()
    for unit in project.units():
        for node in _literal_nodes(unit.tree.root_node):
            try:
                value, value_spec = literal(unit, node)
            except NotConstantError:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if value_spec is not None and value_spec.kind == "time":
                if isinstance(value, int):
                    ms = value if value_spec.name == "TIME" else value // 1_000_000
                    found.durations_ms.add(ms)
            elif isinstance(value, float):
                found.reals.add(value)
            else:
                found.integers.add(value)
            if len(found.integers) + len(found.reals) + len(found.durations_ms) > MAX_LITERALS:
                return found
    return found


def _literal_nodes(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in LITERAL_NODES:
            yield node
            continue
        stack.extend(node.named_children)


class Domain:
    """How to draw values for one input."""

    def __init__(
        self,
        signal: Signal,
        constants: Constants,
        cycle_ms: int,
        limits: tuple[Any, Any] | None = None,
    ) -> None:
        self.signal = signal
        self.kind = signal.spec.kind
        self.limits = limits
        self.special = self._special(constants, cycle_ms)

    # --- the special values ----------------------------------------------------------------

    def _range(self) -> tuple[Any, Any] | None:
        if self.limits is not None:
            return self.limits
        if self.kind == "real":
            return (-REAL_SPAN, REAL_SPAN)
        return self.signal.bounds

    def _special(self, constants: Constants, cycle_ms: int) -> list[Any]:
        signal = self.signal
        if self.kind == "bool":
            return [False, True]
        enum_values = signal.enum_values
        if enum_values is not None:
            return [v for v in enum_values if self._fits(v)] or [self._clamp(enum_values[0])]
        limits = self._range()
        if self.kind == "real":
            seeds = {0.0, 1.0, -1.0, 0.5, -0.5, 100.0, -100.0, 1e6, -1e6}
            for value in constants.reals | {float(i) for i in constants.integers}:
                seeds.update({value, _next_real(value, 1), _next_real(value, -1)})
                seeds.update({value + 1, value - 1, value + 0.5, value - 0.5})
            values = sorted({to_real(v) if signal.spec.bits == 32 else v for v in seeds})
            return [v for v in values if self._fits(v)] or [self._clamp(0.0)]
        assert limits is not None
        low, high = limits
        seeds_int = {low, low + 1, high - 1, high, 0, 1, -1, 2}
        if self.kind == "time":
            seeds_int |= {cycle_ms, 2 * cycle_ms}
            for ms in constants.durations_ms:
                seeds_int |= {ms, ms - cycle_ms, ms + cycle_ms, ms - 1, ms + 1, ms // 2}
        else:
            for value in constants.integers:
                seeds_int |= {value - 1, value, value + 1}
        return sorted(v for v in seeds_int if self._fits(v))

    def _fits(self, value: Any) -> bool:
        limits = self._range()
        return limits is None or limits[0] <= value <= limits[1]

    def _clamp(self, value: Any) -> Any:
        limits = self._range()
        if limits is None:
            return value
        return min(max(value, limits[0]), limits[1])

    # --- drawing ---------------------------------------------------------------------------

    def draw(self, rng: random.Random) -> Any:
        if self.kind == "bool":
            return rng.random() < 0.5
        if self.signal.enum_values is not None or rng.random() < 0.5:
            return rng.choice(self.special)
        limits = self._range()
        assert limits is not None
        low, high = limits
        if self.kind == "real":
            if rng.random() < 0.5:
                value = rng.uniform(max(low, -1000.0), min(high, 1000.0))
            else:
                value = rng.uniform(low, high)
            return to_real(value) if self.signal.spec.bits == 32 else value
        if rng.random() < 0.5 and low <= 100 and high >= -100:
            return rng.randint(max(low, -100), min(high, 100))
        return rng.randint(low, high)

    def simpler(self, value: Any) -> list[Any]:
        """Values to try in place of ``value`` when shrinking, simplest first."""
        if self.kind == "bool":
            return [False] if value else []
        zero: Any = 0.0 if self.kind == "real" else 0
        candidates: list[Any] = []
        if self.signal.enum_values is not None:
            candidates = [v for v in self.signal.enum_values if v != value][:1]
        elif value != zero:
            target = self._clamp(zero)
            candidates.append(target)
            if self.kind == "real":
                if not math.isclose(value, 0.0) and math.isfinite(value):
                    candidates.extend([float(round(value)), float(int(value))])
            else:
                candidates.append(value // 2 if value > 0 else -((-value) // 2))
        shown = []
        for candidate in candidates:
            if candidate != value and candidate not in shown and self._fits(candidate):
                if self.kind == "real" and self.signal.spec.bits == 32:
                    candidate = to_real(candidate)
                shown.append(candidate)
        return shown


def _next_real(value: float, direction: int) -> float:
    """The neighbouring binary32 value (the smallest step a REAL threshold can be missed by)."""
    try:
        bits = struct.unpack("<i", struct.pack("<f", value))[0]
    except (OverflowError, struct.error):
        return value
    if value == 0:
        return direction * 1.401298464324817e-45
    bits += direction if value > 0 else -direction
    try:
        result: float = struct.unpack("<f", struct.pack("<i", bits))[0]
    except struct.error:
        return value
    return result
