"""Differential simulation catches a refactoring that changes behaviour, and accepts one that
does not."""

from __future__ import annotations

import shutil
from pathlib import Path

from werk.benchmarks.harness import TASKS_ROOT, load_task, run_checks

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
