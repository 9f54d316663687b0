"""Decoding of Modbus holding registers for the plant gateway."""


def decode_float32(registers: list[int], start: int, word_order: str = "big") -> float:
    raise NotImplementedError


def decode_int32(registers: list[int], start: int, word_order: str = "big") -> int:
    raise NotImplementedError


def scale(raw: float, raw_min: float, raw_max: float, eng_min: float, eng_max: float) -> float:
    raise NotImplementedError
