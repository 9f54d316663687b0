"""Types built from the model (arrays, structs, enums, subranges, aliases, strings) and
their initial values."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import simulate
from werk.tools.st.sim import FaultKind, SimulationFault


def test_multi_dimensional_arrays_with_other_lower_bounds() -> None:
    sim = simulate("types.st", programs=["Arrays"])
    # [1, 2, 3, 4, 5, 6] fills ARRAY[1..2, 0..2] row by row.
    assert sim.get("Arrays.aGrid") == [[1, 2, 3], [4, 5, 6]]
    # [2(7), 3(9)] over ARRAY[-2..2]: -2 and -1 are 7, 0..2 are 9.
    assert sim.get("Arrays.aOffset") == [7, 7, 9, 9, 9]
    sim.cycle()
    assert sim.get("Arrays.nAt") == 3  # aGrid[1, 2]
    assert sim.get("Arrays.nCorner") == 4  # aGrid[2, 0]
    assert sim.get("Arrays.aGrid[2, 2]") == 15  # aGrid[1, 0] * 10 + aGrid[2, 1] = 10 + 5
    assert sim.get("Arrays.nLow") == 16  # aOffset[-2] + aOffset[2] = 7 + 9
    assert sim.get("Arrays.aRows") == [[0, 0, 0], [42, 0, 0]]  # an array of an array alias


def test_structs_nested_copied_by_value_with_defaults() -> None:
    sim = simulate("types.st", programs=["Structs"])
    assert sim.get("Structs.stInit") == {"x": 1, "y": 7}  # field default x, initialiser y
    assert sim.get("Structs.stLabel") == {"x": 1, "y": 2, "sLabel": "p"}  # EXTENDS ST_Point
    sim.cycle()
    line = sim.get("Structs.stLine")
    assert line["a"] == {"x": 6, "y": 99}  # b.x (1) + 5, then y set after the copy
    assert line["aTags"] == [4, 2, 6]  # field default [4, 5, 6], element 2 := b.y
    assert line["sName"] == "line"
    assert sim.get("Structs.stCopy.a") == {"x": 6, "y": 2}  # the copy kept the old y
    assert sim.get("Structs.nSum") == 18  # 6 + 2 + 1 + 7 + 2


def test_enumerations_typed_qualified_and_plain_members() -> None:
    sim = simulate("types.st", programs=["Enums"])
    # E_State: Idle 0, Starting 5, Running 6 (one more than Starting), Stopping 20.
    assert sim.get("Enums.eState") == 0  # the first member
    assert sim.get("Enums.eNext") == 6  # E_State#Running
    assert sim.get("Enums.eMode") == 2  # a DINT-based enum, plain member name
    sim.cycle()
    assert sim.get("Enums.nStarting") == 5
    assert sim.get("Enums.nAfter") == 6
    assert sim.get("Enums.bIsRunning") is True
    assert sim.get("Enums.eState") == 20  # Idle -> Stopping
    sim.set("Enums.eState", "E_State.Running")
    assert sim.get("Enums.eState") == 6


def test_subranges_start_at_their_lower_bound_and_check_stores() -> None:
    sim = simulate("types.st", programs=["Subranges"])
    assert sim.get("Subranges.nSmall") == -5
    assert sim.get("Subranges.nPercent") == 10
    assert sim.get("Subranges.rTemp") == 21.5  # REAL through the alias T_Temperature
    sim.cycle()
    assert sim.get("Subranges.nPercent") == 50
    sim.set("Subranges.nRequest", 101)
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    assert raised.value.kind is FaultKind.SUBRANGE
    assert sim.get("Subranges.nPercent") == 50  # the faulting store did not happen


def test_strings_are_cut_to_their_length() -> None:
    sim = simulate("types.st", programs=["Strings"])
    sim.cycle()
    assert sim.get("Strings.sShort") == "abcde"  # 'abc' + 'defgh' cut to STRING[5]
    assert sim.get("Strings.nLen") == 5
    assert sim.get("Strings.sLong") == "text"
    assert sim.get("Strings.sWide") == "wide"  # WSTRING[4]
    sim.set("Strings.sShort", "123456789")
    assert sim.get("Strings.sShort") == "12345"


def test_set_applies_store_semantics() -> None:
    sim = simulate("types.st", programs=["Arrays"])
    sim.set("Arrays.nAt", 32768)  # INT wraps
    assert sim.get("Arrays.nAt") == -32768
    sim.set("Arrays.aOffset", [1, 2, 3, 4, 70000])
    assert sim.get("Arrays.aOffset") == [1, 2, 3, 4, 70000 - 65536]


def test_tia_portal_names_are_refused_outside_scl() -> None:
    # TON_TIME compiles in TIA Portal only: IEC/CODESYS code that uses it would not build.
    sim = simulate("tia_names_in_iec.st", programs=["TiaNamesInIec"])
    assert sim.unsupported[0].what == "TON_TIME, a TIA Portal (SCL) name, in IEC code; write TON"
