"""Failure categories from real checks: a file that does not parse, a violated property, a
differential check that is itself broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from werk.benchmarks.harness import TASKS_ROOT, failure_category, load_task, run_checks

TANK = load_task(TASKS_ROOT / "implement-tank-level")
RAMP = load_task(TASKS_ROOT / "refactor-speed-ramp")


def _attempt(tmp_path: Path) -> Path:
    root = tmp_path / "attempt"
    shutil.copytree(TANK.repo, root)
    shutil.copytree(TANK.solution, root, dirs_exist_ok=True)
    return root


def test_a_file_that_does_not_parse_did_not_compile(tmp_path: Path) -> None:
    root = _attempt(tmp_path)
    fb = root / "plc" / "fb_tank_level.st"
    fb.write_text(fb.read_text().replace("END_IF\nEND_FUNCTION_BLOCK", "END_FUNCTION_BLOCK"))
    results = run_checks(root, TANK.checks)
    assert any(r.kind == "syntax" and not r.passed for r in results)
    assert failure_category(results) == "did_not_compile"


def test_only_a_violated_property_is_named_so(tmp_path: Path) -> None:
    root = _attempt(tmp_path)
    checks = tmp_path / "checks"
    shutil.copytree(TANK.checks, checks)
    (checks / "tank_level.trace.yaml").unlink()
    fb = root / "plc" / "fb_tank_level.st"
    fb.write_text(fb.read_text().replace("IF NOT bAuto OR bSupplyLow THEN", "IF NOT bAuto THEN"))
    results = run_checks(root, checks)
    assert [(r.kind, r.passed) for r in results] == [("property", False)]
    assert results[0].detail.startswith("violated")
    assert failure_category(results) == "violated_property"
    assert (root / ".bench_checks" / "tank_level.props.yaml").is_file()


@pytest.mark.parametrize(
    ("broken", "detail"),
    [
        (("bRun: bool", "bRunning: bool"), "FB_SpeedRamp has no input 'bRunning'"),
        (("nAccel: [1, 200]", "nAccel: [200, 1]"), "needs finite bounds, low <= high"),
        (("outputs: [nSpeed,", "outputs: [nSpeedy,"), "output nSpeedy: the original"),
    ],
)
def test_a_broken_differential_spec_is_defective_not_the_models_failure(
    tmp_path: Path, broken: tuple[str, str], detail: str
) -> None:
    root = tmp_path / "attempt"
    shutil.copytree(RAMP.repo, root)
    shutil.copytree(RAMP.solution, root, dirs_exist_ok=True)
    checks = tmp_path / "checks"
    shutil.copytree(RAMP.checks, checks)
    spec = checks / "speed_ramp.diff.yaml"
    assert broken[0] in spec.read_text()
    spec.write_text(spec.read_text().replace(*broken))
    results = run_checks(root, checks)
    (differential,) = [r for r in results if r.kind == "differential"]
    assert (differential.passed, differential.defective) == (False, True)
    assert detail in differential.detail
    assert failure_category(results) is None


def test_a_refactoring_that_changes_behaviour_is_not_defective(tmp_path: Path) -> None:
    root = tmp_path / "attempt"
    shutil.copytree(RAMP.repo, root)
    shutil.copytree(RAMP.solution, root, dirs_exist_ok=True)
    fb = root / "plc" / "fb_speed_ramp.st"
    fb.write_text(fb.read_text().replace("nSpeed, 0, nBrake", "nSpeed, 0, nAccel"))
    (differential,) = [r for r in run_checks(root, RAMP.checks) if r.kind == "differential"]
    assert (differential.passed, differential.defective) == (False, False)


def test_a_failing_test_names_its_file_relative_to_the_attempt(tmp_path: Path) -> None:
    jog = load_task(TASKS_ROOT / "feature-conveyor-jog")
    root = tmp_path / "attempt"
    shutil.copytree(jog.repo, root)  # no jog mode yet: the scenarios name missing inputs
    results = run_checks(root, jog.checks)
    details = [r.detail for r in results if r.kind == "st-test" and not r.passed]
    assert any(".bench_checks/main.scenario.yaml:" in detail for detail in details), details
    assert not any(str(tmp_path) in detail for detail in details)
