"""Modbus RTU framing for the serial gateway."""


def crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
    return crc


def build_frame(unit: int, function: int, payload: bytes) -> bytes:
    raise NotImplementedError


def parse_frame(frame: bytes) -> tuple[int, int, bytes]:
    raise NotImplementedError
