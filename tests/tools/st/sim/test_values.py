"""Layouts: fresh values, store semantics from tests, and in-place aggregate assignment."""

from __future__ import annotations

import pytest

from werk.tools.errors import UsageError
from werk.tools.st.sim import FaultKind, SimulationFault
from werk.tools.st.sim.iec.types import spec
from werk.tools.st.sim.runtime import Ref
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    EnumLayout,
    ReferenceLayout,
    StructLayout,
    SubrangeLayout,
)


def elementary(name: str, length: int | None = None) -> ElementaryLayout:
    found = spec(name)
    assert found is not None
    return ElementaryLayout(found, length)


def point() -> StructLayout:
    layout = StructLayout("ST_Point")
    layout.add_field("x", elementary("INT"), lambda path: 1)
    layout.add_field("y", elementary("INT"), lambda path: 2)
    return layout


def test_array_is_flat_row_major() -> None:
    grid = ArrayLayout([(1, 2), (0, 2)], elementary("INT"))
    assert grid.size == 6 and grid.strides == [3, 1]
    assert grid.index_text(4) == "[2, 1]"
    value = grid.write([[1, 2, 3], [4, 5, 6]], None, "a")
    assert value == [1, 2, 3, 4, 5, 6]
    assert grid.read(value) == [[1, 2, 3], [4, 5, 6]]
    with pytest.raises(UsageError, match="3 values"):
        grid.write([[1, 2], [3, 4]], None, "a")


def test_aggregate_assignment_keeps_the_storage() -> None:
    line = ArrayLayout([(0, 1)], point())
    target = line.new("a")
    first = target[0]
    reference = Ref(first, 0)  # a pointer to a[0].x
    line.assign_into(target, [[7, 8], [9, 10]])
    assert target[0] is first  # the element storage survived...
    assert reference.get() == 7  # ...so the pointer sees the new value


def test_struct_write_takes_a_partial_dict() -> None:
    layout = point()
    current = layout.new("p")
    assert layout.write({"Y": 5}, current, "p") == [1, 5]  # field names are case-insensitive
    with pytest.raises(UsageError, match="no field 'z'"):
        layout.write({"z": 1}, current, "p")


def test_elementary_write_checks_python_types() -> None:
    with pytest.raises(UsageError, match="True or False"):
        elementary("BOOL").write(1, None, "b")
    with pytest.raises(UsageError, match="milliseconds"):
        elementary("TIME").write(1.5, None, "t")
    assert elementary("REAL").write(1, None, "r") == 1.0
    assert elementary("STRING", 3).write("abcdef", None, "s") == "abc"


def test_enum_and_subrange() -> None:
    colors = EnumLayout("E_Color", elementary("INT"), {"red": 1, "green": 2})
    assert colors.new("c") == 1  # the first member
    assert colors.write("E_Color#Green", None, "c") == 2
    with pytest.raises(UsageError, match="no member"):
        colors.write("Blue", None, "c")
    percent = SubrangeLayout(elementary("INT"), 0, 100)
    assert percent.new("p") == 0
    with pytest.raises(SimulationFault) as raised:
        percent.store(101)
    assert raised.value.kind is FaultKind.SUBRANGE
    with pytest.raises(UsageError, match="outside"):
        percent.write(-1, None, "p")


def test_references_read_their_target() -> None:
    layout = ReferenceLayout(elementary("INT"), "pointer")
    assert layout.read(None) is None
    assert layout.read(Ref([42], 0)) == 42
    assert layout.name == "POINTER TO INT"
