"""pass@k against values computed by hand from 1 - C(n-c, k) / C(n, k)."""

from __future__ import annotations

import pytest

from werk.benchmarks.harness import AttemptRecord, mean_pass_at_k, pass_at_k


@pytest.mark.parametrize(
    ("n", "c", "k", "expected"),
    [
        (1, 1, 1, 1.0),
        (1, 0, 1, 0.0),
        (10, 3, 1, 0.3),  # 1 - 7/10
        (5, 2, 2, 0.7),  # 1 - C(3,2)/C(5,2) = 1 - 3/10
        (10, 3, 5, 1 - 21 / 252),  # C(7,5) = 21, C(10,5) = 252
        (4, 1, 3, 0.75),  # 1 - C(3,3)/C(4,3) = 1 - 1/4
        (4, 2, 3, 1.0),  # fewer failures than k: some draw always passes
    ],
)
def test_unbiased_estimator(n: int, c: int, k: int, expected: float) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(expected)


@pytest.mark.parametrize(("n", "c", "k"), [(3, 4, 1), (3, 1, 0), (3, 1, 4), (2, -1, 1)])
def test_impossible_counts_are_refused(n: int, c: int, k: int) -> None:
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)


def _record(task: str, sample: int, passed: bool) -> AttemptRecord:
    return AttemptRecord("m", task, sample, passed, "fix", "easy")


def test_mean_over_tasks() -> None:
    records = [
        _record("a", 0, True),
        _record("a", 1, False),
        _record("b", 0, False),
        _record("b", 1, False),
    ]
    assert mean_pass_at_k(records, 1) == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert mean_pass_at_k(records, 2) == pytest.approx(0.5)  # (1 + 0) / 2
    assert mean_pass_at_k(records, 3) is None
