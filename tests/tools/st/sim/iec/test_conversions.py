"""Type conversions (IEC 61131-3 Tables 22-27; CODESYS's documented examples)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tools.st.sim.iec.oracles import INTEGER_TYPES, wrapped
from werk.tools.st.sim.iec.conversions import (
    bcd_to_integer,
    conversion,
    integer_to_bcd,
    truncation,
)
from werk.tools.st.sim.iec.errors import RangeFault, UnsupportedOperation
from werk.tools.st.sim.iec.types import ElementarySpec, spec


def typ(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None, name
    return found


def convert(source: str, target: str, value: object) -> object:
    return conversion(typ(source), typ(target))(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.4, 1),
        (1.5, 2),  # halfway: to the even 2
        (2.5, 2),  # halfway: to the even 2 (IEC 60559 rounding)
        (3.5, 4),
        (2.6, 3),
        (0.5, 0),
        (-0.5, 0),
        (-1.4, -1),
        (-1.5, -2),  # CODESYS help: REAL_TO_INT(-1.5) = -2
        (-2.5, -2),
        (-3.5, -4),
        (32767.4, 32767),
    ],
)
def test_real_to_int_rounds_half_to_even(value: float, expected: int) -> None:
    assert convert("REAL", "INT", value) == expected
    assert convert("LREAL", "DINT", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.9, 1), (-1.4, -1), (-1.9, -1), (2.5, 2), (-2.5, -2), (0.99, 0)],
)
def test_trunc_rounds_toward_zero(value: float, expected: int) -> None:
    assert truncation(typ("REAL"), typ("DINT"))(value) == expected
    assert truncation(typ("LREAL"), typ("INT"))(value) == expected


@pytest.mark.parametrize(
    ("source", "target", "value"),
    [
        ("REAL", "INT", 40000.0),
        ("REAL", "INT", 32767.5),  # rounds to 32768, one past INT
        ("REAL", "UINT", -1.0),
        ("LREAL", "USINT", 255.5),  # rounds to 256
        ("REAL", "INT", math.nan),
        ("REAL", "DINT", math.inf),
        ("REAL", "TIME", -1.0),
        ("LREAL", "LINT", 1e19),
    ],
)
def test_real_outside_the_target_range_is_a_fault(source: str, target: str, value: float) -> None:
    with pytest.raises(RangeFault, match=f"{source}_TO_{target}"):
        convert(source, target, value)


def test_trunc_outside_the_target_range_is_a_fault() -> None:
    with pytest.raises(RangeFault, match="REAL_TRUNC_SINT"):
        truncation(typ("REAL"), typ("SINT"))(128.5)


def test_trunc_needs_a_real_source_and_an_integer_target() -> None:
    with pytest.raises(UnsupportedOperation):
        truncation(typ("INT"), typ("DINT"))
    with pytest.raises(UnsupportedOperation):
        truncation(typ("REAL"), typ("STRING"))


@pytest.mark.parametrize(
    ("source", "target", "value", "expected"),
    [
        ("DINT", "INT", 70000, 4464),  # 70000 - 65536: the low 16 bits
        ("INT", "UINT", -1, 65535),
        ("UDINT", "DINT", 4294967295, -1),
        ("INT", "DINT", -5, -5),
        ("DWORD", "BYTE", 0x12345678, 0x78),
        ("SINT", "WORD", -1, 0xFFFF),
        ("LINT", "ULINT", -(2**63), 2**63),
        ("INT", "REAL", 3, 3.0),
        ("DINT", "REAL", 16777217, 16777216.0),  # 25 bits: ties to the even 2**24
        ("DINT", "LREAL", 16777217, 16777217.0),
        ("LINT", "REAL", 2**60 + 2**36 + 1, float(2**60 + 2**37)),  # rounded once
        ("REAL", "LREAL", 0.10000000149011612, 0.10000000149011612),
        ("LREAL", "REAL", 0.1, 0.10000000149011612),
        ("BOOL", "INT", True, 1),
        ("BOOL", "INT", False, 0),
        ("BOOL", "REAL", True, 1.0),
        ("BOOL", "TIME", True, 1),  # T#1ms
        ("INT", "BOOL", 0, False),
        ("INT", "BOOL", -5, True),
        ("REAL", "BOOL", 0.5, True),  # CODESYS: LREAL_TO_BOOL(0.987654321) = TRUE
        ("REAL", "BOOL", 0.0, False),
        ("TIME", "BOOL", 0, False),  # CODESYS: TIME_TO_BOOL(T#0MS) = FALSE
        ("TIME", "BOOL", 59, True),
        ("BOOL", "BOOL", True, True),
        ("TIME", "DINT", 1000, 1000),  # T#1s is 1000 ms
        ("DINT", "TIME", -1, 2**32 - 1),
        ("TIME", "REAL", 1000, 1000.0),
        ("REAL", "TIME", 1.5, 2),  # rounded like any REAL to an integer
        ("REAL", "TIME", 2.5, 2),
        ("TIME", "LTIME", 1, 1_000_000),
        ("LTIME", "TIME", 1_999_999, 1),  # 1.999999 ms: below TIME's unit, truncated
        ("LTIME", "LINT", 5, 5),
        ("TIME_OF_DAY", "TIME", 43_200_000, 43_200_000),
        ("TIME", "TIME_OF_DAY", 1, 1),
        ("TIME_OF_DAY", "LTIME_OF_DAY", 1, 1_000_000),
        # DT#2024-01-31-12:00:00 = 1706702400 s; its day is D#2024-01-31 = 1706659200 s
        ("DATE_AND_TIME", "DATE", 1_706_702_400, 1_706_659_200),
        ("DATE_AND_TIME", "TIME_OF_DAY", 1_706_702_400, 43_200_000),  # TOD#12:00:00
        ("DATE", "DATE_AND_TIME", 1_706_659_200, 1_706_659_200),
        ("DATE", "TIME_OF_DAY", 1_706_659_200, 0),
        ("LDATE_AND_TIME", "DATE_AND_TIME", 1_500_000_000, 1),
        ("DATE_AND_TIME", "LDATE_AND_TIME", 1, 1_000_000_000),
        ("LDATE_AND_TIME", "LTIME_OF_DAY", 86_400 * 10**9 + 7, 7),
        ("DATE_AND_TIME", "UDINT", 86_400, 86_400),
        ("UDINT", "DATE", 86_400, 86_400),
        ("DATE", "DATE", 5, 5),
    ],
)
def test_conversions_between_numbers_bits_bools_and_times(
    source: str, target: str, value: object, expected: object
) -> None:
    result = convert(source, target, value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("INT", -5, "-5"),
        ("ULINT", 2**64 - 1, "18446744073709551615"),
        ("BYTE", 255, "255"),
        ("BOOL", True, "TRUE"),  # Beckhoff: BOOL_TO_STRING(TRUE) = 'TRUE'
        ("BOOL", False, "FALSE"),
        ("TIME", 12, "T#12ms"),  # Beckhoff: TIME_TO_STRING(T#12ms) = 'T#12ms'
        ("TIME", 1500, "T#1s500ms"),
        ("LTIME", 1, "LTIME#1ns"),
        ("DATE", 1_029_628_800, "D#2002-08-18"),  # Beckhoff: DATE_TO_STRING(D#2002-08-18)
        # TOD#14:01:05.123 = (14*3600 + 1*60 + 5) s * 1000 + 123 = 50465123 ms
        ("TIME_OF_DAY", 50_465_123, "TOD#14:01:05.123"),
        # DT#1998-02-13-14:20:00: 1970..1997 are 28 years with 7 leap days = 10227 days,
        # + 31 (January) + 12 = 10270 days = 887328000 s, + 14:20 (51600 s)
        ("DATE_AND_TIME", 887_379_600, "DT#1998-02-13-14:20:00"),
        ("REAL", 1.5, "1.5"),
        ("REAL", 2.0, "2"),
        ("REAL", 0.10000000149011612, "0.1"),
        ("REAL", -0.25, "-0.25"),
        ("LREAL", 1e20, "1E+20"),
        ("LREAL", 1.4, "1.4"),  # Beckhoff: LREAL_TO_STRING(1.4) = '1.4'
        ("LREAL", 0.1, "0.1"),
        ("REAL", math.inf, "INF"),
        ("STRING", "abc", "abc"),
        ("WSTRING", "€", "€"),
    ],
)
def test_conversions_to_string(source: str, value: object, expected: str) -> None:
    assert convert(source, "STRING", value) == expected


@pytest.mark.parametrize(
    ("target", "text", "expected"),
    [
        ("BOOL", "TRUE", True),  # CODESYS: STRING_TO_BOOL('TRUE') = TRUE
        ("BOOL", "true", True),
        ("BOOL", "FALSE", False),
        ("BOOL", "1", True),
        ("BOOL", "0", False),
        ("BOOL", "yes", False),
        ("WORD", "abc34", 0),  # CODESYS: text before the number gives 0
        ("WORD", "34abc", 34),  # CODESYS: text after the number is ignored
        ("BYTE", "500", 244),  # CODESYS: 500 - 256
        ("INT", "  42", 42),
        ("INT", "-17", -17),
        ("INT", "+17", 17),
        ("INT", "16#FF", 255),
        ("INT", "2#1111_1111", 255),
        ("INT", "1_000", 1000),
        ("INT", "3.14", 3),  # the point ends the integer
        ("INT", "", 0),
        ("INT", "40000", -25536),  # wrapped like any store
        ("DINT", "16#FFFFFFFF", -1),
        ("REAL", "1.234", 1.2339999675750732),  # REAL 1.234 (0x3F9DF3B6)
        ("LREAL", "1.234", 1.234),
        ("LREAL", "1.2E-34", 1.2e-34),
        ("REAL", "1.7E+400", math.inf),  # CODESYS: infinite values
        ("REAL", "-5", -5.0),
        ("REAL", "x1.0", 0.0),
        ("TIME", "T#127ms", 127),  # CODESYS: STRING_TO_TIME('T#127ms') = T#127ms
        ("TIME", " TIME#1s junk", 1000),
        ("TIME", "5s", 0),  # no literal prefix
        ("TIME", "D#2020-01-01", 0),  # not a duration
        ("LTIME", "T#1ms", 1_000_000),
        ("DATE", "DATE#2019-9-9", 1_567_987_200),  # CODESYS: STRING_TO_DATE('DATE#2019-9-9')
        ("DATE_AND_TIME", "DT#2019-9-9-1:1:1.1", 1_567_990_861),  # the .1 s is below DT's unit
        ("TIME_OF_DAY", "TOD#12:00:00", 43_200_000),
        ("STRING", "abc", "abc"),
    ],
)
def test_conversions_from_string_follow_codesys(target: str, text: str, expected: object) -> None:
    assert convert("STRING", target, text) == expected
    assert convert("WSTRING", target, text) == expected


def test_bcd_conversions() -> None:
    assert bcd_to_integer(typ("WORD"), typ("INT"))(0x1234) == 1234
    assert bcd_to_integer(typ("BYTE"), typ("USINT"))(0x99) == 99
    assert integer_to_bcd(typ("INT"), typ("WORD"))(1234) == 0x1234
    assert integer_to_bcd(typ("USINT"), typ("BYTE"))(0) == 0
    with pytest.raises(RangeFault, match="nibble A is not a BCD digit"):
        bcd_to_integer(typ("BYTE"), typ("INT"))(0x1A)
    with pytest.raises(RangeFault, match=r"0\.\.9999"):
        integer_to_bcd(typ("INT"), typ("WORD"))(10000)
    with pytest.raises(RangeFault):
        integer_to_bcd(typ("INT"), typ("WORD"))(-1)


@given(st.sampled_from(sorted(INTEGER_TYPES)), st.sampled_from(sorted(INTEGER_TYPES)), st.data())
def test_integer_conversions_keep_the_low_bits(
    source: str, target: str, data: st.DataObject
) -> None:
    source_bits, source_signed = INTEGER_TYPES[source]
    target_bits, target_signed = INTEGER_TYPES[target]
    value = data.draw(
        st.integers(-(2**64), 2**64).map(lambda v: wrapped(v, source_bits, source_signed))
    )
    assert convert(source, target, value) == wrapped(value, target_bits, target_signed)


@given(st.integers(-(2**31), 2**31 - 1), st.sampled_from([0.0, 0.25, 0.5, 0.75]))
def test_lreal_to_dint_rounds_half_to_even(whole: int, fraction: float) -> None:
    value = whole + fraction
    if fraction < 0.5:
        expected = whole
    elif fraction > 0.5:
        expected = whole + 1
    else:
        expected = whole if whole % 2 == 0 else whole + 1
    if -(2**31) <= expected <= 2**31 - 1:
        assert convert("LREAL", "DINT", value) == expected
