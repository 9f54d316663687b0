"""Siemens S7 data types that have no Python counterpart: DATE_AND_TIME and TIME.

DATE_AND_TIME is 8 BCD bytes (year, month, day, hour, minute, second, then three
millisecond digits and the weekday nibble, 1 = Sunday); TIME is a signed 32-bit
count of milliseconds, both big-endian as S7 stores them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

DT_SIZE = 8
TIME_SIZE = 4
CENTURY_PIVOT = 90
"""Two-digit years from 90 on are 19xx, below it 20xx."""
FIRST_YEAR = 1990
LAST_YEAR = 2089
TIME_MIN_MS = -(2**31)
TIME_MAX_MS = 2**31 - 1
ONE_MS = timedelta(milliseconds=1)
LITERAL_UNITS = (("D", 86_400_000), ("H", 3_600_000), ("M", 60_000), ("S", 1000), ("MS", 1))


def decode_dt(data: bytes) -> datetime:
    if len(data) != DT_SIZE:
        raise ValueError(f"DATE_AND_TIME has {DT_SIZE} bytes, got {len(data)}")
    digits = [_bcd_digit(byte >> 4) * 10 + _bcd_digit(byte & 0x0F) for byte in data[:7]]
    year, month, day, hour, minute, second, ms_high = digits
    ms_units, weekday = _bcd_digit(data[7] >> 4), data[7] & 0x0F
    year += 1900 if year >= CENTURY_PIVOT else 2000
    value = datetime(year, month, day, hour, minute, second, (ms_high * 10 + ms_units) * 1000)
    if weekday != _s7_weekday(value):
        raise ValueError(f"weekday {weekday} does not match {value.date()}")
    return value


def encode_dt(value: datetime) -> bytes:
    if value.tzinfo is not None:
        raise ValueError("the PLC clock has no time zone: pass a naive datetime")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"year {value.year} outside {FIRST_YEAR}..{LAST_YEAR}")
    ms = value.microsecond // 1000
    fields = (value.year % 100, value.month, value.day, value.hour, value.minute, value.second)
    head = bytes(_to_bcd(field) for field in fields)
    return head + bytes([_to_bcd(ms // 10), (ms % 10) << 4 | _s7_weekday(value)])


def decode_time(data: bytes) -> timedelta:
    if len(data) != TIME_SIZE:
        raise ValueError(f"TIME has {TIME_SIZE} bytes, got {len(data)}")
    return timedelta(milliseconds=int.from_bytes(data, "big", signed=True))


def encode_time(value: timedelta) -> bytes:
    return _milliseconds(value).to_bytes(TIME_SIZE, "big", signed=True)


def time_literal(value: timedelta) -> str:
    ms = _milliseconds(value)
    sign, rest = ("-" if ms < 0 else ""), abs(ms)
    parts = []
    for unit, size in LITERAL_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "T#" + sign + ("_".join(parts) or "0MS")


def _milliseconds(value: timedelta) -> int:
    """The whole milliseconds of ``value``, checked against the TIME range."""
    ms, remainder = divmod(value, ONE_MS)
    if remainder:
        raise ValueError(f"{value} is not a whole number of milliseconds")
    if not TIME_MIN_MS <= ms <= TIME_MAX_MS:
        raise ValueError(f"{value} does not fit in an S7 TIME")
    return ms


def _bcd_digit(nibble: int) -> int:
    if nibble > 9:
        raise ValueError(f"nibble {nibble:X} is not a BCD digit")
    return nibble


def _to_bcd(number: int) -> int:
    return (number // 10) << 4 | number % 10


def _s7_weekday(value: datetime) -> int:
    """1 = Sunday ... 7 = Saturday (Python's isoweekday has Sunday = 7)."""
    return value.isoweekday() % 7 + 1
