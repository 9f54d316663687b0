"""A property is the benchmark's fault only when the reference solution cannot judge it either."""

from __future__ import annotations

import shutil
from pathlib import Path

from werk.benchmarks.harness import NOOP, ORACLE, TASKS_ROOT, AttemptSpec, load_task, run_attempt
from werk.benchmarks.harness.defects import judge_defects
from werk.benchmarks.harness.task import BenchTask

JOG = load_task(TASKS_ROOT / "feature-conveyor-jog")
NEW_OUTPUT = "conveyor.props.yaml::never-both-directions"


def test_a_property_about_a_variable_the_task_asks_for_fails_the_attempt() -> None:
    record = run_attempt(AttemptSpec(JOG, NOOP))
    (check,) = [c for c in record.checks if c["name"] == NEW_OUTPUT]
    assert not check["passed"] and not check["defective"]
    assert "asked for it" in check["detail"]
    assert record.defective == 0
    oracle = run_attempt(AttemptSpec(JOG, ORACLE))
    assert oracle.passed


def test_a_property_the_reference_cannot_judge_either_stays_defective(tmp_path: Path) -> None:
    folder = tmp_path / "task"
    shutil.copytree(JOG.folder, folder)
    spec = folder / "checks" / "conveyor.props.yaml"
    spec.write_text(
        spec.read_text().replace("instance.bManual,", "instance.bNoSuchSignal,"),
        encoding="utf-8",
    )
    task = load_task(folder)
    record = run_attempt(AttemptSpec(task, ORACLE))
    (check,) = [c for c in record.checks if c["name"].endswith("no-reverse-in-auto")]
    assert check["defective"] and "asked for it" not in check["detail"]
    assert record.passed  # the benchmark's fault is not held against the solution


def test_without_a_solution_the_prover_has_the_last_word(tmp_path: Path) -> None:
    folder = tmp_path / "task"
    shutil.copytree(JOG.folder, folder, ignore=shutil.ignore_patterns("solution"))
    task: BenchTask = load_task(folder)
    record = run_attempt(AttemptSpec(task, NOOP))
    (check,) = [c for c in record.checks if c["name"] == NEW_OUTPUT]
    assert check["defective"]
    assert judge_defects([], task) == []
