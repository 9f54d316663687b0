"""Modbus TCP framing: MBAP header and the PDUs of function codes 3, 6 and 16."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Response:
    """A parsed reply of a PLC."""

    transaction_id: int
    unit_id: int
    function: int
    """3, 6 or 16; for an exception reply the function code of the request."""
    registers: tuple[int, ...] = ()
    """Function 3: the register values read."""
    address: int | None = None
    """Function 6: the register written; function 16: the first register written."""
    value: int | None = None
    """Function 6: the value written."""
    count: int | None = None
    """Function 16: how many registers were written."""
    exception_code: int | None = None
    """Set for an exception reply."""


def build_read_holding(transaction_id: int, unit_id: int, start: int, count: int) -> bytes:
    raise NotImplementedError


def build_write_single(transaction_id: int, unit_id: int, address: int, value: int) -> bytes:
    raise NotImplementedError


def build_write_multiple(transaction_id: int, unit_id: int, start: int, values: list[int]) -> bytes:
    raise NotImplementedError


def parse_response(adu: bytes) -> Response:
    raise NotImplementedError


def check_reply(request: bytes, reply: bytes) -> Response:
    raise NotImplementedError
