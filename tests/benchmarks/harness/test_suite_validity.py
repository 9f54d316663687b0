"""The oracle/no-op validation of the shipped suite: every reference solution passes its
hidden checks, every untouched fixture fails them, through the pipeline a model goes through
(fresh git repository, branch export, checks copied in afterwards).
"""

from __future__ import annotations

import pytest

from werk.benchmarks.harness import (
    NOOP,
    ORACLE,
    TASKS_ROOT,
    AttemptSpec,
    BenchTask,
    load_suite,
    run_attempt,
)

TASKS = load_suite(TASKS_ROOT)


@pytest.mark.parametrize("task", TASKS, ids=[task.id for task in TASKS])
def test_reference_solution_passes_and_fixture_fails(task: BenchTask) -> None:
    oracle = run_attempt(AttemptSpec(task, ORACLE))
    failed = [check for check in oracle.checks if not check["passed"]]
    assert oracle.passed, failed
    assert oracle.checks and oracle.failure is None
    noop = run_attempt(AttemptSpec(task, NOOP))
    assert not noop.passed
    assert noop.failure is not None
