"""Failure categories from real checks: a file that does not parse, a violated property."""

from __future__ import annotations

import shutil
from pathlib import Path

from werk.benchmarks.harness import TASKS_ROOT, failure_category, load_task, run_checks

TANK = load_task(TASKS_ROOT / "implement-tank-level")


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
