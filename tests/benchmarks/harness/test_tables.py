"""The report's numbers on hand-made records, each worked out by hand in a comment.

Model ``a``: t1 (fix, easy) passes 1 of 2, t2 (implement, hard) 0 of 2, t3
(fix, medium) 2 of 2, one of them with a defective property. Model ``b``:
t1 2 of 2, t2 1 of 2, t3 0 of 2, with a cost on every attempt.
"""

from __future__ import annotations

from typing import Any

import pytest

from werk.benchmarks.harness import AttemptRecord
from werk.benchmarks.harness.tables import (
    DefectiveCheck,
    TaskRow,
    samples_recorded,
    tabulate,
)

TASKS = {"t1": ("fix", "easy"), "t2": ("implement", "hard"), "t3": ("fix", "medium")}
DEFECTIVE = {
    "name": "t3.props.yaml::never both",
    "kind": "property",
    "passed": False,
    "detail": "unknown variable bFoo",
    "defective": True,
}


def _record(model: str, task: str, sample: int, failure: str | None, **extra: Any) -> AttemptRecord:
    category, difficulty = TASKS[task]
    return AttemptRecord(
        model, task, sample, failure is None, category, difficulty, failure=failure, **extra
    )


RECORDS = [
    _record("a", "t1", 0, None, tokens=100),
    _record("a", "t1", 1, "did_not_compile", tokens=100),
    _record("a", "t2", 0, "failed_tests", tokens=100),
    _record("a", "t2", 1, "budget", tokens=100),
    _record("a", "t3", 0, None, tokens=100, checks=[DEFECTIVE], defective=1),
    _record("a", "t3", 1, None, tokens=100),
    _record("b", "t1", 0, None, cost=0.5, wall_s=1.5),
    _record("b", "t1", 1, None, cost=0.5, wall_s=1.5),
    _record("b", "t2", 0, None, cost=0.5, wall_s=1.5),
    _record("b", "t2", 1, "crash", cost=0.5, wall_s=1.5),
    _record("b", "t3", 0, "violated_property", cost=0.5, wall_s=1.5),
    _record("b", "t3", 1, "failed_tests", cost=0.5, wall_s=1.5),
]


def test_overview_per_model() -> None:
    tables = tabulate(RECORDS, samples=2)
    assert tables.models == ["a", "b"]
    assert tables.ks == [1]  # pass@k is shown for k in 1, 5, 10 up to the samples
    a, b = tables.overview
    assert (a.tasks, a.attempts, a.passed, a.samples) == (3, 6, 3, (2, 2))
    assert a.pass_at[1] == pytest.approx(0.5)  # (1/2 + 0 + 2/2) / 3
    assert (a.tokens, a.cost, a.defective) == (600, None, 1)  # no prices: no cost, not 0
    assert a.failures == {"did_not_compile": 1, "failed_tests": 1, "budget": 1}
    assert b.pass_at[1] == pytest.approx(0.5)  # (2/2 + 1/2 + 0) / 3
    assert (b.cost, b.wall_s) == (pytest.approx(3.0), pytest.approx(9.0))
    assert list(b.failures) == ["failed_tests", "violated_property", "crash"]  # report order


def test_pass_at_k_uses_every_sample() -> None:
    tables = tabulate(RECORDS, samples=10)
    assert tables.ks == [1, 5, 10]
    a = tables.overview[0]
    assert a.pass_at == {1: pytest.approx(0.5), 5: None, 10: None}  # n = 2 < k: no estimate


def test_pass_at_1_by_category_and_difficulty() -> None:
    tables = tabulate(RECORDS, samples=1)
    assert tables.categories == ["implement", "fix"]  # the suite's order, not the alphabet
    assert tables.by_category["a"] == {"implement": 0.0, "fix": pytest.approx(0.75)}
    assert tables.by_category["b"] == {"implement": 0.5, "fix": pytest.approx(0.5)}
    assert tables.difficulties == ["easy", "medium", "hard"]
    assert tables.by_difficulty["a"] == {"easy": 0.5, "medium": 1.0, "hard": 0.0}
    assert tables.by_difficulty["b"] == {"easy": 1.0, "medium": 0.0, "hard": 0.5}


def test_a_model_without_tasks_of_a_category_has_no_score_there() -> None:
    tables = tabulate([*RECORDS, _record("c", "t1", 0, None)], samples=1)
    assert tables.by_category["c"] == {"implement": None, "fix": 1.0}
    assert tables.overview[2].samples == (1, 1)


def test_defective_properties_are_listed_apart_and_not_counted() -> None:
    tables = tabulate(RECORDS, samples=1)
    assert tables.defective == [
        DefectiveCheck("t3", "t3.props.yaml::never both", "unknown variable bFoo", ("a",))
    ]
    assert tables.by_difficulty["a"]["medium"] == 1.0  # t3 passed despite the defect


def test_failure_kinds_and_task_rows() -> None:
    tables = tabulate(RECORDS, samples=1)
    assert tables.failure_kinds == [
        "did_not_compile",
        "failed_tests",
        "violated_property",
        "budget",
        "crash",
    ]
    assert tables.tasks[1] == TaskRow("t2", "implement", "hard", {"a": (0, 2), "b": (1, 2)})


def test_suite_checks_are_not_compared_models() -> None:
    records = [*RECORDS, _record("oracle", "t1", 0, None), _record("noop", "t1", 0, "failed_tests")]
    tables = tabulate(records, samples=1)
    assert tables.models == ["a", "b", "noop", "oracle"]
    assert [row.model for row in tables.compared_models] == ["a", "b"]
    assert tables.validity == (
        "oracle: every reference solution passes; no-op: every untouched fixture fails"
    )


def test_samples_recorded_is_the_largest_n() -> None:
    assert samples_recorded(RECORDS) == 2
    assert samples_recorded([]) == 1
