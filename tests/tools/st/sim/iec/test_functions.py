"""The standard functions (IEC 61131-3 Tables 22-36): results worked out from the definitions."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from werk.tools.st.sim.iec.errors import (
    DivisionByZero,
    InvalidOperation,
    RangeFault,
    UnsupportedOperation,
)
from werk.tools.st.sim.iec.functions import (
    is_standard_function,
    parameter_index,
    parameter_names,
    standard_function,
)
from werk.tools.st.sim.iec.types import ElementarySpec, spec


def typ(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None, name
    return found


def function(name: str, arguments: str, result: str | None = None) -> Callable[..., Any]:
    """``function("LIMIT", "INT INT INT", "INT")``: the specialised callable."""
    built = standard_function(
        name, [typ(a) for a in arguments.split()], typ(result) if result else None
    )
    assert built is not None, name
    return built


def call(name: str, arguments: str, result: str | None, *values: object) -> object:
    return function(name, arguments, result)(*values)


# --- names and parameters --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("LIMIT", ("MN", "IN", "MX")),
        ("SEL", ("G", "IN0", "IN1")),
        ("MID", ("STR", "LEN", "POS")),
        ("MUX", ("K", "IN0", "IN1")),
        ("REPLACE", ("STR1", "STR2", "L", "P")),
        ("SHL", ("IN", "N")),
        ("ADD", ("IN1", "IN2")),
        ("EXPT", ("IN1", "IN2")),
        ("abs", ("IN",)),
        ("INT_TO_REAL", ("IN",)),
        ("TO_REAL", ("IN",)),
        ("TIME_OF_DAY_TO_TIME", ("IN",)),
        ("TRUNC_INT", ("IN",)),
        ("REAL_TRUNC_DINT", ("IN",)),
        ("WORD_BCD_TO_INT", ("IN",)),
        ("TRUNC", ("IN",)),
    ],
)
def test_parameter_names_in_declared_order(name: str, parameters: tuple[str, ...]) -> None:
    assert parameter_names(name) == parameters
    assert is_standard_function(name)


@pytest.mark.parametrize("name", ["FB_Pump", "TON", "INT_TO_FOO", "TO_", "MYFUNC", "REAL_TO"])
def test_other_names_are_not_standard_functions(name: str) -> None:
    assert parameter_names(name) is None
    assert standard_function(name, [typ("INT")], typ("INT")) is None


@pytest.mark.parametrize(
    ("name", "formal", "index"),
    [
        ("MID", "STR", 0),
        ("MID", "POS", 2),
        ("MID", "IN", 0),  # the IEC spelling MID(IN, L, P)
        ("MID", "P", 2),
        ("LIMIT", "MN", 0),
        ("LIMIT", "MIN", 0),  # the CODESYS spelling LIMIT(MIN, IN, MAX)
        ("LIMIT", "max", 2),
        ("ADD", "IN3", 2),
        ("MAX", "IN5", 4),
        ("MUX", "K", 0),
        ("MUX", "IN0", 1),
        ("MUX", "IN2", 3),
        ("CONCAT", "STR3", 2),
        ("CONCAT", "IN3", 2),
        ("NE", "IN3", None),  # NE is not extensible
        ("MID", "X", None),
        ("ADD", "IN0", None),
    ],
)
def test_parameter_index_accepts_both_spellings(name: str, formal: str, index: int | None) -> None:
    assert parameter_index(name, formal) == index


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("LIMIT", "INT INT"),
        ("SEL", "BOOL INT"),
        ("NE", "INT INT INT"),
        ("ADD", "INT"),
        ("INT_TO_REAL", "INT INT"),
        ("SQRT", "STRING"),
        ("SHL", "REAL INT"),
        ("LEN", "INT"),
        ("MUX", "REAL INT INT"),
        ("ADD", "STRING STRING"),
        ("CONCAT_DATE_TOD", "TIME TIME"),
    ],
)
def test_wrong_arguments_are_refused_at_compile_time(name: str, arguments: str) -> None:
    with pytest.raises(UnsupportedOperation):
        standard_function(name, [typ(a) for a in arguments.split()], None)


# --- numeric ---------------------------------------------------------------------------------


def test_abs() -> None:
    assert call("ABS", "INT", "INT", -5) == 5
    assert call("ABS", "INT", "INT", -32768) == -32768  # 32768 does not fit: wraps
    assert call("ABS", "REAL", "REAL", -1.5) == 1.5
    assert call("ABS", "INT", "REAL", -2) == 2.0
    with pytest.raises(UnsupportedOperation):
        function("ABS", "REAL", "INT")


def test_numeric_functions_round_their_result_to_the_result_type() -> None:
    # sqrt(2) = 1.41421356237...; the nearest binary32 is 0x3FB504F3 = 1.4142135381698608
    assert call("SQRT", "REAL", "REAL", 2.0) == 1.4142135381698608
    assert call("SQRT", "LREAL", "LREAL", 2.0) == 1.4142135623730951
    assert call("SQRT", "REAL", None, 9.0) == 3.0
    # atan(1) = pi/4 = 0.785398163...; binary32 0x3F490FDB = 0.7853981852531433
    assert call("ATAN", "REAL", "REAL", 1.0) == 0.7853981852531433
    assert call("ATAN2", "LREAL LREAL", "LREAL", 1.0, 1.0) == 0.7853981633974483
    assert call("LN", "LREAL", "LREAL", 1.0) == 0.0
    assert call("LOG", "LREAL", "LREAL", 100.0) == 2.0
    assert call("EXP", "LREAL", "LREAL", 0.0) == 1.0
    assert call("EXP", "LREAL", "LREAL", 1000.0) == math.inf  # overflow is not trapped
    assert call("SIN", "LREAL", "LREAL", 0.0) == 0.0
    assert call("COS", "LREAL", "LREAL", 0.0) == 1.0
    assert call("TAN", "LREAL", "LREAL", 0.0) == 0.0
    assert call("ASIN", "LREAL", "LREAL", 1.0) == math.pi / 2
    assert call("ACOS", "LREAL", "LREAL", 1.0) == 0.0
    assert call("SQRT", "INT", "INT", 10) == 3  # 3.162... rounded to an INT result
    assert call("SQRT", "INT", None, 4) == 2.0  # an integer argument gives a REAL


@pytest.mark.parametrize(
    ("name", "value", "fault"),
    [
        ("SQRT", -1.0, InvalidOperation),
        ("LN", 0.0, DivisionByZero),
        ("LN", -1.0, InvalidOperation),
        ("LOG", 0.0, DivisionByZero),
        ("ASIN", 2.0, InvalidOperation),
        ("ACOS", -1.5, InvalidOperation),
        ("SIN", math.inf, InvalidOperation),
    ],
)
def test_domain_errors_are_faults_as_twincat_traps_them(
    name: str, value: float, fault: type[Exception]
) -> None:
    with pytest.raises(fault, match=name):
        call(name, "LREAL", "LREAL", value)


def test_expt() -> None:
    assert call("EXPT", "REAL INT", "REAL", 2.0, 10) == 1024.0
    assert call("EXPT", "REAL INT", "REAL", 2.0, -2) == 0.25
    assert call("EXPT", "LREAL LREAL", "LREAL", 2.0, 0.5) == math.sqrt(2)
    assert call("EXPT", "INT INT", None, 2, 3) == 8.0
    with pytest.raises(InvalidOperation):
        call("EXPT", "REAL REAL", "REAL", -2.0, 0.5)


def test_trunc_forms() -> None:
    assert call("TRUNC", "REAL", None, -1.7) == -1  # CODESYS: TRUNC gives a DINT
    assert call("TRUNC", "REAL", "INT", 1.9) == 1
    assert call("TRUNC_INT", "REAL", "INT", 1.9) == 1
    assert call("REAL_TRUNC_INT", "REAL", "INT", -2.5) == -2
    assert call("ANY_TRUNC_DINT", "LREAL", "DINT", 2.999) == 2
    with pytest.raises(RangeFault):
        call("TRUNC_SINT", "REAL", "SINT", 200.0)


# --- arithmetic and bitwise ------------------------------------------------------------------


def test_arithmetic_functions() -> None:
    assert call("ADD", "INT INT", "INT", 1, 2) == 3
    assert call("ADD", "INT INT INT", "INT", 1, 2, 3) == 6  # extensible
    assert call("ADD", "INT INT", "INT", 32767, 1) == -32768
    # wraps at each step, which for + is the same as wrapping the exact sum 32772 once
    assert call("ADD", "INT INT INT INT", "INT", 32767, 1, -1, 5) == -32764  # 32772 - 65536
    assert call("MUL", "DINT DINT DINT", "DINT", 2, 3, 4) == 24
    assert call("SUB", "INT INT", "INT", 10, 3) == 7
    assert call("DIV", "INT INT", "INT", -7, 2) == -3
    assert call("MOD", "INT INT", "INT", -7, 2) == -1
    assert call("MOD", "INT INT", "INT", 7, -2) == 1
    assert call("ADD", "INT REAL", None, 1, 0.5) == 1.5  # generic result: REAL
    assert call("ADD", "TIME TIME", None, 1000, 500) == 1500
    assert call("SUB", "DATE_AND_TIME DATE_AND_TIME", None, 86_400, 0) == 86_400_000
    assert call("MOVE", "INT", "INT", 5) == 5
    assert call("MOVE", "INT", "DINT", -5) == -5
    assert call("MOVE", "STRING", "STRING", "abc") == "abc"
    with pytest.raises(DivisionByZero):
        call("DIV", "INT INT", "INT", 1, 0)


@pytest.mark.parametrize(
    ("name", "arguments", "value", "n", "expected"),
    [
        ("SHL", "BYTE INT", 0x81, 1, 0x02),  # 1000_0001 -> (1)0000_0010: the top bit falls off
        ("SHR", "BYTE INT", 0x81, 1, 0x40),  # 1000_0001 -> 0100_0000
        ("ROL", "BYTE INT", 0x81, 1, 0x03),  # 1000_0001 -> 0000_0011: the top bit comes round
        ("ROR", "BYTE INT", 0x81, 1, 0xC0),  # 1000_0001 -> 1100_0000
        ("ROL", "BYTE INT", 0x81, 9, 0x03),  # 9 = 8 + 1: once round, then one more
        ("ROR", "BYTE INT", 0x81, 8, 0x81),
        ("SHL", "BYTE INT", 1, 8, 0),
        ("SHR", "BYTE INT", 0x80, 7, 1),
        ("SHL", "WORD INT", 0x8001, 1, 0x0002),
        ("ROL", "WORD INT", 0x8001, 4, 0x0018),  # 1000..0001 -> 0000_0000_0001_1000
        ("ROR", "WORD INT", 0x0001, 1, 0x8000),
        ("SHL", "DWORD INT", 1, 31, 2**31),
        ("ROL", "LWORD INT", 2**63, 1, 1),
        ("SHL", "INT INT", 0x4000, 1, -32768),  # a signed IN is shifted as its bit pattern
        ("SHR", "INT INT", -32768, 15, 1),  # logical: 16#8000 -> 16#0001
        ("SHL", "BYTE USINT", 3, 0, 3),
    ],
)
def test_shifts_and_rotations_stay_within_the_width_of_in(
    name: str, arguments: str, value: int, n: int, expected: int
) -> None:
    result = arguments.split()[0]
    assert call(name, arguments, result, value, n) == expected


def test_a_negative_shift_count_is_a_fault() -> None:
    with pytest.raises(RangeFault, match="negative shift count"):
        call("SHL", "BYTE INT", "BYTE", 1, -1)


def test_bitwise_and_logical_functions() -> None:
    assert call("AND", "BOOL BOOL BOOL", "BOOL", True, True, True) is True
    assert call("AND", "BOOL BOOL BOOL", "BOOL", True, False, True) is False
    assert call("OR", "BOOL BOOL", "BOOL", False, True) is True
    assert call("XOR", "BOOL BOOL BOOL", "BOOL", True, True, True) is True  # (T xor T) xor T
    assert call("AND", "WORD WORD", "WORD", 0xF0F0, 0xFF00) == 0xF000
    assert call("OR", "BYTE BYTE BYTE", "BYTE", 1, 2, 4) == 7
    assert call("NOT", "WORD", "WORD", 0) == 0xFFFF
    assert call("NOT", "BOOL", "BOOL", True) is False


# --- selection and comparison ----------------------------------------------------------------


def test_selection_functions() -> None:
    assert call("SEL", "BOOL INT INT", "INT", False, 1, 2) == 1  # G = FALSE: IN0
    assert call("SEL", "BOOL INT INT", "INT", True, 1, 2) == 2
    assert call("SEL", "BOOL INT REAL", None, False, 1, 2.5) == 1.0  # IN0 as the REAL result
    assert call("MAX", "INT INT INT", "INT", 1, 5, 3) == 5
    assert call("MIN", "INT INT INT", "INT", 4, -5, 3) == -5
    assert call("MIN", "INT REAL", None, 1, 0.5) == 0.5
    assert call("MAX", "TIME TIME", "TIME", 1000, 2000) == 2000
    assert call("MAX", "STRING STRING", "STRING", "abc", "abd") == "abd"
    # LIMIT(MN, IN, MX) = MIN(MAX(IN, MN), MX)
    assert call("LIMIT", "INT INT INT", "INT", 0, 15, 10) == 10
    assert call("LIMIT", "INT INT INT", "INT", 0, -5, 10) == 0
    assert call("LIMIT", "INT INT INT", "INT", 0, 5, 10) == 5
    assert call("LIMIT", "REAL REAL REAL", "REAL", 0.0, 1.5, 1.0) == 1.0
    assert call("MUX", "INT INT INT INT", "INT", 0, 10, 20, 30) == 10
    assert call("MUX", "INT INT INT INT", "INT", 2, 10, 20, 30) == 30
    with pytest.raises(RangeFault, match="K = 3"):
        call("MUX", "INT INT INT INT", "INT", 3, 10, 20, 30)
    with pytest.raises(RangeFault, match="K = -1"):
        call("MUX", "INT INT INT", "INT", -1, 10, 20)


def test_comparison_functions_chain_their_inputs() -> None:
    # GT(IN1, IN2, IN3) = (IN1 > IN2) & (IN2 > IN3)
    assert call("GT", "INT INT INT", "BOOL", 3, 2, 1) is True
    assert call("GT", "INT INT INT", "BOOL", 3, 2, 2) is False
    assert call("GE", "INT INT INT", "BOOL", 3, 2, 2) is True
    assert call("EQ", "INT INT INT", "BOOL", 1, 1, 1) is True
    assert call("EQ", "INT DINT", "BOOL", 1, 2) is False
    assert call("LT", "REAL REAL", "BOOL", 0.5, 1.0) is True
    assert call("LE", "STRING STRING", "BOOL", "a", "a") is True
    assert call("NE", "INT INT", "BOOL", 1, 2) is True


# --- strings ---------------------------------------------------------------------------------


def test_string_functions_with_the_iec_examples() -> None:
    assert call("LEN", "STRING", "INT", "ASTRING") == 7
    assert call("LEFT", "STRING INT", "STRING", "ASTR", 3) == "AST"
    assert call("RIGHT", "STRING INT", "STRING", "ASTR", 3) == "STR"
    assert call("MID", "STRING INT INT", "STRING", "ASTR", 2, 2) == "ST"
    assert call("MID", "STRING INT INT", "STRING", "SUSI", 2, 2) == "US"  # CODESYS example
    assert call("CONCAT", "STRING STRING", "STRING", "AB", "CD") == "ABCD"
    assert call("CONCAT", "STRING STRING STRING", "STRING", "AB", "CD", "E") == "ABCDE"
    assert call("INSERT", "STRING STRING INT", "STRING", "ABC", "XY", 2) == "ABXYC"
    assert call("DELETE", "STRING INT INT", "STRING", "ABXYC", 2, 3) == "ABC"
    assert call("REPLACE", "STRING STRING INT INT", "STRING", "ABCDE", "X", 2, 3) == "ABXE"
    assert call("FIND", "STRING STRING", "INT", "ABCBC", "BC") == 2


@pytest.mark.parametrize(
    ("name", "arguments", "values", "expected"),
    [
        ("LEFT", "STRING INT", ("AB", 5), "AB"),  # longer than the string: all of it
        ("LEFT", "STRING INT", ("AB", 0), ""),
        ("RIGHT", "STRING INT", ("AB", 5), "AB"),
        ("RIGHT", "STRING INT", ("AB", 0), ""),
        ("MID", "STRING INT INT", ("ABC", 5, 2), "BC"),
        ("MID", "STRING INT INT", ("ABC", 2, 4), ""),  # starts past the end
        ("MID", "STRING INT INT", ("ABC", 1, 3), "C"),
        ("INSERT", "STRING STRING INT", ("ABC", "XY", 0), "XYABC"),  # before the first
        ("INSERT", "STRING STRING INT", ("ABC", "XY", 3), "ABCXY"),  # after the last
        ("INSERT", "STRING STRING INT", ("ABC", "XY", 9), "ABCXY"),
        ("DELETE", "STRING INT INT", ("ABC", 5, 2), "A"),  # to the end
        ("DELETE", "STRING INT INT", ("ABC", 1, 9), "ABC"),  # past the end: unchanged
        ("DELETE", "STRING INT INT", ("ABC", 0, 1), "ABC"),
        ("REPLACE", "STRING STRING INT INT", ("ABC", "XY", 0, 2), "AXYBC"),  # L = 0 inserts
        ("REPLACE", "STRING STRING INT INT", ("ABC", "XY", 5, 2), "AXY"),
        ("REPLACE", "STRING STRING INT INT", ("ABC", "XY", 1, 9), "ABCXY"),
        ("FIND", "STRING STRING", ("ABC", "X"), 0),
        ("FIND", "STRING STRING", ("ABC", ""), 0),
        ("FIND", "STRING STRING", ("ABC", "ABC"), 1),
        ("FIND", "STRING STRING", ("ABC", "C"), 3),
        ("LEN", "STRING", ("",), 0),
        ("CONCAT", "WSTRING WSTRING", ("ä", "€"), "ä€"),
    ],
)
def test_string_functions_at_their_edges(
    name: str, arguments: str, values: tuple[object, ...], expected: object
) -> None:
    assert call(name, arguments, None, *values) == expected


@pytest.mark.parametrize(
    ("name", "arguments", "values"),
    [
        ("LEFT", "STRING INT", ("AB", -1)),
        ("RIGHT", "STRING INT", ("AB", -1)),
        ("MID", "STRING INT INT", ("ABC", 1, 0)),
        ("MID", "STRING INT INT", ("ABC", -1, 1)),
        ("INSERT", "STRING STRING INT", ("ABC", "X", -1)),
        ("DELETE", "STRING INT INT", ("ABC", 1, 0)),
        ("REPLACE", "STRING STRING INT INT", ("ABC", "X", 1, 0)),
        ("REPLACE", "STRING STRING INT INT", ("ABC", "X", -1, 1)),
    ],
)
def test_negative_lengths_and_positions_before_the_first_are_faults(
    name: str, arguments: str, values: tuple[object, ...]
) -> None:
    with pytest.raises(RangeFault, match=name):
        call(name, arguments, None, *values)


# --- time functions and conversions by name --------------------------------------------------


def test_time_functions() -> None:
    assert call("ADD_TIME", "TIME TIME", None, 1000, 500) == 1500
    assert call("SUB_TIME", "TIME TIME", None, 1000, 500) == 500
    assert call("ADD_TOD_TIME", "TOD TIME", None, 43_200_000, 1) == 43_200_001
    assert call("ADD_DT_TIME", "DT TIME", None, 100, 2000) == 102
    assert call("SUB_DT_DT", "DT DT", None, 86_400, 0) == 86_400_000
    assert call("SUB_DATE_DATE", "DATE DATE", None, 86_400, 0) == 86_400_000
    assert call("SUB_TOD_TOD", "TOD TOD", None, 2000, 500) == 1500
    assert call("MUL_TIME", "TIME INT", None, 1000, 3) == 3000
    assert call("DIV_TIME", "TIME INT", None, 1000, 3) == 333
    # D#2024-01-31 (1706659200 s) with TOD#12:00:00 (43200000 ms) = 1706702400 s
    assert call("CONCAT_DATE_TOD", "DATE TOD", None, 1_706_659_200, 43_200_000) == 1_706_702_400


@pytest.mark.parametrize(
    ("name", "argument", "result", "value", "expected"),
    [
        ("INT_TO_REAL", "INT", "REAL", 3, 3.0),
        ("TO_REAL", "INT", "REAL", 3, 3.0),
        ("ANY_TO_REAL", "DINT", "REAL", 16777217, 16777216.0),
        ("REAL_TO_INT", "REAL", "INT", 2.5, 2),
        ("LREAL_TO_INT", "LREAL", "INT", 3.5, 4),
        ("TO_INT", "REAL", "INT", -1.5, -2),
        ("INT_TO_STRING", "INT", "STRING", -5, "-5"),
        ("TO_STRING", "BOOL", "STRING", True, "TRUE"),
        ("STRING_TO_INT", "STRING", "INT", "42", 42),
        ("TOD_TO_TIME", "TOD", "TIME", 1000, 1000),
        ("TIME_OF_DAY_TO_TIME", "TOD", "TIME", 1000, 1000),
        ("DT_TO_DATE", "DT", "DATE", 86_401, 86_400),
        ("DATE_AND_TIME_TO_TIME_OF_DAY", "DT", "TOD", 86_401, 1000),
        ("DINT_TO_INT", "DINT", "INT", 70000, 4464),
        ("DINT_TO_REAL", "INT", "REAL", 5, 5.0),  # an INT argument widened to DINT first
        ("BOOL_TO_INT", "BOOL", "INT", True, 1),
        ("TIME_TO_DINT", "TIME", "DINT", 1000, 1000),
        ("WORD_BCD_TO_INT", "WORD", "INT", 0x1234, 1234),
        ("BCD_TO_INT", "BYTE", "INT", 0x42, 42),
        ("INT_TO_BCD_WORD", "INT", "WORD", 1234, 0x1234),
        ("INT_TO_BCD", "INT", None, 42, 0x42),
    ],
)
def test_conversions_by_name(
    name: str, argument: str, result: str | None, value: object, expected: object
) -> None:
    assert call(name, argument, result, value) == expected
