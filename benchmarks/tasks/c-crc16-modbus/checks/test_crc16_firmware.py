"""Hidden checks of the gateway's CRC-16/MODBUS: compiled with the system C compiler
(-std=c11 -Wall -Werror) into a shared library and called through ctypes."""

import ctypes
import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "src" / "crc16.c"]


def build_library(out: Path) -> ctypes.CDLL:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.fail("no C compiler found: the C checks need `cc` (gcc) on PATH")
    library = out / "libcrc16.so"
    command = [compiler, "-std=c11", "-Wall", "-Werror", "-O2", "-shared", "-fPIC"]
    command += ["-I", str(ROOT / "src"), *map(str, SOURCES), "-o", str(library)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"src/crc16.c does not compile warning-free:\n{done.stderr}")
    return ctypes.CDLL(str(library))


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    library = build_library(tmp_path_factory.mktemp("crc16"))
    library.crc16_modbus.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    library.crc16_modbus.restype = ctypes.c_uint16
    library.modbus_frame_seal.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t]
    library.modbus_frame_seal.restype = ctypes.c_size_t
    library.modbus_frame_valid.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    library.modbus_frame_valid.restype = ctypes.c_bool
    return library


def reference_crc(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def with_crc(body: bytes) -> bytes:
    return body + reference_crc(body).to_bytes(2, "little")


def test_known_check_values(lib: ctypes.CDLL) -> None:
    assert lib.crc16_modbus(b"123456789", 9) == 0x4B37
    assert lib.crc16_modbus(bytes.fromhex("01030000000a"), 6) == 0xCDC5
    assert lib.crc16_modbus(b"", 0) == 0xFFFF
    assert lib.crc16_modbus(None, 0) == 0xFFFF


def test_crc_of_long_and_high_bytes(lib: ctypes.CDLL) -> None:
    data = bytes(random.Random(485).randrange(256) for _ in range(1000))
    assert lib.crc16_modbus(data, len(data)) == reference_crc(data)
    assert lib.crc16_modbus(b"\xff" * 7, 7) == reference_crc(b"\xff" * 7)
    # only the first len bytes count
    assert lib.crc16_modbus(b"\x01\x03\x99", 2) == reference_crc(b"\x01\x03")


def test_seal_appends_low_byte_first(lib: ctypes.CDLL) -> None:
    buffer = ctypes.create_string_buffer(bytes.fromhex("01030000000a"), 8)
    assert lib.modbus_frame_seal(buffer, 6, 8) == 8
    assert buffer.raw == bytes.fromhex("01030000000ac5cd")


def test_seal_longest_frame(lib: ctypes.CDLL) -> None:
    body = bytes([17, 16]) + bytes(range(252))
    buffer = ctypes.create_string_buffer(body, 256)
    assert lib.modbus_frame_seal(buffer, 254, 256) == 256
    assert buffer.raw == with_crc(body)


@pytest.mark.parametrize(("length", "capacity"), [(0, 16), (1, 16), (255, 300), (6, 7), (254, 255)])
def test_seal_refuses_and_leaves_the_buffer_alone(
    lib: ctypes.CDLL, length: int, capacity: int
) -> None:
    original = bytes([1, 3]) + bytes(range(2, 255)) + b"\xaa" * 45
    buffer = ctypes.create_string_buffer(original, 300)
    assert lib.modbus_frame_seal(buffer, length, capacity) == 0
    assert buffer.raw == original


def test_seal_refuses_null(lib: ctypes.CDLL) -> None:
    assert lib.modbus_frame_seal(None, 6, 8) == 0


@pytest.mark.parametrize(
    "frame",
    [
        with_crc(bytes.fromhex("01030000000a")),
        with_crc(bytes([0, 6])),  # broadcast, shortest frame
        with_crc(bytes([247, 3, 2, 0xFF, 0xFE])),
        with_crc(bytes([1, 16]) + bytes(252)),  # 256 bytes
    ],
)
def test_valid_frames(lib: ctypes.CDLL, frame: bytes) -> None:
    assert lib.modbus_frame_valid(frame, len(frame)) is True


@pytest.mark.parametrize(
    "frame",
    [
        bytes.fromhex("01030000000acdc5"),  # CRC high byte first
        bytes.fromhex("01030000000ac5ce"),  # one bit off
        bytes.fromhex("01030000010ac5cd"),  # payload changed
        with_crc(bytes([1])),  # 3 bytes
        with_crc(b""),  # CRC only
        with_crc(bytes([248, 3, 0, 0])),  # unit id 248
        with_crc(bytes([255, 3, 0, 0])),  # unit id 255
        with_crc(bytes([1, 16]) + bytes(253)),  # 257 bytes
    ],
)
def test_invalid_frames(lib: ctypes.CDLL, frame: bytes) -> None:
    assert lib.modbus_frame_valid(frame, len(frame)) is False


def test_valid_checks_only_len_bytes(lib: ctypes.CDLL) -> None:
    frame = with_crc(bytes.fromhex("0106000100ff")) + b"\x12\x34"
    assert lib.modbus_frame_valid(frame, len(frame) - 2) is True
    assert lib.modbus_frame_valid(frame, len(frame)) is False


def test_valid_refuses_null(lib: ctypes.CDLL) -> None:
    assert lib.modbus_frame_valid(None, 8) is False
