"""The process image: address parsing, overlapping views, little-endian words."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import simulate
from werk.tools.errors import UsageError
from werk.tools.st.sim import IoAddress, IoImage
from werk.tools.st.sim.iec.types import spec


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%IX0.1", IoAddress("I", "X", 0, 1)),
        ("%qw4", IoAddress("Q", "W", 4)),
        ("%MD10", IoAddress("M", "D", 10)),
        ("%IB3", IoAddress("I", "B", 3)),
        ("%ML8", IoAddress("M", "L", 8)),
        ("%I2.7", IoAddress("I", "X", 2, 7)),  # no size and a bit: a bit address
    ],
)
def test_parse(text: str, expected: IoAddress) -> None:
    assert IoAddress.parse(text) == expected


@pytest.mark.parametrize("text", ["%IX0", "%IX0.8", "%QW1.2", "%Z0", "IX0.0", "%I*", "%M5"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        IoAddress.parse(text)


def test_bits_bytes_and_words_overlap_little_endian() -> None:
    image = IoImage()
    image.write("%MX0.1", True)
    assert image.read("%MB0") == 2  # bit 1 of byte 0
    image.write("%MB1", 0x12)
    assert image.read("%MW0") == 0x1202  # %MB0 is the low byte, %MB1 the high byte
    image.write("%MD0", 0xAABBCCDD)
    assert [image.read(f"%MB{i}") for i in range(4)] == [0xDD, 0xCC, 0xBB, 0xAA]
    assert image.read("%MW1") == 0xBBCC  # byte addresses: %MW1 covers %MB1 and %MB2
    assert image.read("%MX0.0") is True  # 16#DD = 2#1101_1101
    assert image.read("%MX0.1") is False
    image.write("%ML8", -1)
    assert image.read("%ML8") == 2**64 - 1  # raw reads are unsigned


def test_usage_errors() -> None:
    image = IoImage()
    with pytest.raises(UsageError):
        image.read("%QX0")
    with pytest.raises(UsageError):
        image.write("%QW0", 1.5)


def test_located_variables_share_the_image() -> None:
    sim = simulate("io.st", programs=["IoMain"])
    sim.set("%IX0.0", True)  # bStart
    sim.set("%IW2", 100)  # nSetpoint
    sim.cycle()
    assert sim.get("bMotor") is True and sim.get("%QX0.0") is True
    assert sim.get("byOutputs") == 1  # %QB0 holds %QX0.0
    assert sim.get("%QW2") == 200  # nSpeedOut := nSetpoint * 2
    # xFlag (%MX0.1) is bit 1 of byFlags (%MB0); the program ORs bit 7 in: 2 + 128.
    assert sim.get("byFlags") == 130
    assert sim.get("wFlags") == 130 and sim.get("dwFlags") == 130
    assert sim.get("rScaled") == 10.0  # 100 / 10.0
    assert sim.get("%MD4") == 0x41200000  # 10.0 as an IEEE single
    assert sim.get("nPreset") == -2 and sim.get("%MW8") == 0xFFFE  # initial value in the image
    assert sim.get("IoMain.nSeen") == -2
    assert sim.get("IoMain.bRaw") is True  # x := %IX0.0 in code
    assert sim.get("%QX1.7") is True and sim.get("%QB1") == 0x80
    assert sim.get("IoMain.wRaw") == 130  # %MW0 read in code


def test_inputs_are_not_reset_by_the_program_but_cleared_by_a_cold_restart() -> None:
    sim = simulate("io.st", programs=["IoMain"])
    sim.set("%IX0.0", True)
    sim.set("io.bStop", True)  # the same image bit, by its GVL path
    sim.cycle()
    assert sim.get("%IX0.1") is True
    assert sim.get("bMotor") is False  # bStart AND NOT bStop
    sim.warm_restart()
    assert sim.get("%IX0.0") is True  # inputs belong to the process
    assert sim.get("%MW8") == 0xFFFE
    sim.cold_restart()
    assert sim.get("%IX0.0") is False
    assert sim.get("%MW8") == 0xFFFE  # initial values are written again


def test_an_address_left_to_the_io_configuration_is_plain_storage() -> None:
    sim = simulate("io.st", programs=["IoMain"])
    sim.set("bLinked", True)  # AT %I*: set by path, not through the image
    sim.cycle()
    assert sim.get("IoMain.bEcho") is True
    assert sim.get("%IB0") == 0


def test_inputs_are_read_from_the_process_every_cycle() -> None:
    """Writing an input does not stick: the next input scan brings the process value back."""
    sim = simulate("io.st", programs=["Consume"])
    sim.set("%IX0.0", True)  # the button is held
    sim.cycle()
    assert sim.get("bStart") is False  # the program cleared the image bit...
    sim.cycle()
    assert sim.get("Consume.nPresses") == 2  # ...but the button was still pressed
    sim.set("bStart", False)  # released (by path: the process side too)
    sim.cycle()
    assert sim.get("Consume.nPresses") == 2


def test_located_arrays_lie_element_after_element_little_endian() -> None:
    sim = simulate("io_arrays.st", programs=["IoArrays"])
    assert sim.unsupported == []
    sim.set("%IW10", 100)  # aRaw[1]
    sim.set("%IW12", 0xFFFF)  # aRaw[2]: -1 as an INT
    sim.set("aRaw[6]", 7)  # by path: %IW20
    assert sim.get("aRaw") == [100, -1, 0, 0, 0, 7]
    assert sim.get("%IW20") == 7
    sim.cycle()
    assert sim.get("IoArrays.nSum") == 106
    assert sim.get("IoArrays.aCopy") == [100, -1, 0, 0, 0, 7]  # a whole located array copied
    assert sim.get("aScaled") == [10.0, 106.0]
    assert sim.get("%QD20") == 0x41200000  # aScaled[0] = 10.0 as an IEEE single
    assert sim.get("%QD24") == 0x42D40000  # aScaled[1] = 106.0, four bytes on
    assert sim.get("aCounts") == [1, 2, 4]  # initial values written to the image
    assert [sim.get(f"%MB{byte}") for byte in (40, 41, 42)] == [1, 2, 4]
    assert sim.get("%MW54") == 0xABCD  # aGrid[2, 1]: row-major, the third WORD from %MW50
    assert sim.get("%MB54") == 0xCD  # the low byte first
    assert sim.get("aGrid") == [[0, 0], [0xABCD, 0]]


def test_located_input_arrays_belong_to_the_process() -> None:
    sim = simulate("io_arrays.st", programs=["IoArrays"])
    sim.set("aRaw", [1, 2, 3, 4, 5, 6])  # the whole array by path: the process side too
    sim.cycle()
    sim.cycle()  # a second input scan keeps what the test set
    assert sim.get("IoArrays.nSum") == 21
    sim.warm_restart()
    assert sim.get("aRaw") == [1, 2, 3, 4, 5, 6]
    sim.cold_restart()
    assert sim.get("aRaw") == [0] * 6
    assert sim.get("aCounts") == [1, 2, 3]  # initial values are written again


def test_located_bool_arrays_are_refused() -> None:
    # CODESYS gives each BOOL of an array a whole byte: neither address form says that.
    sim = simulate("io_arrays.st", programs=["BoolArrays"])
    assert [item.what for item in sim.unsupported] == [
        "a ARRAY[0..7] OF BOOL located at %IX0.0 "
        "(an array needs a byte address, not the bit address %IX0.0)",
        "a ARRAY[0..7] OF BOOL located at %MB60 "
        "(an ARRAY OF BOOL takes a byte per element: not laid out)",
    ]


def test_image_sequence_reads_and_writes_the_image() -> None:
    image = IoImage()
    dint = spec("DINT")
    assert dint is not None
    elements = image.sequence(IoAddress.parse("%ID4"), dint, 2)
    elements[1] = -2
    assert image.read("%ID8") == 0xFFFFFFFE and image.read("%IB8") == 0xFE
    assert list(elements) == [0, -2] and elements[:] == [0, -2]
    image.latch_inputs()  # only the process side survives the input scan
    assert list(elements) == [0, 0]
    elements.process_side()[1] = 5
    image.latch_inputs()
    assert elements[1] == 5
    with pytest.raises(IndexError):
        elements[2]
    with pytest.raises(ValueError, match="bit address"):
        image.sequence(IoAddress.parse("%QX0.0"), dint, 2)
