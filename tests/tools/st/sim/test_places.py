"""Pointers, references and bit access: places that are not plain variables."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import simulate
from werk.tools.st.sim.expressions import Expr, constant
from werk.tools.st.sim.iec.types import spec
from werk.tools.st.sim.places import within
from werk.tools.st.sim.values import ElementaryLayout, SubrangeLayout


def elementary(name: str) -> ElementaryLayout:
    found = spec(name)
    assert found is not None
    return ElementaryLayout(found)


INT, BYTE = elementary("INT"), elementary("BYTE")


def test_pointers_references_and_ref_to() -> None:
    sim = simulate("types.st", programs=["Pointers"])
    sim.cycle()
    assert sim.get("Pointers.bNullBefore") is True  # a pointer starts as NULL (= 0)
    assert sim.get("Pointers.bValid") is False  # __ISVALIDREF before REF=
    # nTarget: 1, + 10 through POINTER TO, then doubled through REF_TO: 22.
    assert sim.get("Pointers.nTarget") == 22
    # aValues[1] := 5 through ADR of the element; aValues[2] := 77 through REFERENCE TO.
    assert sim.get("Pointers.aValues") == [0, 5, 77]
    assert sim.get("Pointers.stPoint") == {"x": 30, "y": 2}  # pPoint^.x := 30
    assert sim.get("Pointers.bSame") is True  # two ADR of the same element are equal
    # Reading a pointer or a reference from a test gives what it points at.
    assert sim.get("Pointers.pInt") == 5
    assert sim.get("Pointers.refInt") == 77


def test_bit_access_reads_and_writes_one_bit() -> None:
    sim = simulate("statements.st", programs=["Assignments"])
    sim.set("Assignments.wFlags", 0x8000)
    sim.cycle()
    # 16#8000 with bit 0 set and bit 4 cleared: 16#8001; bit 7 is 0.
    assert sim.get("Assignments.wFlags") == 0x8001
    assert sim.get("Assignments.bBit") is False


@pytest.mark.parametrize(
    ("index", "bounds", "expected"),
    [
        (constant(2, INT), (1, 3), True),  # a constant inside
        (constant(4, INT), (1, 3), False),  # a constant outside faults when it runs
        (Expr(lambda f: 0, BYTE), (0, 255), True),  # every BYTE is an index of 0..255
        (Expr(lambda f: 0, BYTE), (1, 255), False),
        (Expr(lambda f: 0, INT), (0, 255), False),
        (Expr(lambda f: 1, SubrangeLayout(INT, 1, 10)), (1, 10), True),  # INT(1..10)
        (Expr(lambda f: 1, SubrangeLayout(INT, 0, 10)), (1, 10), False),
    ],
)
def test_an_index_cannot_leave_the_array_only_when_its_type_says_so(
    index: Expr, bounds: tuple[int, int], expected: bool
) -> None:
    """``within`` decides whether ``a[i]`` may fault, and so whether AND/OR may skip it."""
    assert within(index, *bounds) is expected
