"""Whether two engineering units agree, with pint's registry of units.

``bar`` and ``kPa`` measure the same quantity (pressure) at a different
scale: a value copied between them is off by a factor of 100. ``bar`` and
``m/s`` contradict each other. Units pint does not know are compared as
text. The registry takes a few hundred milliseconds to load, so it is loaded
on the first comparison, not on import.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

# Spellings of "no unit" in I/O lists and comments.
DIMENSIONLESS = frozenset({"-", "1", "", "none", "n/a"})
# Spellings pint does not read, and what they mean.
SPELLINGS = {"°": "degree", "m3/h": "m**3/h", "l/h": "liter/hour", "upm": "rpm", "u/min": "rpm"}


class Agreement(StrEnum):
    SAME = "same"  # the same unit, maybe spelled differently (degC, °C)
    SCALED = "scaled"  # the same quantity at another scale (bar, kPa)
    CONTRADICTS = "contradicts"  # different quantities (bar, m/s)
    UNKNOWN = "unknown"  # pint does not know one of them, and the texts differ


@dataclass(frozen=True)
class UnitComparison:
    agreement: Agreement
    factor: float | None = None  # a step of one unit of the first, in units of the second
    offset: float = 0.0  # zero of the first in units of the second (°C against K: 273.15)
    dimensions: tuple[str, str] | None = None


@cache
def registry() -> Any:
    import pint

    return pint.UnitRegistry()


def parse_unit(text: str) -> Any | None:
    """pint's unit for ``text``, or ``None`` if pint cannot read it."""
    cleaned = text.strip()
    if cleaned.lower() in DIMENSIONLESS:
        return registry().dimensionless
    cleaned = SPELLINGS.get(cleaned.lower(), cleaned)
    try:
        return registry().parse_units(cleaned)
    except Exception:  # pint raises several error types for text it cannot read
        return None


def compare_units(first: str, second: str) -> UnitComparison:
    if first.strip().lower() == second.strip().lower():
        return UnitComparison(Agreement.SAME, 1.0)
    a, b = parse_unit(first), parse_unit(second)
    if a is None or b is None:
        return UnitComparison(Agreement.UNKNOWN)
    if a.dimensionality != b.dimensionality:
        dimensions = (str(a.dimensionality), str(b.dimensionality))
        return UnitComparison(Agreement.CONTRADICTS, dimensions=dimensions)
    quantity = registry().Quantity
    try:
        # Two points, so offset units (°C against K) compare by scale and by offset.
        zero = float(quantity(0, a).to(b).magnitude)
        factor = float(quantity(1, a).to(b).magnitude) - zero
    except Exception:  # pint refuses some conversions of equal dimensions: call them scaled
        return UnitComparison(Agreement.SCALED)
    if abs(factor - 1.0) < 1e-9 and abs(zero) < 1e-9:
        return UnitComparison(Agreement.SAME, 1.0)
    return UnitComparison(Agreement.SCALED, factor, offset=zero)
