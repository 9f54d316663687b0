"""Literals (IEC 61131-3 Tables 5-9) and how values are shown; values worked by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tools.st.sim.iec.oracles import float32
from werk.tools.st.sim.iec.literals import format_value, parse_literal, quote_string
from werk.tools.st.sim.iec.types import ElementarySpec, spec


def typ(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None, name
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TRUE", ("BOOL", True)),
        ("false", ("BOOL", False)),
        ("123", (None, 123)),
        ("-45", (None, -45)),
        ("+7", (None, 7)),
        ("1_000", (None, 1000)),
        ("16#FF", (None, 255)),
        ("16#ff_ff", (None, 65535)),
        ("8#17", (None, 15)),  # 1*8 + 7
        ("2#1010_1010", (None, 170)),  # 128 + 32 + 8 + 2
        ("INT#16#FF", ("INT", 255)),
        ("INT#16#FFFF", ("INT", -1)),  # a bit pattern, two's complement
        ("INT#-5", ("INT", -5)),
        ("UINT#65535", ("UINT", 65535)),
        ("BYTE#2#1000_0001", ("BYTE", 129)),
        ("LWORD#16#FFFF_FFFF_FFFF_FFFF", ("LWORD", 2**64 - 1)),
        ("BOOL#1", ("BOOL", True)),
        ("BOOL#0", ("BOOL", False)),
        ("BOOL#TRUE", ("BOOL", True)),
        ("1.5", (None, 1.5)),
        ("1.5E-3", (None, 0.0015)),
        ("-2.5e2", (None, -250.0)),
        ("1_000.0", (None, 1000.0)),
        ("1E3", (None, 1000.0)),
        ("REAL#1.5", ("REAL", 1.5)),
        ("REAL#0.1", ("REAL", 0.10000000149011612)),  # stored as binary32
        ("REAL#1", ("REAL", 1.0)),
        ("LREAL#0.1", ("LREAL", 0.1)),
        # 1 h 2 min 3 s 4 ms = 3600000 + 120000 + 3000 + 4 ms
        ("T#1h2m3s4ms", ("TIME", 3_723_004)),
        ("t#1h_30m", ("TIME", 5_400_000)),
        ("TIME#5s", ("TIME", 5_000)),
        ("TIME#-5s", ("TIME", 2**32 - 5_000)),  # TIME is an unsigned DWORD of ms
        ("T#1.5s", ("TIME", 1_500)),
        ("T#2d", ("TIME", 172_800_000)),
        ("T#0.5d", ("TIME", 43_200_000)),
        ("T#1.5ms", ("TIME", 1)),  # below TIME's unit: truncated
        ("T#25h", ("TIME", 90_000_000)),  # the first unit may overflow
        ("T#0s", ("TIME", 0)),
        ("LT#1us", ("LTIME", 1_000)),
        ("LTIME#1m1ns", ("LTIME", 60_000_000_001)),
        ("LTIME#-1ns", ("LTIME", 2**64 - 1)),
        # 2024-01-31: 54 years after 1970 with 13 leap days (1972..2020) = 19723 days to
        # 2024-01-01, + 30 = 19753 days; * 86400 s = 1706659200 s.
        ("D#2024-01-31", ("DATE", 1_706_659_200)),
        ("DATE#1970-01-01", ("DATE", 0)),
        ("DATE#2019-9-9", ("DATE", 1_567_987_200)),  # 18148 days
        ("LDATE#1970-01-02", ("LDATE", 86_400 * 10**9)),
        ("LD#1970-01-02", ("LDATE", 86_400 * 10**9)),
        ("TOD#12:00:00.5", ("TIME_OF_DAY", 43_200_500)),  # 12 h = 43200000 ms
        ("TIME_OF_DAY#01:02:03", ("TIME_OF_DAY", 3_723_000)),
        ("TOD#14:20", ("TIME_OF_DAY", 51_600_000)),
        ("LTOD#00:00:00.000000001", ("LTIME_OF_DAY", 1)),
        ("DT#2024-01-31-12:00:00", ("DATE_AND_TIME", 1_706_702_400)),  # + 43200 s
        ("DATE_AND_TIME#1970-01-02-00:00:00", ("DATE_AND_TIME", 86_400)),
        ("DT#1970-01-01-00:00:01.9", ("DATE_AND_TIME", 1)),  # DT counts whole seconds
        ("LDT#1970-01-01-00:00:01.5", ("LDATE_AND_TIME", 1_500_000_000)),
        ("'abc'", ("STRING", "abc")),
        ("''", ("STRING", "")),
        ("'a$'b'", ("STRING", "a'b")),
        ("'$$'", ("STRING", "$")),
        ("'$L$N$R$T$P'", ("STRING", "\n\n\r\t\f")),
        ("'$l$n$r$t$p'", ("STRING", "\n\n\r\t\f")),
        ("'$41$a9'", ("STRING", "A©")),
        ("'abc$N$'$24'", ("STRING", "abc\n'$")),
        ("'say \"hi\"'", ("STRING", 'say "hi"')),
        ('"wide"', ("WSTRING", "wide")),
        ('"$"quoted$""', ("WSTRING", '"quoted"')),
        ('"$20AC"', ("WSTRING", "€")),
        ("STRING#'x'", ("STRING", "x")),
        ('WSTRING#"x"', ("WSTRING", "x")),
        ("CHAR#'A'", ("CHAR", "A")),
        ("E_State#Idle", ("E_State", "Idle")),
        ("MyEnum#value_2", ("MyEnum", "value_2")),
        ("  42  ", (None, 42)),
    ],
)
def test_every_literal_form(text: str, expected: tuple[str | None, object]) -> None:
    assert parse_literal(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty literal"),
        ("abc", "not an IEC 61131-3 literal"),
        ("1.", "not an IEC 61131-3 literal"),
        ("1__0", "not an IEC 61131-3 literal"),
        ("_1", "not an IEC 61131-3 literal"),
        ("16#", "not base-16 digits"),
        ("16#G", "not base-16 digits"),
        ("2#102", "not base-2 digits"),
        ("8#8", "not base-8 digits"),
        ("SINT#200", "outside SINT's range -128..127"),
        ("USINT#-1", "outside USINT's range"),
        ("BYTE#16#1FF", "more bits than BYTE"),
        ("INT#1.5", "not an integer"),
        ("INT#3#12", "base must be 2, 8 or 16"),
        ("REAL#abc", "not a number"),
        ("BOOL#2", "BOOL# takes"),
        ("T#5", "cannot read the duration"),
        ("T#", "needs at least one part"),
        ("T#5s1h", "units must go from days down"),
        ("T#1s1s", "units must go from days down"),
        ("T#1.5s2ms", "only the last part"),
        ("T#1x", "cannot read the duration"),
        ("D#2024-02-30", "day is out of range"),
        ("D#1969-12-31", "before 1970"),
        ("D#2200-01-01", "beyond the range of DATE"),
        ("D#24-1-1", "YYYY-MM-DD"),
        ("TOD#24:00:00", "not a time of day"),
        ("TOD#12:60", "not a time of day"),
        ("TOD#noon", "hh:mm:ss"),
        ("DT#2024-01-31", "YYYY-MM-DD-hh:mm:ss"),
        ("'abc$N$''$24'", "text after the closing quote"),
        ("'abc", "no closing '"),
        ("'$Q'", "unknown escape"),
        ("'$4'", "unknown escape"),
        ('"$41"', "unknown escape"),  # wide strings take four hex digits
        ("CHAR#'AB'", "exactly one character"),
        ("STRING#abc", "quoted string"),
        ("TIME_OF_DAY#", "hh:mm:ss"),
        ("E_State#1x", "not an IEC 61131-3 literal"),
        ("E State#Idle", "not an IEC 61131-3 literal"),
    ],
)
def test_malformed_literals_are_clear_value_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_literal(text)


@pytest.mark.parametrize(
    ("type_name", "value", "shown"),
    [
        ("BOOL", True, "TRUE"),
        ("BOOL", False, "FALSE"),
        ("INT", -3, "-3"),
        ("WORD", 255, "255"),
        ("REAL", 1.5, "1.5"),
        ("REAL", 0.10000000149011612, "0.1"),  # the shortest decimal that is this REAL
        ("LREAL", 0.10000000149011612, "0.10000000149011612"),
        ("REAL", 16777216.0, "16777216.0"),
        ("REAL", 2.0, "2.0"),
        ("REAL", -0.0, "-0.0"),
        ("LREAL", 1e20, "1.0E+20"),
        ("LREAL", 1.5e-7, "1.5E-7"),
        ("REAL", math.inf, "INF"),
        ("LREAL", -math.inf, "-INF"),
        ("TIME", 1500, "T#1s500ms"),
        ("TIME", 0, "T#0ms"),
        ("TIME", 3_723_004, "T#1h2m3s4ms"),
        ("TIME", 90_000_000, "T#1d1h"),
        ("TIME", 2**32 - 5000, "T#49d17h2m42s296ms"),  # 4294962296 ms
        ("LTIME", 1_000_001, "LTIME#1ms1ns"),
        ("LTIME", 0, "LTIME#0ns"),
        ("TIME_OF_DAY", 43_200_000, "TOD#12:00:00"),
        ("TIME_OF_DAY", 43_200_500, "TOD#12:00:00.5"),
        ("TIME_OF_DAY", 50_465_123, "TOD#14:01:05.123"),
        ("LTIME_OF_DAY", 1, "LTOD#00:00:00.000000001"),
        ("DATE", 1_706_659_200, "D#2024-01-31"),
        ("LDATE", 0, "LDATE#1970-01-01"),
        ("DATE_AND_TIME", 1_706_702_400, "DT#2024-01-31-12:00:00"),
        ("LDATE_AND_TIME", 1_500_000_000, "LDT#1970-01-01-00:00:01.5"),
        ("STRING", "text", "'text'"),
        ("STRING", "it's $5\n", "'it$'s $$5$N'"),
        ("STRING", "\x01", "'$01'"),
        ("WSTRING", 'say "€"', '"say $"€$""'),
        ("WSTRING", "\x01", '"$0001"'),
    ],
)
def test_values_are_shown_as_st_literals(type_name: str, value: object, shown: str) -> None:
    assert format_value(typ(type_name), value) == shown


# --- round trips -----------------------------------------------------------------------------


@given(st.integers(-(2**63), 2**63 - 1))
def test_lint_values_round_trip(value: int) -> None:
    assert parse_literal(format_value(typ("LINT"), value)) == (None, value)


@given(st.integers(0, 2**32 - 1))
def test_time_values_round_trip(value: int) -> None:
    assert parse_literal(format_value(typ("TIME"), value)) == ("TIME", value)


@given(st.integers(0, 2**64 - 1))
def test_ltime_values_round_trip(value: int) -> None:
    assert parse_literal(format_value(typ("LTIME"), value)) == ("LTIME", value)


@given(st.integers(0, 86_400_000 - 1))
def test_time_of_day_values_round_trip(value: int) -> None:
    assert parse_literal(format_value(typ("TOD"), value)) == ("TIME_OF_DAY", value)


@given(st.integers(0, 2**32 - 1))
def test_date_and_time_values_round_trip(value: int) -> None:
    assert parse_literal(format_value(typ("DT"), value)) == ("DATE_AND_TIME", value)


@given(st.integers(0, 49_710))
def test_date_values_round_trip(days: int) -> None:
    value = days * 86_400
    assert parse_literal(format_value(typ("DATE"), value)) == ("DATE", value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_real_values_round_trip(value: float) -> None:
    stored = float32(value)
    if math.isinf(stored):
        return
    literal_type, parsed = parse_literal(format_value(typ("REAL"), stored))
    assert literal_type is None
    assert float32(parsed) == stored


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_lreal_values_round_trip(value: float) -> None:
    assert parse_literal(format_value(typ("LREAL"), value)) == (None, value)


@given(st.text())
def test_string_values_round_trip(value: str) -> None:
    assert parse_literal(quote_string(value, wide=True)) == ("WSTRING", value)
    assert parse_literal(quote_string(value, wide=False)) == ("STRING", value)


@given(st.text(alphabet=st.characters(max_codepoint=0xFF)))
def test_single_byte_string_values_round_trip(value: str) -> None:
    assert parse_literal(format_value(typ("STRING"), value)) == ("STRING", value)
