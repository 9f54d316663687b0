"""Implicit conversions where a value meets a variable of another type."""

from __future__ import annotations

import pytest

from werk.tools.st.model.types import ElementaryType, StringType
from werk.tools.st.sim.convert import converter, spec_of_type
from werk.tools.st.sim.iec.types import ElementarySpec, spec


def of(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("source", "target", "value", "expected"),
    [
        (None, "REAL", 3, 3.0),  # an untyped integer literal into a REAL
        (None, "INT", 70000, 70000 - 65536),  # ... into an INT: stored, wrapped
        (None, "INT", 2.5, 2),  # an untyped REAL literal rounds like REAL_TO_INT
        ("INT", "DINT", -5, -5),
        ("DINT", "INT", 70000, 4464),  # keeps the low 16 bits
        ("REAL", "INT", 2.7, 3),
        ("INT", "STRING", -5, "-5"),
        ("BOOL", "INT", True, 1),
    ],
)
def test_converter(source: str | None, target: str, value: object, expected: object) -> None:
    assert converter(of(source) if source else None, of(target))(value) == expected


def test_string_length_applies() -> None:
    assert converter(of("STRING"), of("STRING"), 2)("abc") == "ab"


def test_spec_of_type() -> None:
    assert spec_of_type(ElementaryType("TIME_OF_DAY")) == of("TOD")
    assert spec_of_type(StringType(wide=True, length=10)) == of("WSTRING")
    assert spec_of_type(None) is None
