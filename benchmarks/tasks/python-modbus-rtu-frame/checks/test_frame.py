import pytest
from rtu.frame import build_frame, crc16, parse_frame

READ_REQUEST = bytes.fromhex("01030000000a")  # unit 1, read 10 holding registers from 0


def test_crc_of_known_frames() -> None:
    assert crc16(READ_REQUEST) == 0xCDC5
    assert crc16(b"") == 0xFFFF
    assert crc16(bytes.fromhex("110300")) == crc16(bytes.fromhex("110300"))


def test_build_and_parse_round_trip() -> None:
    frame = build_frame(1, 3, bytes.fromhex("0000000a"))
    assert frame == READ_REQUEST + bytes([0xC5, 0xCD])
    assert parse_frame(frame) == (1, 3, bytes.fromhex("0000000a"))


@pytest.mark.parametrize(
    "frame",
    [b"\x01\x03\x00", READ_REQUEST + b"\xc5\xce", bytes([248, 3]) + b"\x00\x00"],
)
def test_bad_frames(frame: bytes) -> None:
    with pytest.raises(ValueError):
        parse_frame(frame)


@pytest.mark.parametrize(("unit", "function"), [(248, 3), (-1, 3), (1, 0), (1, 128)])
def test_bad_headers(unit: int, function: int) -> None:
    with pytest.raises(ValueError):
        build_frame(unit, function, b"")
