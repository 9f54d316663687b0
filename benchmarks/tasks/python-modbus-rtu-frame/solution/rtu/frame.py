"""Modbus RTU framing for the serial gateway."""


def crc16(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def build_frame(unit: int, function: int, payload: bytes) -> bytes:
    if not 0 <= unit <= 247:
        raise ValueError(f"unit id {unit} outside 0..247")
    if not 1 <= function <= 127:
        raise ValueError(f"function code {function} outside 1..127")
    body = bytes([unit, function]) + payload
    return body + crc16(body).to_bytes(2, "little")


def parse_frame(frame: bytes) -> tuple[int, int, bytes]:
    if len(frame) < 4:
        raise ValueError("a frame has at least 4 bytes")
    body, crc = frame[:-2], int.from_bytes(frame[-2:], "little")
    if crc16(body) != crc:
        raise ValueError("CRC mismatch")
    if body[0] > 247:
        raise ValueError(f"unit id {body[0]} outside 0..247")
    return body[0], body[1], bytes(body[2:])
