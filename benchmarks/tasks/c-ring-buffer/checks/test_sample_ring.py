"""Hidden checks of the SPSC sample ring: ring_driver.c (next to this file) is compiled
with the attempt's src/sample_ring.c by the system C compiler (-std=c11 -Wall -Werror)
and run once per scenario; the two-thread scenarios run again under ThreadSanitizer
where the toolchain supports it, which reports a slot read before it is published."""

import platform
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).resolve().parent / "ring_driver.c"
SOURCES = [DRIVER, ROOT / "src" / "sample_ring.c"]
FLAGS = ["-std=c11", "-Wall", "-Werror", "-pthread"]
RUN_TIMEOUT_S = 20


def compiler() -> str:
    found = shutil.which("cc") or shutil.which("gcc")
    if found is None:
        pytest.fail("no C compiler found: the C checks need `cc` (gcc) on PATH")
    return found


def build(out: Path, extra: list[str]) -> tuple[Path, str]:
    binary = out / "ring_driver"
    command = [compiler(), *FLAGS, *extra, "-I", str(ROOT / "src"), *map(str, SOURCES)]
    done = subprocess.run([*command, "-o", str(binary)], capture_output=True, text=True)
    return binary, done.stderr if done.returncode else ""


def run(prefix: list[str], binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, str(binary), *args], capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    binary, errors = build(tmp_path_factory.mktemp("ring"), ["-O2"])
    if errors:
        pytest.fail(f"src/sample_ring.c does not compile warning-free:\n{errors}")
    return binary


@pytest.fixture(scope="module")
def tsan_driver(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    """The driver built with -fsanitize=thread, and how to start it (some kernels need
    address-space randomisation off for TSan); skipped where TSan cannot run at all."""
    out = tmp_path_factory.mktemp("ring_tsan")
    probe = out / "probe.c"
    probe.write_text("int main(void) { return 0; }\n")
    probe_binary = out / "probe"
    built = subprocess.run(
        [compiler(), "-fsanitize=thread", str(probe), "-o", str(probe_binary)],
        capture_output=True,
    )
    if built.returncode != 0:
        pytest.skip("this toolchain has no ThreadSanitizer")
    prefix: list[str] | None = None
    setarch = shutil.which("setarch")
    candidates = [[], [setarch, platform.machine(), "-R"]] if setarch else [[]]
    for candidate in candidates:
        if run(candidate, probe_binary).returncode == 0:
            prefix = candidate
            break
    if prefix is None:
        pytest.skip("ThreadSanitizer does not run on this machine")
    binary, errors = build(out, ["-O1", "-g", "-fsanitize=thread"])
    if errors:
        pytest.fail(f"src/sample_ring.c does not compile with -fsanitize=thread:\n{errors}")
    return prefix, binary


@pytest.mark.parametrize(
    "scenario",
    [
        "basic",
        "full",
        "wraparound",
        "wrap_while_filled",
        "pop_many",
        "overflow_saturates",
        "init_checks",
    ],
)
def test_single_thread(driver: Path, scenario: str) -> None:
    done = run([], driver, scenario)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("scenario", ["stress_lossless", "stress_lossy"])
def test_producer_and_consumer_threads(driver: Path, scenario: str) -> None:
    done = run([], driver, scenario, "100000")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("scenario", ["stress_lossless", "stress_lossy"])
def test_no_data_race(tsan_driver: tuple[list[str], Path], scenario: str) -> None:
    prefix, binary = tsan_driver
    done = run(prefix, binary, scenario, "20000")
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
