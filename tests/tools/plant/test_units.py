"""Comparing engineering units with pint."""

from __future__ import annotations

import pytest

from werk.tools.plant.units import Agreement, compare_units


@pytest.mark.parametrize(
    ("first", "second", "agreement", "factor"),
    [
        ("bar", "bar", Agreement.SAME, 1.0),
        ("degC", "°C", Agreement.SAME, 1.0),
        ("%", "percent", Agreement.SAME, 1.0),
        ("-", "1", Agreement.SAME, 1.0),
        ("bar", "kPa", Agreement.SCALED, 100.0),
        ("mm", "m", Agreement.SCALED, 0.001),
        ("m3/h", "l/min", Agreement.SCALED, pytest.approx(16.6667, rel=1e-4)),
        ("°C", "K", Agreement.SCALED, 1.0),
        ("bar", "m/s", Agreement.CONTRADICTS, None),
        ("rpm", "mA", Agreement.CONTRADICTS, None),
        ("Stk", "pcs", Agreement.UNKNOWN, None),
    ],
)
def test_units(first: str, second: str, agreement: Agreement, factor: object) -> None:
    comparison = compare_units(first, second)
    assert comparison.agreement is agreement
    assert comparison.factor == factor


def test_a_contradiction_names_both_quantities() -> None:
    comparison = compare_units("bar", "m/s")
    assert comparison.dimensions == ("[mass] / [length] / [time] ** 2", "[length] / [time]")


def test_offset_units_report_their_offset() -> None:
    comparison = compare_units("degC", "K")
    assert (comparison.factor, comparison.offset) == (1.0, 273.15)
