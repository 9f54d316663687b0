"""Hidden checks of the fixed-point analog scaling: src/ai_scale.c is compiled with the
system C compiler (-std=c11 -Wall -Werror, and -mgeneral-regs-only where the target has
it, so floating point does not compile) into a shared library called through ctypes."""

import ctypes
import platform
import random
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "src" / "ai_scale.c"]
AI_OK, AI_UNDERRANGE, AI_OVERRANGE, AI_WIRE_BREAK, AI_CONFIG_ERROR = range(5)
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
SENTINEL = 123_456_789


class Config(ctypes.Structure):
    _fields_ = [  # the layout of ai_scale_cfg_t
        ("raw_min", ctypes.c_int16),
        ("raw_max", ctypes.c_int16),
        ("wire_break_below", ctypes.c_int16),
        ("eng_min", ctypes.c_int32),
        ("eng_max", ctypes.c_int32),
        ("substitute", ctypes.c_int32),
    ]


def build_library(out: Path) -> ctypes.CDLL:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.fail("no C compiler found: the C checks need `cc` (gcc) on PATH")
    library = out / "libai_scale.so"
    command = [compiler, "-std=c11", "-Wall", "-Werror", "-O2", "-shared", "-fPIC"]
    if platform.machine().lower() in {"x86_64", "amd64", "aarch64", "arm64"}:
        command.append("-mgeneral-regs-only")  # any float/double arithmetic fails to build
    command += ["-I", str(ROOT / "src"), *map(str, SOURCES), "-o", str(library)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"src/ai_scale.c does not build (warnings, or floating point):\n{done.stderr}")
    return ctypes.CDLL(str(library))


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    library = build_library(tmp_path_factory.mktemp("ai_scale"))
    library.ai_scale.argtypes = [
        ctypes.POINTER(Config),
        ctypes.c_int16,
        ctypes.POINTER(ctypes.c_int32),
    ]
    library.ai_scale.restype = ctypes.c_int
    library.ao_unscale.argtypes = [
        ctypes.POINTER(Config),
        ctypes.c_int32,
        ctypes.POINTER(ctypes.c_int16),
    ]
    library.ao_unscale.restype = ctypes.c_int
    return library


def config(
    raw: tuple[int, int], eng: tuple[int, int], wire_break: int = -32768, substitute: int = 0
) -> Config:
    return Config(raw[0], raw[1], wire_break, eng[0], eng[1], substitute)


def scale(lib: ctypes.CDLL, cfg: Config, raw: int) -> tuple[int, int]:
    value = ctypes.c_int32(SENTINEL)
    status = lib.ai_scale(ctypes.byref(cfg), raw, ctypes.byref(value))
    return status, value.value


def unscale(lib: ctypes.CDLL, cfg: Config, value: int) -> tuple[int, int]:
    raw = ctypes.c_int16(-12345)
    status = lib.ao_unscale(ctypes.byref(cfg), value, ctypes.byref(raw))
    return status, raw.value


def round_half_away(exact: Fraction) -> int:
    whole = int(abs(exact) + Fraction(1, 2))
    return whole if exact >= 0 else -whole


def expected_value(cfg: Config, raw: int) -> int:
    exact = cfg.eng_min + Fraction(
        (raw - cfg.raw_min) * (cfg.eng_max - cfg.eng_min), cfg.raw_max - cfg.raw_min
    )
    return round_half_away(exact)


def expected_raw(cfg: Config, value: int) -> int:
    exact = cfg.raw_min + Fraction(
        (value - cfg.eng_min) * (cfg.raw_max - cfg.raw_min), cfg.eng_max - cfg.eng_min
    )
    return round_half_away(exact)


PRESSURE = config((0, 27648), (0, 1600), wire_break=-4864, substitute=-1)


@pytest.mark.parametrize(
    ("raw", "value"), [(0, 0), (13824, 800), (27648, 1600), (1, 0), (9, 1), (27647, 1600)]
)
def test_s7_current_range(lib: ctypes.CDLL, raw: int, value: int) -> None:
    assert scale(lib, PRESSURE, raw) == (AI_OK, value)


@pytest.mark.parametrize(
    ("raw", "result"),
    [
        (-4865, (AI_WIRE_BREAK, -1)),
        (-32768, (AI_WIRE_BREAK, -1)),
        (-4864, (AI_UNDERRANGE, 0)),
        (-1, (AI_UNDERRANGE, 0)),
        (27649, (AI_OVERRANGE, 1600)),
        (32767, (AI_OVERRANGE, 1600)),
    ],
)
def test_out_of_range_saturates(lib: ctypes.CDLL, raw: int, result: tuple[int, int]) -> None:
    assert scale(lib, PRESSURE, raw) == result


@pytest.mark.parametrize(
    ("eng", "value"),
    [
        ((0, 1), 1),  # 0.5 -> 1
        ((0, -1), -1),  # -0.5 -> -1
        ((-10, -9), -10),  # -9.5 -> -10: the whole sum is rounded
        ((10, 9), 10),  # 9.5 -> 10
        ((-1, 0), -1),  # -0.5 -> -1
        ((-3, 2), -1),  # -0.5 -> -1
        ((3, -2), 1),  # 0.5 -> 1
    ],
)
def test_exact_halves_round_away_from_zero(
    lib: ctypes.CDLL, eng: tuple[int, int], value: int
) -> None:
    assert scale(lib, config((0, 2), eng), 1) == (AI_OK, value)


def test_products_beyond_int32(lib: ctypes.CDLL) -> None:
    flow = config((0, 27648), (0, 100000))
    assert scale(lib, flow, 27000) == (AI_OK, 97656)
    assert scale(lib, flow, 27648) == (AI_OK, 100000)
    widest = config((-32768, 32767), (INT32_MIN, INT32_MAX))
    assert scale(lib, widest, -32768) == (AI_OK, INT32_MIN)
    assert scale(lib, widest, 32767) == (AI_OK, INT32_MAX)
    assert scale(lib, widest, 0) == (AI_OK, expected_value(widest, 0))
    inverted = config((-32768, 32767), (INT32_MAX, INT32_MIN))
    assert scale(lib, inverted, -1) == (AI_OK, expected_value(inverted, -1))


def test_against_exact_arithmetic(lib: ctypes.CDLL) -> None:
    rng = random.Random(61131)
    for _ in range(3000):
        raw_min, raw_max = sorted(rng.sample(range(-32768, 32768), 2))
        eng_min, eng_max = rng.sample(range(INT32_MIN, INT32_MAX + 1), 2)
        if rng.random() < 0.5:  # small ranges: many exact halves
            eng_min, eng_max = rng.sample(range(-50, 51), 2)
            raw_max = raw_min + rng.choice([2, 4, 10, 100])
        cfg = config((raw_min, raw_max), (eng_min, eng_max))
        raw = rng.randint(raw_min, raw_max)
        context = (raw, raw_min, raw_max, eng_min, eng_max)
        assert scale(lib, cfg, raw) == (AI_OK, expected_value(cfg, raw)), context


@pytest.mark.parametrize(
    "cfg",
    [config((100, 100), (0, 1000)), config((100, 50), (0, 1000)), config((0, 27648), (5, 5))],
)
def test_bad_config_writes_nothing(lib: ctypes.CDLL, cfg: Config) -> None:
    assert scale(lib, cfg, 100) == (AI_CONFIG_ERROR, SENTINEL)
    assert unscale(lib, cfg, 100) == (AI_CONFIG_ERROR, -12345)


def test_null_pointers(lib: ctypes.CDLL) -> None:
    value = ctypes.c_int32(SENTINEL)
    assert lib.ai_scale(None, 100, ctypes.byref(value)) == AI_CONFIG_ERROR
    assert value.value == SENTINEL
    assert lib.ai_scale(ctypes.byref(PRESSURE), 100, None) == AI_CONFIG_ERROR
    raw = ctypes.c_int16(7)
    assert lib.ao_unscale(None, 100, ctypes.byref(raw)) == AI_CONFIG_ERROR
    assert raw.value == 7
    assert lib.ao_unscale(ctypes.byref(PRESSURE), 100, None) == AI_CONFIG_ERROR


VALVE = config((0, 27648), (0, 10000))


@pytest.mark.parametrize(
    ("value", "result"),
    [
        (0, (AI_OK, 0)),
        (5000, (AI_OK, 13824)),
        (10000, (AI_OK, 27648)),
        (1, (AI_OK, 3)),  # 2.7648
        (9999, (AI_OK, 27645)),  # 27645.2352
        (-5, (AI_UNDERRANGE, 0)),
        (INT32_MIN, (AI_UNDERRANGE, 0)),
        (10005, (AI_OVERRANGE, 27648)),
        (INT32_MAX, (AI_OVERRANGE, 27648)),
    ],
)
def test_unscale_valve_output(lib: ctypes.CDLL, value: int, result: tuple[int, int]) -> None:
    assert unscale(lib, VALVE, value) == result


def test_unscale_inverted_and_halves(lib: ctypes.CDLL) -> None:
    assert unscale(lib, config((0, 27648), (10000, 0)), 2500) == (AI_OK, 20736)
    assert unscale(lib, config((0, 1), (0, 2)), 1) == (AI_OK, 1)  # 0.5
    assert unscale(lib, config((-1, 0), (0, 2)), 1) == (AI_OK, -1)  # -0.5
    assert unscale(lib, config((-1, 0), (2, 0)), 1) == (AI_OK, -1)  # -0.5, inverted


def test_unscale_against_exact_arithmetic(lib: ctypes.CDLL) -> None:
    rng = random.Random(27648)
    for _ in range(3000):
        raw_min, raw_max = sorted(rng.sample(range(-32768, 32768), 2))
        eng_min, eng_max = rng.sample(range(INT32_MIN, INT32_MAX + 1), 2)
        cfg = config((raw_min, raw_max), (eng_min, eng_max))
        value = rng.randint(min(eng_min, eng_max), max(eng_min, eng_max))
        assert unscale(lib, cfg, value) == (AI_OK, expected_raw(cfg, value))
