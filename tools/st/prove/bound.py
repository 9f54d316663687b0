"""A property bound to the entry: typed conditions, its response bound, its assumptions.

Everything that can be wrong with a property before any run is found here
(``Defect``): an unknown pattern, the wrong number of parameters, an
unknown variable, a type error, a bound that is not a number of cycles or a
duration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from werk.tools.st.prove.binding import Binder, Const, Defect, Typed, signals_in
from werk.tools.st.prove.entry import Signal
from werk.tools.st.prove.patterns import Pattern, Property
from werk.tools.st.sim.convert import converter
from werk.tools.st.sim.iec.literals import parse_literal
from werk.tools.st.sim.iec.types import spec

if TYPE_CHECKING:
    from werk.tools.st.prove.entry import Entry

RESPONSE = "werk-response"


@dataclass
class BoundProperty:
    property: Property
    pattern: Pattern
    conditions: list[Typed]  # {1}, {2}... (BOOL)
    response_cycles: int | None = None  # werk-response: the {3} bound in cycles
    assumptions: list[Typed] = field(default_factory=list)
    ranges: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # signal key -> low, high

    @property
    def signals(self) -> list[Signal]:
        """The variables the property and its assumptions mention, in order, once each."""
        seen: dict[str, Signal] = {}
        for typed in (*self.conditions, *self.assumptions):
            for signal in signals_in(typed):
                seen.setdefault(signal.key, signal)
        return list(seen.values())


def bind_property(entry: Entry, prop: Property) -> BoundProperty:
    """``prop`` bound to ``entry``; ``Defect`` describes why it cannot be."""
    if prop.extra.get("error"):
        raise Defect("parameters", f"cannot read the property: {prop.extra['error']}")
    pattern = prop.pattern
    if pattern is None:
        raise Defect("unknown-pattern", f"unknown pattern {prop.pattern_id!r}")
    if len(prop.params) != pattern.arity:
        raise Defect(
            "parameters",
            f"{pattern.id} takes {pattern.arity} parameter(s), got {len(prop.params)}",
        )
    binder = Binder(entry)
    texts = list(prop.params)
    response: int | None = None
    if pattern.id == RESPONSE:
        response = response_bound(texts.pop(), entry.cycle_max_ms)
    conditions = [binder.condition(text) for text in texts]
    assumptions = [binder.condition(text) for text in prop.assumptions]
    ranges: dict[str, tuple[Any, Any]] = {}
    for item in prop.ranges:
        bound = binder.name_signal(item.path)
        low = _range_value(binder, item.low, bound)
        high = _range_value(binder, item.high, bound)
        if low > high:
            raise Defect("assumption", f"range of {item.path}: {item.low} > {item.high}")
        ranges[bound.key] = (low, high)
    return BoundProperty(prop, pattern, conditions, response, assumptions, ranges)


def response_bound(text: str, cycle_ms: int) -> int:
    """``{3}`` of werk-response as cycles: ``5`` cycles, or ``T#300ms`` at this cycle time
    (with a ranged cycle time, the longest: so many cycles always fit in the duration)."""
    try:
        type_name, value = parse_literal(text.strip())
    except ValueError:
        raise Defect("parameters", f"response bound {text!r} is not a literal") from None
    if type_name is None and isinstance(value, int) and not isinstance(value, bool):
        cycles = value
    elif type_name in ("TIME", "LTIME") and isinstance(value, int):
        ms = value if type_name == "TIME" else value // 1_000_000
        cycles = ms // cycle_ms
    else:
        raise Defect("parameters", f"response bound {text!r}: give cycles (5) or a TIME (T#1s)")
    if cycles < 0:
        raise Defect("parameters", f"response bound {text!r} is negative")
    return cycles


def _range_value(binder: Binder, text: str, signal: Signal) -> Any:
    typed = binder.typed(binder.literal(text.strip()), signal.spec, compare=True)
    if not isinstance(typed, Const):
        raise Defect("assumption", f"range bound {text!r} is not a literal")
    bounds = signal.bounds
    integer = isinstance(typed.value, int) and typed.spec.is_integer
    if bounds is not None and integer and not bounds[0] <= typed.value <= bounds[1]:
        raise Defect(
            "assumption",
            f"range bound {text} is outside {signal.shown}'s {bounds[0]}..{bounds[1]}",
        )
    target = spec(signal.spec.name)
    assert target is not None
    try:
        return converter(typed.spec, target)(typed.value)
    except Exception as exc:
        raise Defect("assumption", f"range bound {text!r} for {signal.shown}: {exc}") from None
