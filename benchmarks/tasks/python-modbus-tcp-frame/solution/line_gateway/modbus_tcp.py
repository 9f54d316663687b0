"""Modbus TCP framing: MBAP header and the PDUs of function codes 3, 6 and 16.

Follows the Modbus Application Protocol Specification V1.1b3 and the Modbus
Messaging on TCP/IP Implementation Guide V1.0b: every field is big-endian and
the MBAP length counts the unit id and the PDU.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

READ_HOLDING = 3
WRITE_SINGLE = 6
WRITE_MULTIPLE = 16
SUPPORTED_FUNCTIONS = (READ_HOLDING, WRITE_SINGLE, WRITE_MULTIPLE)
EXCEPTION_FLAG = 0x80
MAX_READ_COUNT = 125
MAX_WRITE_COUNT = 123
MBAP_SIZE = 7
"""Transaction id, protocol id, length and unit id."""
REGISTER_SPACE = 0x10000


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
    _check_block(start, count, MAX_READ_COUNT)
    return _adu(transaction_id, unit_id, struct.pack(">BHH", READ_HOLDING, start, count))


def build_write_single(transaction_id: int, unit_id: int, address: int, value: int) -> bytes:
    _check_word("address", address)
    _check_word("value", value)
    return _adu(transaction_id, unit_id, struct.pack(">BHH", WRITE_SINGLE, address, value))


def build_write_multiple(transaction_id: int, unit_id: int, start: int, values: list[int]) -> bytes:
    _check_block(start, len(values), MAX_WRITE_COUNT)
    for value in values:
        _check_word("value", value)
    header = struct.pack(">BHHB", WRITE_MULTIPLE, start, len(values), 2 * len(values))
    return _adu(transaction_id, unit_id, header + struct.pack(f">{len(values)}H", *values))


def parse_response(adu: bytes) -> Response:
    if len(adu) < MBAP_SIZE + 1:
        raise ValueError(f"an ADU has at least {MBAP_SIZE + 1} bytes, got {len(adu)}")
    transaction_id, protocol_id, length, unit_id = struct.unpack(">HHHB", adu[:MBAP_SIZE])
    if protocol_id != 0:
        raise ValueError(f"protocol id {protocol_id} is not Modbus (0)")
    if length != len(adu) - 6:
        raise ValueError(f"MBAP length {length} but {len(adu) - 6} bytes follow it")
    pdu = adu[MBAP_SIZE:]
    function = pdu[0] & ~EXCEPTION_FLAG
    if function not in SUPPORTED_FUNCTIONS:
        raise ValueError(f"unsupported function code {pdu[0]}")
    if pdu[0] & EXCEPTION_FLAG:
        _check_size(pdu, 2)
        return Response(transaction_id, unit_id, function, exception_code=pdu[1])
    if function == READ_HOLDING:
        return Response(transaction_id, unit_id, function, registers=_registers(pdu))
    _check_size(pdu, 5)
    first, second = struct.unpack(">HH", pdu[1:])
    if function == WRITE_SINGLE:
        return Response(transaction_id, unit_id, function, address=first, value=second)
    return Response(transaction_id, unit_id, function, address=first, count=second)


def check_reply(request: bytes, reply: bytes) -> Response:
    response = parse_response(reply)
    transaction_id, _, _, unit_id, function = struct.unpack(">HHHBB", request[: MBAP_SIZE + 1])
    if response.transaction_id != transaction_id:
        raise ValueError(
            f"reply to transaction {response.transaction_id}, expected {transaction_id}"
        )
    if response.unit_id != unit_id:
        raise ValueError(f"reply from unit {response.unit_id}, expected {unit_id}")
    if response.function != function:
        raise ValueError(f"reply for function {response.function}, expected {function}")
    if function == READ_HOLDING and response.exception_code is None:
        (requested,) = struct.unpack(">H", request[MBAP_SIZE + 3 : MBAP_SIZE + 5])
        if len(response.registers) != requested:
            raise ValueError(f"{len(response.registers)} registers, {requested} requested")
    return response


def _adu(transaction_id: int, unit_id: int, pdu: bytes) -> bytes:
    _check_word("transaction id", transaction_id)
    if not 0 <= unit_id <= 0xFF:
        raise ValueError(f"unit id {unit_id} outside 0..255")
    return struct.pack(">HHHB", transaction_id, 0, len(pdu) + 1, unit_id) + pdu


def _check_word(name: str, value: int) -> None:
    if not 0 <= value <= 0xFFFF:
        raise ValueError(f"{name} {value} outside 0..65535")


def _check_block(start: int, count: int, max_count: int) -> None:
    _check_word("start", start)
    if not 1 <= count <= max_count:
        raise ValueError(f"count {count} outside 1..{max_count}")
    if start + count > REGISTER_SPACE:
        raise ValueError(f"block {start}+{count} runs past register 65535")


def _check_size(pdu: bytes, size: int) -> None:
    if len(pdu) != size:
        raise ValueError(f"function {pdu[0]} PDU has {size} bytes, got {len(pdu)}")


def _registers(pdu: bytes) -> tuple[int, ...]:
    if len(pdu) < 2:
        raise ValueError("function 3 reply without byte count")
    byte_count = pdu[1]
    if byte_count % 2 or byte_count != len(pdu) - 2:
        raise ValueError(f"byte count {byte_count} does not match {len(pdu) - 2} data bytes")
    return struct.unpack(f">{byte_count // 2}H", pdu[2:])
