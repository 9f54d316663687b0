import pytest
from gateway.registers import decode_float32, decode_int32, scale


def test_float_big_and_little_word_order() -> None:
    assert decode_float32([0x41C8, 0x0000], 0) == 25.0
    assert decode_float32([0x0000, 0x41C8], 0, "little") == 25.0
    assert decode_float32([7, 0xC2F6, 0xE979], 1) == pytest.approx(-123.456, rel=1e-6)


def test_int32_is_signed() -> None:
    assert decode_int32([0xFFFF, 0xFFFE], 0) == -2
    assert decode_int32([0x0001, 0x0000], 0, "little") == 1
    assert decode_int32([0x0001, 0x86A0], 0) == 100000


def test_scaling() -> None:
    assert scale(13824, 0, 27648, 0.0, 100.0) == pytest.approx(50.0)
    assert scale(0, 0, 27648, -10.0, 10.0) == pytest.approx(-10.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: decode_float32([0x41C8], 0),
        lambda: decode_float32([0x41C8, 0x10000], 0),
        lambda: decode_int32([1, 2], 0, "middle"),
        lambda: decode_int32([1, -1], 0),
        lambda: scale(5, 3, 3, 0.0, 1.0),
    ],
)
def test_bad_input_is_rejected(call) -> None:
    with pytest.raises(ValueError):
        call()
