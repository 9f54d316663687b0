"""ST operators (IEC 61131-3 Table 71): expected values worked by hand from the definitions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tools.st.sim.iec.oracles import FLT_MAX, INTEGER_TYPES, truncated_quotient, wrapped
from werk.tools.st.sim.iec.errors import (
    DivisionByZero,
    InvalidOperation,
    UnsupportedOperation,
)
from werk.tools.st.sim.iec.operators import binary_operator, unary_operator
from werk.tools.st.sim.iec.types import ElementarySpec, spec


def typ(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None, name
    return found


def compute(op: str, left: str, right: str, result: str, a: object, b: object) -> object:
    return binary_operator(op, typ(left), typ(right), typ(result))(a, b)


# --- integer arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "type_name", "a", "b", "expected"),
    [
        ("+", "INT", 32767, 1, -32768),  # 32768 - 65536
        ("-", "INT", -32768, 1, 32767),  # -32769 + 65536
        ("*", "INT", 200, 200, -25536),  # 40000 - 65536
        ("+", "SINT", 127, 1, -128),
        ("+", "USINT", 255, 1, 0),  # 256 mod 256
        ("-", "USINT", 0, 1, 255),
        ("+", "UINT", 65535, 1, 0),
        ("+", "DINT", 2147483647, 1, -2147483648),
        ("-", "DINT", -2147483648, 1, 2147483647),
        ("*", "DINT", 65536, 65536, 0),  # 2**32 mod 2**32
        ("+", "LINT", 2**63 - 1, 1, -(2**63)),
        ("-", "LINT", -(2**63), 1, 2**63 - 1),
        ("+", "ULINT", 2**64 - 1, 1, 0),
        ("-", "ULINT", 0, 1, 2**64 - 1),
        ("+", "UDINT", 4294967295, 1, 0),
        ("+", "WORD", 0xFFFF, 1, 0),
        ("+", "INT", 1000, 234, 1234),
    ],
)
def test_integer_results_wrap_to_the_result_type(
    op: str, type_name: str, a: int, b: int, expected: int
) -> None:
    assert compute(op, type_name, type_name, type_name, a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "quotient", "remainder"),
    [
        (7, 2, 3, 1),
        (-7, 2, -3, -1),  # truncated toward zero; MOD has the sign of the dividend
        (7, -2, -3, 1),
        (-7, -2, 3, -1),
        (-8, 2, -4, 0),
        (1, 3, 0, 1),
        (-1, 3, 0, -1),
    ],
)
def test_integer_division_truncates_and_mod_follows_the_dividend(
    a: int, b: int, quotient: int, remainder: int
) -> None:
    assert compute("/", "INT", "INT", "INT", a, b) == quotient
    assert compute("MOD", "INT", "INT", "INT", a, b) == remainder
    assert quotient * b + remainder == a  # IEC: a = (a / b) * b + a MOD b


def test_most_negative_divided_by_minus_one_wraps() -> None:
    # -2147483648 / -1 = 2147483648, one beyond DINT: wraps back to -2147483648.
    assert compute("/", "DINT", "DINT", "DINT", -(2**31), -1) == -(2**31)


@pytest.mark.parametrize(
    ("op", "type_name", "a", "message"),
    [
        ("/", "INT", 5, r"integer division by zero: 5 / 0 \(INT\)"),
        ("MOD", "DINT", -5, r"MOD by zero: -5 MOD 0 \(DINT\)"),
        ("/", "UDINT", 0, "division by zero"),
    ],
)
def test_integer_division_by_zero_is_a_fault(op: str, type_name: str, a: int, message: str) -> None:
    with pytest.raises(DivisionByZero, match=message):
        compute(op, type_name, type_name, type_name, a, 0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (2, 10, 1024),
        (2, 15, -32768),  # 32768 wraps in INT
        (-3, 3, -27),
        (2, -1, 0),  # 1/2 truncated
        (1, -5, 1),
        (-1, -3, -1),
        (-1, -2, 1),
        (0, 0, 1),
    ],
)
def test_integer_power(a: int, b: int, expected: int) -> None:
    assert compute("**", "INT", "INT", "INT", a, b) == expected


def test_zero_to_a_negative_integer_power_is_a_division_by_zero() -> None:
    with pytest.raises(DivisionByZero):
        compute("**", "INT", "INT", "INT", 0, -1)


# --- REAL / LREAL arithmetic -----------------------------------------------------------------


def test_real_sum_is_rounded_to_single_precision() -> None:
    # REAL 0.1 = 0.10000000149011612, REAL 0.2 = 0.20000000298023224; their exact sum
    # 0.30000000447034836 lies between the REALs 0.2999999821186066 (2.2e-8 below) and
    # 0.30000001192092896 (7.5e-9 above): the sum is the upper one.
    assert compute("+", "REAL", "REAL", "REAL", 0.10000000149011612, 0.20000000298023224) == (
        0.30000001192092896
    )


def test_real_and_lreal_differ_where_single_precision_runs_out() -> None:
    # 2**24 + 1 needs 25 bits: REAL ties to the even 2**24, LREAL keeps it.
    assert compute("+", "REAL", "REAL", "REAL", 16777216.0, 1.0) == 16777216.0
    assert compute("+", "LREAL", "LREAL", "LREAL", 16777216.0, 1.0) == 16777217.0


def test_integer_operands_are_converted_to_the_real_result() -> None:
    assert compute("+", "INT", "REAL", "REAL", 1, 0.5) == 1.5
    assert compute("*", "REAL", "DINT", "REAL", 0.5, 3) == 1.5
    # DINT 16777217 becomes REAL 16777216.0 before the addition.
    assert compute("+", "DINT", "REAL", "REAL", 16777217, 0.0) == 16777216.0
    assert compute("/", "INT", "INT", "REAL", 7, 2) == 3.5


def test_real_division() -> None:
    assert compute("/", "REAL", "REAL", "REAL", 1.0, 4.0) == 0.25
    # 1/3 = 0.333...; the nearest binary32 is 0x3EAAAAAB = 0.3333333432674408.
    assert compute("/", "REAL", "REAL", "REAL", 1.0, 3.0) == 0.3333333432674408
    assert compute("/", "LREAL", "LREAL", "LREAL", 1.0, 3.0) == 1 / 3


@pytest.mark.parametrize(("a", "b"), [(1.0, 0.0), (0.0, 0.0), (-1.0, -0.0)])
def test_real_division_by_zero_is_a_fault_as_twincat_traps_it(a: float, b: float) -> None:
    with pytest.raises(DivisionByZero, match="floating-point division by zero"):
        compute("/", "REAL", "REAL", "REAL", a, b)


def test_real_overflow_gives_infinity_and_invalid_operations_fault() -> None:
    assert compute("*", "REAL", "REAL", "REAL", FLT_MAX, 2.0) == math.inf
    assert compute("+", "LREAL", "LREAL", "LREAL", 1e308, 1e308) == math.inf
    with pytest.raises(InvalidOperation, match="not a number"):
        compute("-", "LREAL", "LREAL", "LREAL", math.inf, math.inf)
    with pytest.raises(InvalidOperation):
        compute("*", "REAL", "REAL", "REAL", math.inf, 0.0)


def test_real_power() -> None:
    assert compute("**", "REAL", "REAL", "REAL", 2.0, -1.0) == 0.5
    assert compute("**", "REAL", "INT", "REAL", 2.0, 10) == 1024.0
    assert compute("**", "LREAL", "LREAL", "LREAL", 9.0, 0.5) == 3.0
    assert compute("**", "REAL", "REAL", "REAL", 10.0, 39.0) == math.inf  # 1e39 > FLT_MAX
    assert compute("**", "LREAL", "INT", "LREAL", -10.0, 401) == -math.inf
    with pytest.raises(InvalidOperation, match="negative base"):
        compute("**", "REAL", "REAL", "REAL", -8.0, 0.5)
    with pytest.raises(DivisionByZero):
        compute("**", "REAL", "REAL", "REAL", 0.0, -1.0)


@pytest.mark.parametrize(
    ("op", "left", "right", "result"),
    [
        ("MOD", "REAL", "REAL", "REAL"),  # MOD is ANY_INT only
        ("+", "STRING", "STRING", "STRING"),  # CONCAT, not +
        ("+", "BOOL", "BOOL", "BOOL"),
        ("+", "REAL", "INT", "INT"),  # a REAL operand cannot silently become an INT
        ("+", "DATE_AND_TIME", "DATE_AND_TIME", "DATE_AND_TIME"),  # two instants
        ("-", "TIME", "TIME_OF_DAY", "TIME"),  # a duration minus an instant
        ("+", "DATE_AND_TIME", "TIME", "TIME"),  # DT + TIME is a DT
        ("*", "TIME", "TIME", "TIME"),
        ("AND", "BOOL", "BYTE", "BYTE"),
        ("<", "STRING", "INT", "BOOL"),
        ("=", "TIME", "DATE", "BOOL"),
        ("^", "INT", "INT", "INT"),
    ],
)
def test_operators_that_do_not_exist_for_the_types_are_refused_at_compile_time(
    op: str, left: str, right: str, result: str
) -> None:
    with pytest.raises(UnsupportedOperation):
        binary_operator(op, typ(left), typ(right), typ(result))


# --- logical and bitwise ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "a", "b", "expected"),
    [
        ("AND", True, True, True),
        ("AND", True, False, False),
        ("&", True, True, True),
        ("&", False, True, False),
        ("OR", False, False, False),
        ("OR", False, True, True),
        ("XOR", True, True, False),
        ("XOR", True, False, True),
        ("and", True, True, True),
    ],
)
def test_logical_operators_on_bool(op: str, a: bool, b: bool, expected: bool) -> None:
    assert compute(op, "BOOL", "BOOL", "BOOL", a, b) is expected


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("AND", 0xF000),
        ("OR", 0xFFF0),
        ("XOR", 0x0FF0),
    ],  # 1111_0000_1111_0000 with 1111_1111_0000_0000
)
def test_bitwise_operators_on_bit_strings(op: str, expected: int) -> None:
    assert compute(op, "WORD", "WORD", "WORD", 0xF0F0, 0xFF00) == expected


def test_bitwise_operators_on_mixed_widths_and_signed_values() -> None:
    assert compute("OR", "BYTE", "WORD", "WORD", 0x0F, 0xF000) == 0xF00F
    assert compute("AND", "INT", "INT", "INT", -1, 0x00FF) == 255  # -1 is 16#FFFF
    assert compute("XOR", "INT", "INT", "INT", 0x7FFF, -1) == -32768  # 16#8000


# --- comparisons -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "left", "right", "a", "b", "expected"),
    [
        ("=", "INT", "INT", 5, 5, True),
        ("<>", "INT", "INT", 5, 5, False),
        ("<", "INT", "DINT", -1, 0, True),
        ("<=", "INT", "INT", 3, 3, True),
        (">=", "UINT", "UINT", 2, 3, False),
        (">", "REAL", "REAL", 0.5, 0.25, True),
        # DINT 16777217 meets a REAL: converted to REAL it is 16777216.0.
        ("=", "DINT", "REAL", 16777217, 16777216.0, True),
        ("=", "DINT", "LREAL", 16777217, 16777216.0, False),
        ("<", "STRING", "STRING", "abc", "abd", True),
        ("<", "STRING", "STRING", "ab", "abc", True),
        ("<", "STRING", "STRING", "B", "a", True),  # character codes: 'B' 66 < 'a' 97
        ("=", "STRING", "WSTRING", "x", "x", True),
        (">", "TIME", "TIME", 1000, 999, True),
        ("=", "TIME", "LTIME", 1000, 1_000_000_000, True),  # T#1s = LTIME#1s
        ("<", "LTIME", "TIME", 999_999, 1, True),  # 999999 ns < 1 ms
        (">", "TIME", "DINT", 1, 0, True),  # tDelay > 0: the stored count of ms
        ("<", "BOOL", "BOOL", False, True, True),
        ("<", "TIME_OF_DAY", "TIME_OF_DAY", 1000, 2000, True),
    ],
)
def test_comparisons(op: str, left: str, right: str, a: object, b: object, expected: bool) -> None:
    assert compute(op, left, right, "BOOL", a, b) is expected


# --- time arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "left", "right", "result", "a", "b", "expected"),
    [
        ("+", "TIME", "TIME", "TIME", 1000, 500, 1500),  # T#1s + T#500ms = T#1s500ms
        ("-", "TIME", "TIME", "TIME", 1000, 2000, 2**32 - 1000),  # negative: wraps like T#-1s
        ("+", "LTIME", "LTIME", "LTIME", 1, 2, 3),
        ("+", "LTIME", "TIME", "LTIME", 1, 1, 1_000_001),  # T#1ms is 1000000 ns
        # TOD#12:00 + T#1h30m = 43200000 + 5400000 ms
        ("+", "TIME_OF_DAY", "TIME", "TIME_OF_DAY", 43_200_000, 5_400_000, 48_600_000),
        ("-", "TIME_OF_DAY", "TIME", "TIME_OF_DAY", 43_200_000, 1, 43_199_999),
        ("+", "TIME", "TIME_OF_DAY", "TIME_OF_DAY", 1, 2, 3),
        # TOD#13:00 - TOD#12:00 = T#1h
        ("-", "TIME_OF_DAY", "TIME_OF_DAY", "TIME", 46_800_000, 43_200_000, 3_600_000),
        # DT counts seconds: + T#1500ms adds 1 s (the 500 ms are below DT's unit)
        ("+", "DATE_AND_TIME", "TIME", "DATE_AND_TIME", 100, 1500, 101),
        ("-", "DATE_AND_TIME", "TIME", "DATE_AND_TIME", 100, 2000, 98),
        # DT#1970-01-02-00:00:00 - DT#1970-01-01-00:00:00 = 86400 s = T#1d
        ("-", "DATE_AND_TIME", "DATE_AND_TIME", "TIME", 86_400, 0, 86_400_000),
        ("-", "DATE", "DATE", "TIME", 2 * 86_400, 86_400, 86_400_000),
        ("-", "LDATE_AND_TIME", "LDATE_AND_TIME", "LTIME", 5, 2, 3),
        ("*", "TIME", "INT", "TIME", 1000, 3, 3000),
        ("*", "INT", "TIME", "TIME", 3, 1000, 3000),
        ("*", "TIME", "REAL", "TIME", 1000, 1.5, 1500),
        ("*", "TIME", "REAL", "TIME", 10, 0.25, 2),  # 2.5 ms: halfway, to the even 2
        ("*", "TIME", "REAL", "TIME", 10, 0.75, 8),  # 7.5 ms: halfway, to the even 8
        ("/", "TIME", "INT", "TIME", 1000, 3, 333),  # 333.3 truncated
        ("/", "TIME", "REAL", "TIME", 1000, 2.5, 400),
        ("/", "TIME", "TIME", "DINT", 5000, 2000, 2),
        ("/", "TIME", "LTIME", "DINT", 1, 500_000, 2),  # 1 ms / 0.5 ms
        ("MOD", "TIME", "TIME", "TIME", 5000, 2000, 1000),
    ],
)
def test_time_arithmetic(
    op: str, left: str, right: str, result: str, a: object, b: object, expected: int
) -> None:
    assert compute(op, left, right, result, a, b) == expected


def test_time_division_by_zero_is_a_fault() -> None:
    with pytest.raises(DivisionByZero):
        compute("/", "TIME", "INT", "TIME", 1000, 0)
    with pytest.raises(DivisionByZero):
        compute("/", "TIME", "REAL", "TIME", 1000, 0.0)
    with pytest.raises(DivisionByZero):
        compute("/", "TIME", "TIME", "DINT", 1000, 0)
    with pytest.raises(DivisionByZero):
        compute("MOD", "TIME", "TIME", "TIME", 1000, 0)


# --- unary -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "operand", "result", "value", "expected"),
    [
        ("-", "INT", "INT", 5, -5),
        ("-", "INT", "INT", -32768, -32768),  # 32768 does not fit: wraps to itself
        ("-", "SINT", "SINT", -128, -128),
        ("-", "REAL", "REAL", 1.5, -1.5),
        ("-", "INT", "REAL", 3, -3.0),
        ("-", "TIME", "TIME", 1000, 2**32 - 1000),
        ("+", "INT", "INT", 7, 7),
        ("NOT", "BOOL", "BOOL", True, False),
        ("NOT", "BOOL", "BOOL", False, True),
        ("NOT", "WORD", "WORD", 0x00FF, 0xFF00),
        ("NOT", "BYTE", "BYTE", 0, 255),
        ("NOT", "DWORD", "DWORD", 0, 0xFFFFFFFF),
        ("NOT", "INT", "INT", 0, -1),  # 16#0000 -> 16#FFFF
        ("not", "USINT", "USINT", 0x0F, 0xF0),
    ],
)
def test_unary_operators(
    op: str, operand: str, result: str, value: object, expected: object
) -> None:
    assert unary_operator(op, typ(operand), typ(result))(value) == expected


@pytest.mark.parametrize(
    ("op", "operand", "result"),
    [
        ("NOT", "STRING", "STRING"),
        ("-", "BOOL", "BOOL"),
        ("-", "STRING", "STRING"),
        ("!", "INT", "INT"),
    ],
)
def test_unary_operators_that_do_not_exist_are_refused(op: str, operand: str, result: str) -> None:
    with pytest.raises(UnsupportedOperation):
        unary_operator(op, typ(operand), typ(result))


# --- properties against the oracle -----------------------------------------------------------

_big = st.integers(-(2**64), 2**64)


@given(st.sampled_from(sorted(INTEGER_TYPES)), st.sampled_from("+-*"), _big, _big)
def test_integer_arithmetic_matches_the_wraparound_oracle(
    name: str, op: str, a: int, b: int
) -> None:
    bits, signed = INTEGER_TYPES[name]
    a, b = wrapped(a, bits, signed), wrapped(b, bits, signed)  # operands are stored values
    exact = {"+": a + b, "-": a - b, "*": a * b}[op]
    assert compute(op, name, name, name, a, b) == wrapped(exact, bits, signed)


@given(st.sampled_from(sorted(INTEGER_TYPES)), _big, _big)
def test_integer_division_matches_the_truncation_oracle(name: str, a: int, b: int) -> None:
    bits, signed = INTEGER_TYPES[name]
    a, b = wrapped(a, bits, signed), wrapped(b, bits, signed)
    if b == 0:
        return
    quotient = truncated_quotient(a, b)
    remainder = a - b * quotient
    assert compute("/", name, name, name, a, b) == wrapped(quotient, bits, signed)
    assert compute("MOD", name, name, name, a, b) == remainder
    assert abs(remainder) < abs(b)
    assert remainder == 0 or (remainder < 0) == (a < 0)
