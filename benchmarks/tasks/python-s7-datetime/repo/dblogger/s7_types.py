"""Siemens S7 data types that have no Python counterpart: DATE_AND_TIME and TIME."""

from __future__ import annotations

from datetime import datetime, timedelta


def decode_dt(data: bytes) -> datetime:
    raise NotImplementedError


def encode_dt(value: datetime) -> bytes:
    raise NotImplementedError


def decode_time(data: bytes) -> timedelta:
    raise NotImplementedError


def encode_time(value: timedelta) -> bytes:
    raise NotImplementedError


def time_literal(value: timedelta) -> str:
    raise NotImplementedError
