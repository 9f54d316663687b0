"""Hidden checks of the Modbus TCP framing (function codes 3, 6, 16)."""

from typing import Any

import pytest
from line_gateway.modbus_tcp import (
    build_read_holding,
    build_write_multiple,
    build_write_single,
    check_reply,
    parse_response,
)


def adu(hex_text: str) -> bytes:
    return bytes.fromhex(hex_text.replace(" ", ""))


def test_read_request_layout() -> None:
    assert build_read_holding(0x1234, 17, 0x006B, 3) == adu("1234 0000 0006 11 03 006B 0003")
    assert build_read_holding(0, 0, 65411, 125) == adu("0000 0000 0006 00 03 FF83 007D")
    assert build_read_holding(65535, 255, 0, 1) == adu("FFFF 0000 0006 FF 03 0000 0001")


def test_write_single_layout() -> None:
    assert build_write_single(7, 1, 0x0001, 0x0003) == adu("0007 0000 0006 01 06 0001 0003")
    assert build_write_single(8, 1, 0xFFFF, 0xFFFF) == adu("0008 0000 0006 01 06 FFFF FFFF")


def test_write_multiple_layout() -> None:
    assert build_write_multiple(0x0102, 5, 0x0001, [0x000A, 0x0102]) == adu(
        "0102 0000 000B 05 10 0001 0002 04 000A 0102"
    )
    request = build_write_multiple(1, 1, 65536 - 123, [0x8000] * 123)
    assert len(request) == 7 + 6 + 246
    assert request[4:6] == (1 + 6 + 246).to_bytes(2, "big")
    assert request[12] == 246
    assert request[-2:] == b"\x80\x00"


@pytest.mark.parametrize(
    "call",
    [
        lambda: build_read_holding(65536, 1, 0, 1),
        lambda: build_read_holding(-1, 1, 0, 1),
        lambda: build_read_holding(1, 256, 0, 1),
        lambda: build_read_holding(1, -1, 0, 1),
        lambda: build_read_holding(1, 1, 0, 0),
        lambda: build_read_holding(1, 1, 0, 126),
        lambda: build_read_holding(1, 1, 65536, 1),
        lambda: build_read_holding(1, 1, -1, 1),
        lambda: build_read_holding(1, 1, 65500, 100),
        lambda: build_write_single(1, 1, 65536, 0),
        lambda: build_write_single(1, 1, 0, 65536),
        lambda: build_write_single(1, 1, 0, -1),
        lambda: build_write_multiple(1, 1, 0, []),
        lambda: build_write_multiple(1, 1, 0, [0] * 124),
        lambda: build_write_multiple(1, 1, 0, [1, 70000]),
        lambda: build_write_multiple(1, 1, 0, [-5]),
        lambda: build_write_multiple(1, 1, 65535, [1, 2]),
    ],
)
def test_builders_reject_bad_arguments(call: Any) -> None:
    with pytest.raises(ValueError):
        call()


def test_block_ending_at_the_last_register_is_allowed() -> None:
    assert build_read_holding(1, 1, 65535, 1)[-4:] == adu("FFFF 0001")
    assert build_write_multiple(1, 1, 65535, [9])[-7:] == adu("FFFF 0001 02 0009")


def test_parse_read_reply_is_unsigned_big_endian() -> None:
    response = parse_response(adu("1234 0000 0009 11 03 06 022B 0000 FFFE"))
    assert response.transaction_id == 0x1234
    assert response.unit_id == 17
    assert response.function == 3
    assert response.registers == (0x022B, 0, 0xFFFE)
    assert response.exception_code is None


def test_parse_write_replies() -> None:
    single = parse_response(adu("0007 0000 0006 01 06 0001 8003"))
    assert (single.function, single.address, single.value) == (6, 1, 0x8003)
    assert single.exception_code is None
    multiple = parse_response(adu("0102 0000 0006 05 10 0001 0002"))
    assert (multiple.function, multiple.address, multiple.count) == (16, 1, 2)


@pytest.mark.parametrize(
    ("hex_text", "function", "code"),
    [
        ("0001 0000 0003 01 83 02", 3, 2),
        ("0002 0000 0003 01 86 04", 6, 4),
        ("0003 0000 0003 01 90 0B", 16, 11),
    ],
)
def test_exception_replies_are_returned(hex_text: str, function: int, code: int) -> None:
    response = parse_response(adu(hex_text))
    assert response.function == function
    assert response.exception_code == code
    assert response.registers == ()


@pytest.mark.parametrize(
    "hex_text",
    [
        "0001 0000 0003 01",  # too short
        "0001 0001 0005 01 03 02 0001",  # protocol id not 0
        "0001 0000 0006 01 03 02 0001",  # length says one byte more than received
        "0001 0000 0004 01 03 02 0001",  # length says one byte less than received
        "0001 0000 0005 01 03 03 0001",  # byte count does not match the data
        "0001 0000 0006 01 03 03 0001 00",  # odd byte count
        "0001 0000 0005 01 04 02 0001",  # function 4 is not supported
        "0001 0000 0003 01 84 02",  # exception of an unsupported function
        "0001 0000 0004 01 06 0001",  # function 6 reply too short
        "0001 0000 0007 01 10 0001 0002 00",  # function 16 reply too long
        "0001 0000 0004 01 83 02 00",  # exception reply too long
    ],
)
def test_parse_rejects_malformed_replies(hex_text: str) -> None:
    with pytest.raises(ValueError):
        parse_response(adu(hex_text))


def test_check_reply_accepts_the_matching_reply() -> None:
    request = build_read_holding(0x4711, 3, 100, 2)
    response = check_reply(request, adu("4711 0000 0007 03 03 04 0001 0002"))
    assert response.registers == (1, 2)
    exception = check_reply(request, adu("4711 0000 0003 03 83 02"))
    assert exception.exception_code == 2
    write = build_write_multiple(0x0100, 3, 10, [1, 2, 3])
    assert check_reply(write, adu("0100 0000 0006 03 10 000A 0003")).count == 3


@pytest.mark.parametrize(
    "reply",
    [
        "1147 0000 0007 03 03 04 0001 0002",  # transaction id byte-swapped
        "4712 0000 0007 03 03 04 0001 0002",  # a later transaction
        "4711 0000 0007 04 03 04 0001 0002",  # another unit
        "4711 0000 0006 03 06 0064 0001",  # another function
        "4711 0000 0005 03 03 02 0001",  # fewer registers than requested
        "4711 0000 0003 03 86 02",  # exception of another function
    ],
)
def test_check_reply_rejects_a_mismatch(reply: str) -> None:
    with pytest.raises(ValueError):
        check_reply(build_read_holding(0x4711, 3, 100, 2), adu(reply))
