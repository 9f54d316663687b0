"""Hidden checks of the S7 DATE_AND_TIME and TIME conversions."""

from datetime import UTC, datetime, timedelta

import pytest
from dblogger.s7_types import decode_dt, decode_time, encode_dt, encode_time, time_literal


def raw(hex_text: str) -> bytes:
    return bytes.fromhex(hex_text.replace(" ", ""))


@pytest.mark.parametrize(
    ("hex_text", "expected"),
    [
        # 2024-03-15 is a Friday (6)
        ("24 03 15 13 45 30 12 36", datetime(2024, 3, 15, 13, 45, 30, 123000)),
        # 1999-12-31 is a Friday, 2000-01-01 a Saturday (7), 2026-11-29 a Sunday (1)
        ("99 12 31 23 59 59 99 96", datetime(1999, 12, 31, 23, 59, 59, 999000)),
        ("00 01 01 00 00 00 00 07", datetime(2000, 1, 1)),
        ("26 11 29 06 00 00 00 01", datetime(2026, 11, 29, 6)),
        ("90 01 01 00 00 00 00 02", datetime(1990, 1, 1)),  # Monday
        ("89 12 31 12 00 00 05 07", datetime(2089, 12, 31, 12, 0, 0, 50000)),  # Saturday
        ("24 02 29 08 07 06 00 55", datetime(2024, 2, 29, 8, 7, 6, 5000)),  # leap day, Thursday
    ],
)
def test_decode_and_encode_dt(hex_text: str, expected: datetime) -> None:
    assert decode_dt(raw(hex_text)) == expected
    assert encode_dt(expected) == raw(hex_text)


def test_encode_truncates_below_a_millisecond() -> None:
    assert encode_dt(datetime(2024, 3, 15, 13, 45, 30, 123999)) == raw("24 03 15 13 45 30 12 36")


@pytest.mark.parametrize(
    "hex_text",
    [
        "24 03 15 13 45 30 12",  # 7 bytes
        "24 03 15 13 45 30 12 36 00",  # 9 bytes
        "24 0A 15 13 45 30 12 36",  # month nibble A
        "24 03 15 13 45 30 1A 36",  # millisecond nibble A
        "24 03 15 13 45 30 12 F6",  # millisecond units nibble F
        "24 03 15 1F 45 30 12 36",  # hour nibble F
        "24 13 15 13 45 30 12 36",  # month 13
        "23 02 29 00 00 00 00 04",  # 2023 is not a leap year
        "24 03 15 24 00 00 00 06",  # hour 24
        "24 03 15 13 60 00 00 06",  # minute 60
        "24 03 00 13 45 30 12 36",  # day 0
        "24 03 15 13 45 30 12 35",  # weekday Thursday for a Friday
        "24 03 15 13 45 30 12 30",  # weekday 0
        "24 03 15 13 45 30 12 38",  # weekday 8
    ],
)
def test_decode_dt_rejects_bad_data(hex_text: str) -> None:
    with pytest.raises(ValueError):
        decode_dt(raw(hex_text))


@pytest.mark.parametrize(
    "value",
    [
        datetime(1989, 12, 31, 23, 59, 59),
        datetime(2090, 1, 1),
        datetime(2024, 3, 15, tzinfo=UTC),
    ],
)
def test_encode_dt_rejects_values_the_plc_cannot_hold(value: datetime) -> None:
    with pytest.raises(ValueError):
        encode_dt(value)


@pytest.mark.parametrize(
    ("hex_text", "ms"),
    [
        ("00000000", 0),
        ("000003E8", 1000),
        ("0001E240", 123456),
        ("FFFFFFFF", -1),
        ("FFFFFA24", -1500),
        ("7FFFFFFF", 2**31 - 1),
        ("80000000", -(2**31)),
    ],
)
def test_decode_and_encode_time(hex_text: str, ms: int) -> None:
    assert decode_time(raw(hex_text)) == timedelta(milliseconds=ms)
    assert encode_time(timedelta(milliseconds=ms)) == raw(hex_text)


@pytest.mark.parametrize("data", [b"", b"\x00\x00\x03", b"\x00\x00\x00\x03\xe8"])
def test_decode_time_rejects_wrong_size(data: bytes) -> None:
    with pytest.raises(ValueError):
        decode_time(data)


@pytest.mark.parametrize(
    "value",
    [
        timedelta(milliseconds=2**31),
        timedelta(milliseconds=-(2**31) - 1),
        timedelta(days=30),
        timedelta(microseconds=1500),
        timedelta(microseconds=-1),
    ],
)
def test_time_out_of_range_or_not_whole_ms(value: timedelta) -> None:
    with pytest.raises(ValueError):
        encode_time(value)
    with pytest.raises(ValueError):
        time_literal(value)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (timedelta(0), "T#0MS"),
        (timedelta(milliseconds=5), "T#5MS"),
        (timedelta(minutes=2, seconds=5), "T#2M_5S"),
        (timedelta(days=1, hours=2, minutes=3, seconds=4, milliseconds=5), "T#1D_2H_3M_4S_5MS"),
        (timedelta(hours=1, milliseconds=1), "T#1H_1MS"),
        (timedelta(milliseconds=-1500), "T#-1S_500MS"),
        (timedelta(milliseconds=-1), "T#-1MS"),
        (timedelta(milliseconds=2**31 - 1), "T#24D_20H_31M_23S_647MS"),
        (timedelta(milliseconds=-(2**31)), "T#-24D_20H_31M_23S_648MS"),
    ],
)
def test_time_literal(value: timedelta, literal: str) -> None:
    assert time_literal(value) == literal
