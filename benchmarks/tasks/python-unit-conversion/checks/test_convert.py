import math

import pytest
from units.convert import convert


def test_pressure() -> None:
    assert convert(1.0, "bar", "kPa") == pytest.approx(100.0)
    assert convert(2.5, "bar", "mbar") == pytest.approx(2500.0)
    assert convert(14.5037738, "psi", "bar") == pytest.approx(1.0, rel=1e-6)


def test_temperature() -> None:
    assert convert(100.0, "degC", "degF") == pytest.approx(212.0)
    assert convert(0.0, "K", "degC") == pytest.approx(-273.15)
    assert convert(-40.0, "degF", "degC") == pytest.approx(-40.0)


@pytest.mark.parametrize(
    ("value", "source", "target"),
    [
        (1.0, "bar", "degC"),
        (1.0, "furlong", "Pa"),
        (-300.0, "degC", "K"),
        (math.nan, "Pa", "bar"),
        (math.inf, "degC", "K"),
    ],
)
def test_rejected(value: float, source: str, target: str) -> None:
    with pytest.raises(ValueError):
        convert(value, source, target)
