"""Differential simulation catches a refactoring that changes behaviour, and accepts one that
does not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.benchmarks.harness.test_differential_inputs import FB_PUMP
from werk.benchmarks.harness import TASKS_ROOT, load_task, run_checks
from werk.benchmarks.harness.differential import DiffSpecError, read_diff_spec, run_differential
from werk.tools.st.loader import load_project

TASK = load_task(TASKS_ROOT / "refactor-speed-ramp")


def _differential(root: Path) -> dict[str, object]:
    (result,) = [check for check in run_checks(root, TASK.checks) if check.kind == "differential"]
    return result.to_json()


def test_the_reference_refactoring_behaves_like_the_original(tmp_path: Path) -> None:
    shutil.copytree(TASK.repo, tmp_path / "r")
    shutil.copytree(TASK.solution, tmp_path / "r", dirs_exist_ok=True)
    assert _differential(tmp_path / "r")["passed"]


def test_a_changed_brake_ramp_is_caught(tmp_path: Path) -> None:
    shutil.copytree(TASK.repo, tmp_path / "r")
    shutil.copytree(TASK.solution, tmp_path / "r", dirs_exist_ok=True)
    fb = tmp_path / "r" / "plc" / "fb_speed_ramp.st"
    fb.write_text(
        fb.read_text().replace("F_RampStep(nSpeed, 0, nBrake)", "F_RampStep(nSpeed, 0, nAccel)")
    )
    result = _differential(tmp_path / "r")
    assert not result["passed"]
    assert "nSpeed is" in str(result["detail"]) and "the original gives" in str(result["detail"])


# --- the spec against the original FB -------------------------------------------------------


def _write_check(
    tmp_path: Path,
    inputs: dict[str, object],
    *,
    pt: str = "500MS",
    original: str = FB_PUMP.replace("{pt}", "500MS"),
    refactored: str | None = None,
    outputs: tuple[str, ...] = ("bPump", "rDemand"),
) -> Path:
    """A differential check of FB_Pump against itself (``new/`` holds the candidate)."""
    reference = tmp_path / "checks" / "differential"
    reference.mkdir(parents=True)
    (reference / "fb_pump.st").write_text(original)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "fb_pump.st").write_text(refactored or FB_PUMP.replace("{pt}", pt))
    spec = {
        "fb": "FB_Pump",
        "reference": ["differential/fb_pump.st"],
        "cycles": 1000,
        "seed": 5,
        "inputs": inputs,
        "outputs": list(outputs),
    }
    path = tmp_path / "checks" / "pump.diff.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def _run(path: Path) -> str | None:
    candidate, _ = load_project(path.parent.parent / "new")
    return run_differential(read_diff_spec(path), candidate)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"bStrat": "bool"}, "FB_Pump has no input 'bStrat' (its inputs: bStart, bRun,"),
        ({"bPump": "bool"}, "bPump is a VAR_OUTPUT of FB_Pump, not an input"),
        ({"nMode": "bool"}, "input nMode has type INT: {bool: 0.5} draws TRUE and FALSE"),
        ({"nMode": [0.0, 5.0]}, "nMode has type INT: [0.0, 5.0] draws real numbers"),
        ({"nMode": [0, 40000]}, "nMode has type INT (-32768..32767): it cannot take [0, 40000]"),
        ({"nLevel": -1}, "nLevel has type UINT (0..65535): it cannot take -1"),
        ({"nMode": 2.5}, "nMode is a INT: set it to an int"),
        ({"bRun": 1}, "bRun is a BOOL: set it to True or False"),
        ({"bStart": [0, 1]}, "bStart has type BOOL: [0, 1] draws whole numbers"),
        ({"rSetpoint": True}, "rSetpoint is a REAL: set it to a number"),
    ],
)
def test_a_spec_the_original_cannot_take_is_an_error_of_the_check(
    tmp_path: Path, inputs: dict[str, object], message: str
) -> None:
    path = _write_check(tmp_path, inputs)
    with pytest.raises(DiffSpecError, match=re.escape(message)) as caught:
        _run(path)
    assert caught.value.message.startswith(f"{path}: input ")


def test_every_form_drives_the_original_and_an_equal_copy_passes(tmp_path: Path) -> None:
    path = _write_check(
        tmp_path,
        {
            "bStart": {"bool": 0.5, "hold": [20, 200]},
            "bRun": {"bool": 0.95},
            "nMode": 3,
            "rSetpoint": {"range": [0.0, 100.0], "hold": 10},
            "tDelay": [0, 1000],
            "nLevel": [0, 65535],
        },
    )
    assert _run(path) is None


def test_a_timer_changed_past_the_usual_input_changes_is_caught_only_with_hold(
    tmp_path: Path,
) -> None:
    """A start that stays TRUE 50 cycles is rare when inputs redraw three cycles in ten;
    held for 20..200 cycles, it is common, and the longer delay shows."""
    held = _write_check(tmp_path / "held", {"bStart": {"bool": 0.5, "hold": [20, 200]}}, pt="1S")
    plain = _write_check(tmp_path / "plain", {"bStart": "bool"}, pt="1S")
    for path in (held, plain):
        text = path.read_text().replace("inputs:", "inputs:\n  bRun: true\n  nMode: 3")
        path.write_text(text)
    assert _run(plain) is None
    difference = _run(held)
    assert difference is not None and "bPump is False, the original gives True" in difference


# --- whose fault: the check's or the refactoring's -----------------------------------------

DIVIDER = FB_PUMP.replace("{pt}", "500MS").replace(
    "tonStart.Q AND nMode = 3", "100 / nMode = 33 AND tonStart.Q"
)
"""FB_Pump dividing by ``nMode``: the same outputs for 1..3, a fault when a cycle feeds 0."""


def test_an_original_that_does_not_simulate_is_a_defect_of_the_check(tmp_path: Path) -> None:
    path = _write_check(tmp_path, {"bStart": "bool"}, original="FUNCTION_BLOCK FB_Other\n")
    with pytest.raises(DiffSpecError, match="cannot simulate the original FB_Pump"):
        _run(path)


def test_an_original_that_faults_on_the_inputs_drawn_is_a_defect_of_the_check(
    tmp_path: Path,
) -> None:
    path = _write_check(tmp_path, {"nMode": [0, 3]}, original=DIVIDER, refactored=DIVIDER)
    with pytest.raises(DiffSpecError, match="the original FB_Pump faults on the inputs") as caught:
        _run(path)
    assert caught.value.message.startswith(f"{path}: cycle ")


def test_an_output_the_original_lacks_is_a_defect_of_the_check(tmp_path: Path) -> None:
    path = _write_check(tmp_path, {"bStart": "bool"}, outputs=("bPump", "bMotor"))
    with pytest.raises(DiffSpecError, match="output bMotor: the original FB_Pump has none"):
        _run(path)


def test_a_refactored_fb_that_faults_or_lacks_an_output_fails_the_check(tmp_path: Path) -> None:
    faults = _write_check(tmp_path / "faults", {"nMode": [0, 3]}, refactored=DIVIDER)
    difference = _run(faults)
    assert difference is not None and "the refactored FB_Pump:" in difference
    renamed = FB_PUMP.replace("{pt}", "500MS").replace("rDemand", "rDemanded")
    lacks = _write_check(tmp_path / "lacks", {"bStart": "bool"}, refactored=renamed)
    difference = _run(lacks)
    assert difference is not None and difference.startswith("rDemand: ")
