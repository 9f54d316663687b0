"""Unit conversion for the historian exporter."""

PASCAL_PER_UNIT = {"Pa": 1.0, "kPa": 1000.0, "bar": 100000.0}


def convert(value: float, from_unit: str, to_unit: str) -> float:
    return value * PASCAL_PER_UNIT[from_unit] / PASCAL_PER_UNIT[to_unit]
