"""Pointers, references and bit access: places that are not plain variables."""

from __future__ import annotations

from tests.tools.st.sim.support import simulate


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
