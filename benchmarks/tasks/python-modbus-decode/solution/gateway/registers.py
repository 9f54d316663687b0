"""Decoding of Modbus holding registers for the plant gateway."""

import struct


def _pair(registers: list[int], start: int, word_order: str) -> bytes:
    if word_order not in ("big", "little"):
        raise ValueError(f"unknown word order {word_order!r}")
    if start < 0 or start + 1 >= len(registers):
        raise ValueError("not enough registers")
    first, second = registers[start], registers[start + 1]
    for value in (first, second):
        if not 0 <= value <= 0xFFFF:
            raise ValueError(f"register value {value} is not 16-bit")
    high, low = (first, second) if word_order == "big" else (second, first)
    return struct.pack(">HH", high, low)


def decode_float32(registers: list[int], start: int, word_order: str = "big") -> float:
    return float(struct.unpack(">f", _pair(registers, start, word_order))[0])


def decode_int32(registers: list[int], start: int, word_order: str = "big") -> int:
    return int(struct.unpack(">i", _pair(registers, start, word_order))[0])


def scale(raw: float, raw_min: float, raw_max: float, eng_min: float, eng_max: float) -> float:
    if raw_min == raw_max:
        raise ValueError("raw_min and raw_max must differ")
    return eng_min + (raw - raw_min) * (eng_max - eng_min) / (raw_max - raw_min)
