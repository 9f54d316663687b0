"""Cells of test files read for their signal's type, compared, and shown."""

from __future__ import annotations

import math
from typing import Any

import pytest

from werk.tools.st.sim.iec.types import spec, to_real
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    EnumLayout,
    Layout,
    StructLayout,
)
from werk.tools.st.testing.values import (
    DONT_CARE,
    CellError,
    Tolerance,
    duration_ns,
    matches,
    overlay,
    parse_cell,
    parse_tolerance,
    show_real,
    shower,
)


def elementary(name: str) -> ElementaryLayout:
    found = spec(name)
    assert found is not None
    return ElementaryLayout(found)


BOOL, INT, WORD, REAL, TIME, LTIME, STRING = (
    elementary(n) for n in ("BOOL", "INT", "WORD", "REAL", "TIME", "LTIME", "STRING")
)
MODE = EnumLayout("E_Mode", INT, {"idle": 0, "running": 1, "done": 2})


def struct() -> StructLayout:
    layout = StructLayout("ST_Reading")
    layout.add_field("rValue", REAL, REAL.new)
    layout.add_field("bValid", BOOL, BOOL.new)
    return layout


@pytest.mark.parametrize(
    ("raw", "layout", "value"),
    [
        ("TRUE", BOOL, True),
        ("false", BOOL, False),
        ("1", BOOL, True),
        (False, BOOL, False),
        ("BOOL#0", BOOL, False),
        ("-5", INT, -5),
        ("16#7FFF", INT, 32767),
        ("16#FFFF", INT, -1),  # a based literal is a bit pattern
        ("INT#7", INT, 7),
        (12, INT, 12),
        ("16#8A04", WORD, 35332),
        ("2#1010", WORD, 10),
        ("0.1", REAL, to_real(0.1)),
        ("1.5E3", REAL, 1500.0),
        ("3", REAL, 3.0),
        (2.5, REAL, 2.5),
        ("T#1s500ms", TIME, 1500),
        ("TIME#2s", TIME, 2000),
        ("500ms", TIME, 500),
        ("1m30s", TIME, 90_000),
        ("10", TIME, 10),
        ("T#1ms", LTIME, 1_000_000),
        ("LTIME#5ns", LTIME, 5),
        ("'a$Nb'", STRING, "a\nb"),
        ("plain text", STRING, "plain text"),
        ("E_Mode.Running", MODE, 1),
        ("Done", MODE, 2),
        ("E_Mode#Idle", MODE, 0),
        ("2", MODE, 2),
        ("-", INT, DONT_CARE),
        ("~", INT, DONT_CARE),
        ("null", INT, DONT_CARE),
        (None, INT, DONT_CARE),
        ("", BOOL, DONT_CARE),
    ],
)
def test_parse_cell(raw: Any, layout: Layout, value: Any) -> None:
    parsed = parse_cell(raw, layout)
    assert parsed == value or parsed is value
    assert type(parsed) is type(value)


def test_aggregates() -> None:
    grid = ArrayLayout([(1, 2), (0, 1)], INT)
    assert parse_cell([["1", "2"], ["-", "4"]], grid) == [[1, 2], [DONT_CARE, 4]]
    assert parse_cell(["1"], ArrayLayout([(1, 3)], INT)) == [1]
    assert parse_cell({"bvalid": "TRUE"}, struct()) == {"bValid": True}


@pytest.mark.parametrize(
    ("raw", "layout", "message"),
    [
        ("5", BOOL, "'5' is not of type BOOL"),
        ("T#1s", INT, "'T#1s' is not of type INT"),
        ("1.5", INT, "'1.5' is not an integer: INT needs one"),
        ("REAL#1.5", INT, "'REAL#1.5' is of type REAL, not INT"),
        ("40000", INT, "40000 is outside the range of INT (-32768..32767)"),
        ("16#1FFFF", INT, "'16#1FFFF' has more than 16 bits for INT"),
        ("TRUE", INT, "'TRUE' is not of type INT"),
        ("D#2024-01-01", TIME, "'D#2024-01-01' is not of type TIME"),
        ("-5", TIME, "a negative TIME is written TIME#-..."),
        ("Paused", MODE, "E_Mode has no member 'Paused'"),
        ("7", MODE, "7 is not a value of E_Mode"),
        (["1", "2", "3"], ArrayLayout([(1, 2)], INT), "3 values for 2 elements"),
        ("1", ArrayLayout([(1, 2)], INT), "needs a list of values"),
        ({"rLevel": "1"}, struct(), "ST_Reading has no field 'rLevel' (fields: rValue, bValid)"),
        ("'open", STRING, "no closing"),
    ],
)
def test_bad_cells(raw: Any, layout: Layout, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(raw, layout)
    assert message in str(caught.value)


def test_overlay_keeps_what_the_cell_leaves_out() -> None:
    assert overlay([1, 2, 3], [7]) == [7, 2, 3]
    assert overlay([1, 2, 3], [DONT_CARE, 5]) == [1, 5, 3]
    assert overlay({"a": 1, "b": 2}, {"b": 3}) == {"a": 1, "b": 3}
    assert overlay(4, DONT_CARE) == 4


def test_matches_with_tolerances() -> None:
    assert matches(DONT_CARE, 12)
    assert matches([1, DONT_CARE], [1, 9])
    assert matches([1], [1, 9])  # a shorter expectation checks the first elements
    assert not matches([1, 2], [1])
    assert matches({"a": 1}, {"a": 1, "b": 2})
    assert not matches(True, 1) and not matches(1, True)
    assert not matches(1.0, 1.05)
    assert matches(1.0, 1.05, Tolerance(absolute=0.06))
    assert matches(100.0, 104.0, Tolerance(relative=0.05))
    assert not matches(100.0, 106.0, Tolerance(relative=0.05))
    assert matches(math.nan, math.nan)
    assert matches("a", "a") and not matches("a", "b")


def test_parse_tolerance() -> None:
    assert parse_tolerance("0.01", REAL) == Tolerance(absolute=0.01, text="0.01")
    assert parse_tolerance("5%", REAL) == Tolerance(relative=0.05, text="5%")
    assert parse_tolerance("T#5ms", TIME) == Tolerance(absolute=5, text="T#5ms")
    assert parse_tolerance("T#5ms", LTIME).absolute == 5_000_000
    assert parse_tolerance("2", ArrayLayout([(1, 2)], INT)).absolute == 2
    for raw, layout, message in [
        ("1", BOOL, "needs a number or TIME signal"),
        ("-1", REAL, "cannot be negative"),
        ("x", REAL, "not a tolerance such as"),
        ("x%", REAL, "not a percentage"),
    ]:
        with pytest.raises(CellError, match=message):
            parse_tolerance(raw, layout)


def test_durations() -> None:
    assert duration_ns("T#10ms") == 10_000_000
    assert duration_ns("10ms") == 10_000_000
    assert duration_ns("10") == 10_000_000
    assert duration_ns("LTIME#1us") == 1_000
    assert duration_ns("1.5s") == 1_500_000_000
    for bad in ("T#-1s", "X#1s", "fast"):
        with pytest.raises(CellError):
            duration_ns(bad)


def test_shown_in_st_syntax() -> None:
    assert shower(BOOL)(True) == "TRUE"
    assert shower(TIME)(1500) == "T#1s500ms"
    assert shower(REAL)(to_real(0.1)) == "0.1"
    assert shower(REAL)(to_real(90.0)) == "90.0"
    assert shower(STRING)("it's") == "'it$'s'"
    assert shower(MODE)(1) == "E_Mode.running"  # without a project: the lower-case key
    assert shower(ArrayLayout([(1, 2)], INT))([1, DONT_CARE]) == "[1, -]"
    assert shower(struct())({"rValue": 1.5, "bValid": True}) == "(rValue := 1.5, bValid := TRUE)"
    assert show_real(1e20, single=False) == "1.0E+20"
    assert show_real(math.inf, single=True) == "INF"
