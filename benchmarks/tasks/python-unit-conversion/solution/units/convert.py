"""Unit conversion for the historian exporter."""

import math

PASCAL_PER_UNIT = {
    "Pa": 1.0,
    "kPa": 1000.0,
    "bar": 100000.0,
    "mbar": 100.0,
    "psi": 6894.757293168,
}
TEMPERATURES = ("degC", "degF", "K")


def _to_kelvin(value: float, unit: str) -> float:
    if unit == "degC":
        return value + 273.15
    if unit == "degF":
        return (value - 32.0) * 5.0 / 9.0 + 273.15
    return value


def _from_kelvin(value: float, unit: str) -> float:
    if unit == "degC":
        return value - 273.15
    if unit == "degF":
        return (value - 273.15) * 9.0 / 5.0 + 32.0
    return value


def convert(value: float, from_unit: str, to_unit: str) -> float:
    if not math.isfinite(value):
        raise ValueError("the value must be finite")
    if from_unit in PASCAL_PER_UNIT and to_unit in PASCAL_PER_UNIT:
        return value * PASCAL_PER_UNIT[from_unit] / PASCAL_PER_UNIT[to_unit]
    if from_unit in TEMPERATURES and to_unit in TEMPERATURES:
        kelvin = _to_kelvin(value, from_unit)
        if kelvin < 0:
            raise ValueError("below absolute zero")
        return _from_kelvin(kelvin, to_unit)
    raise ValueError(f"cannot convert {from_unit} to {to_unit}")
