"""Elementary types and the store rule (IEC 61131-3 Table 10; CODESYS/TwinCAT wraparound)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tools.st.sim.iec.oracles import FLT_MAX, INTEGER_TYPES, float32, wrapped
from werk.tools.st.sim.iec.errors import RangeFault
from werk.tools.st.sim.iec.types import (
    ElementarySpec,
    elementary_names,
    int_to_real,
    spec,
    store,
    storer,
    subrange_storer,
    to_real,
)


def typ(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None, name
    return found


@pytest.mark.parametrize(
    ("name", "kind", "bits", "minimum", "maximum", "default"),
    [
        ("BOOL", "bool", 1, None, None, False),
        ("BYTE", "bits", 8, 0, 255, 0),
        ("WORD", "bits", 16, 0, 65535, 0),
        ("DWORD", "bits", 32, 0, 4294967295, 0),
        ("LWORD", "bits", 64, 0, 18446744073709551615, 0),
        ("SINT", "signed", 8, -128, 127, 0),
        ("INT", "signed", 16, -32768, 32767, 0),
        ("DINT", "signed", 32, -2147483648, 2147483647, 0),
        ("LINT", "signed", 64, -9223372036854775808, 9223372036854775807, 0),
        ("USINT", "unsigned", 8, 0, 255, 0),
        ("UINT", "unsigned", 16, 0, 65535, 0),
        ("UDINT", "unsigned", 32, 0, 4294967295, 0),
        ("ULINT", "unsigned", 64, 0, 18446744073709551615, 0),
        ("REAL", "real", 32, -FLT_MAX, FLT_MAX, 0.0),
        ("LREAL", "real", 64, -1.7976931348623157e308, 1.7976931348623157e308, 0.0),
        ("TIME", "time", 32, 0, 4294967295, 0),
        ("LTIME", "time", 64, 0, 18446744073709551615, 0),
        ("DATE", "date", 32, 0, 4294967295, 0),
        ("TIME_OF_DAY", "tod", 32, 0, 4294967295, 0),
        ("DATE_AND_TIME", "dt", 32, 0, 4294967295, 0),
        ("LDATE", "date", 64, 0, 18446744073709551615, 0),
        ("LTIME_OF_DAY", "tod", 64, 0, 18446744073709551615, 0),
        ("LDATE_AND_TIME", "dt", 64, 0, 18446744073709551615, 0),
        ("STRING", "string", 8, None, None, ""),
        ("WSTRING", "wstring", 16, None, None, ""),
    ],
)
def test_every_elementary_type_has_its_iec_width_range_and_initial_value(
    name: str, kind: str, bits: int, minimum: object, maximum: object, default: object
) -> None:
    found = typ(name)
    assert (found.name, found.kind, found.bits) == (name, kind, bits)
    assert (found.minimum, found.maximum, found.default) == (minimum, maximum, default)
    assert type(found.default) is type(default)


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("TOD", "TIME_OF_DAY"),
        ("dt", "DATE_AND_TIME"),
        ("LTOD", "LTIME_OF_DAY"),
        ("ldt", "LDATE_AND_TIME"),
        ("Time_Of_Day", "TIME_OF_DAY"),
        ("int", "INT"),
    ],
)
def test_names_are_case_insensitive_and_aliases_give_the_same_type(
    alias: str, canonical: str
) -> None:
    assert spec(alias) is spec(canonical)


def test_unknown_names_are_not_elementary() -> None:
    assert spec("FB_Pump") is None
    assert spec("ANY_INT") is None
    assert {"TOD", "DT", "LTOD", "LDT", "LTIME", "LDATE", "CHAR"} <= set(elementary_names())


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("INT", 32768, -32768),  # 32767 + 1
        ("INT", -32769, 32767),  # -32768 - 1
        ("INT", 40000, -25536),  # 40000 - 65536
        ("SINT", 128, -128),
        ("USINT", 256, 0),  # 255 + 1
        ("USINT", -1, 255),
        ("DINT", 2**31, -(2**31)),
        ("DINT", -(2**31) - 1, 2**31 - 1),
        ("LINT", 2**63, -(2**63)),
        ("ULINT", 2**64, 0),
        ("ULINT", -1, 2**64 - 1),
        ("BYTE", 0x1FF, 0xFF),
        ("WORD", -1, 0xFFFF),
        ("TIME", -5000, 2**32 - 5000),  # TIME is a DWORD of ms: T#-5s wraps
        ("LTIME", -1, 2**64 - 1),
        ("DATE", 2**32, 0),
    ],
)
def test_integers_and_times_wrap_to_their_width(name: str, value: int, stored: int) -> None:
    assert store(typ(name), value) == stored


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (0.1, 0.10000000149011612),  # binary32 0x3DCCCCCD
        (16777217.0, 16777216.0),  # 2**24 + 1: halfway, ties to the even 2**24
        (16777219.0, 16777220.0),  # halfway between ...218 (odd) and ...220 (even)
        (1.0, 1.0),
        (-0.1, -0.10000000149011612),
        (3.4028235e38, FLT_MAX),  # rounds down to the largest finite REAL
        (1e39, math.inf),  # beyond REAL: IEEE overflow, not trapped
        (-1e39, -math.inf),
        (1e-46, 0.0),  # below half the smallest subnormal (1.4e-45)
    ],
)
def test_real_is_rounded_to_single_precision_on_every_store(value: float, stored: float) -> None:
    assert store(typ("REAL"), value) == stored


def test_lreal_keeps_double_precision() -> None:
    assert store(typ("LREAL"), 0.1) == 0.1
    assert store(typ("LREAL"), 16777217.0) == 16777217.0


def test_integers_beyond_2_to_the_53_round_once_to_real() -> None:
    # 2**60 + 2**36 + 1: REAL keeps 24 bits, so the step at 2**60 is 2**37 and
    # 2**36 + 1 is just over half a step: the nearest REAL is 2**60 + 2**37.
    # Going through a double first would lose the +1 and tie to 2**60.
    assert int_to_real(2**60 + 2**36 + 1) == float(2**60 + 2**37)
    assert int_to_real(-(2**60 + 2**36 + 1)) == -float(2**60 + 2**37)
    assert int_to_real(2**60 + 2**36) == float(2**60)  # exactly halfway: to even


def test_bool_store_gives_a_bool() -> None:
    assert store(typ("BOOL"), 1) is True
    assert store(typ("BOOL"), 0) is False


def test_strings_are_cut_to_their_declared_length() -> None:
    assert store(typ("STRING"), "abcdef", 3) == "abc"
    assert store(typ("STRING"), "ab", 3) == "ab"
    assert store(typ("STRING"), "x" * 100) == "x" * 80  # STRING without length: 80
    assert store(typ("WSTRING"), "äöü€", 2) == "äö"
    assert store(typ("STRING"), "abc", 0) == ""
    assert store(typ("CHAR"), "AB") == "A"


def test_storer_is_built_once_per_type_and_length() -> None:
    assert storer(typ("INT")) is storer(typ("INT"))
    assert storer(typ("STRING"), 10) is storer(typ("STRING"), 10)
    assert storer(typ("STRING"), 10) is not storer(typ("STRING"), 11)


def test_a_negative_string_length_is_refused() -> None:
    with pytest.raises(ValueError, match="negative length"):
        storer(typ("STRING"), -1)


def test_subrange_values_outside_the_range_are_faults() -> None:
    percent = subrange_storer(typ("INT"), 0, 100)
    assert percent(0) == 0
    assert percent(100) == 100
    with pytest.raises(RangeFault, match=r"101 is outside the subrange INT\(0..100\)"):
        percent(101)
    with pytest.raises(RangeFault):
        percent(-1)


def test_temporal_units() -> None:
    assert typ("TIME").unit_ns == 1_000_000
    assert typ("LTIME").unit_ns == 1
    assert typ("DT").unit_ns == 1_000_000_000
    assert typ("TOD").unit_ns == 1_000_000


@given(st.sampled_from(sorted(INTEGER_TYPES)), st.integers(-(2**70), 2**70))
def test_integer_store_matches_the_twos_complement_oracle(name: str, value: int) -> None:
    bits, signed = INTEGER_TYPES[name]
    assert store(typ(name), value) == wrapped(value, bits, signed)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_real_store_matches_exact_binary32_rounding(value: float) -> None:
    assert store(typ("REAL"), value) == float32(value)
    assert to_real(value) == float32(value)


@given(st.integers(-(2**64), 2**64))
def test_integer_to_real_matches_exact_binary32_rounding(value: int) -> None:
    # float32() of an int goes through Fraction exactly via the float only when
    # the int is exact in a double; build the oracle from the integer instead.
    if abs(value) <= 2**53:
        assert int_to_real(value) == float32(float(value))
    else:
        shift = abs(value).bit_length() - 24
        kept, rest = divmod(abs(value), 2**shift)
        if rest * 2 > 2**shift or (rest * 2 == 2**shift and kept % 2 == 1):
            kept += 1
        assert int_to_real(value) == math.copysign(float(kept * 2**shift), value)
