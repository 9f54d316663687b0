"""The numbers behind every ``werk bench`` report, as plain data: no Markdown, no HTML.

The Markdown summary and the HTML report render the same ``BenchTables``,
so the two can never disagree on a score. pass@k is averaged over tasks
with the unbiased estimator (``pass_at_k``); a property the prover found
defective is the benchmark's fault and is listed apart, never counted
against a model (``AttemptRecord.passed`` already ignores it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from werk.benchmarks.harness.attempt import NOOP, ORACLE
from werk.benchmarks.harness.check_result import (
    BUDGET,
    CRASH,
    DID_NOT_COMPILE,
    FAILED_TESTS,
    VIOLATED_PROPERTY,
)
from werk.benchmarks.harness.pass_at_k import pass_at_k
from werk.benchmarks.harness.records import AttemptRecord
from werk.benchmarks.harness.task import CATEGORIES, DIFFICULTIES

SUITE_CHECKS = (ORACLE, NOOP)
"""The pseudo-models that test the suite itself: no tokens, no cost, no place in a plot."""
FAILURE_ORDER = (DID_NOT_COMPILE, FAILED_TESTS, VIOLATED_PROPERTY, BUDGET, CRASH)
REPORTED_KS = (1, 5, 10)


def mean_pass_at_k(records: Sequence[AttemptRecord], k: int) -> float | None:
    """pass@k averaged over tasks; None when some task has fewer than k samples."""
    by_task: dict[str, list[bool]] = defaultdict(list)
    for record in records:
        by_task[record.task].append(record.passed)
    if not by_task or any(len(results) < k for results in by_task.values()):
        return None
    scores = [pass_at_k(len(results), sum(results), k) for results in by_task.values()]
    return sum(scores) / len(scores)


def suite_validity(records: Sequence[AttemptRecord]) -> str | None:
    """A sentence on the oracle/no-op runs among ``records``, or None if there are none."""
    lines = []
    oracle = [record for record in records if record.model == ORACLE]
    noop = [record for record in records if record.model == NOOP]
    if oracle:
        failed = sorted({record.task for record in oracle if not record.passed})
        lines.append(
            "oracle: every reference solution passes"
            if not failed
            else f"oracle: INVALID, reference solutions fail: {', '.join(failed)}"
        )
    if noop:
        passed = sorted({record.task for record in noop if record.passed})
        lines.append(
            "no-op: every untouched fixture fails"
            if not passed
            else f"no-op: INVALID, untouched fixtures pass: {', '.join(passed)}"
        )
    return "; ".join(lines) or None


@dataclass(frozen=True)
class ModelOverview:
    """One model's line of the overview: how often it passed, and what that cost."""

    model: str
    tasks: int
    attempts: int
    passed: int
    samples: tuple[int, int]
    """The fewest and the most samples (n) of one task: pass@k rests on these."""
    pass_at: dict[int, float | None]
    """pass@k by k; None when some task has fewer than k samples."""
    tokens: int
    wall_s: float
    cost: float | None
    """Summed over the attempts that report a cost; None when none does (no prices)."""
    defective: int
    failures: dict[str, int]
    """Attempts per failure category, in ``FAILURE_ORDER``."""


@dataclass(frozen=True)
class TaskRow:
    task: str
    category: str
    difficulty: str
    results: dict[str, tuple[int, int]]
    """Per model: (passed, attempts); a model that never ran the task is absent."""


@dataclass(frozen=True)
class DefectiveCheck:
    """A check the prover called defective: the benchmark's fault, shown so it gets fixed."""

    task: str
    check: str
    detail: str
    models: tuple[str, ...]


@dataclass(frozen=True)
class BenchTables:
    models: list[str]
    ks: list[int]
    validity: str | None
    overview: list[ModelOverview]
    categories: list[str]
    by_category: dict[str, dict[str, float | None]]
    """pass@1 by model, then category; None where the model ran no task of it."""
    difficulties: list[str]
    by_difficulty: dict[str, dict[str, float | None]]
    """pass@1 by model, then difficulty; None where the model ran no task of it."""
    failure_kinds: list[str]
    """The failure categories that occur, in ``FAILURE_ORDER`` then by name."""
    tasks: list[TaskRow]
    defective: list[DefectiveCheck]

    @property
    def compared_models(self) -> list[ModelOverview]:
        """The models proper, without the suite's oracle and no-op."""
        return [row for row in self.overview if row.model not in SUITE_CHECKS]


def tabulate(records: Sequence[AttemptRecord], samples: int) -> BenchTables:
    """Every table of a report; pass@k is shown for k in 1, 5, 10 up to ``samples``."""
    models = sorted({record.model for record in records})
    by_model = {model: [r for r in records if r.model == model] for model in models}
    categories = _ordered({r.category for r in records}, CATEGORIES)
    difficulties = _ordered({r.difficulty for r in records}, DIFFICULTIES)
    ks = [k for k in REPORTED_KS if k <= samples] or [1]
    return BenchTables(
        models=models,
        ks=ks,
        validity=suite_validity(records),
        overview=[_overview(model, by_model[model], ks) for model in models],
        categories=categories,
        by_category={
            model: _pass_at_1_by(by_model[model], "category", categories) for model in models
        },
        difficulties=difficulties,
        by_difficulty={
            model: _pass_at_1_by(by_model[model], "difficulty", difficulties) for model in models
        },
        failure_kinds=_ordered({r.failure for r in records if r.failure}, FAILURE_ORDER),
        tasks=_task_rows(records, models),
        defective=_defective_checks(records),
    )


def samples_recorded(records: Iterable[AttemptRecord]) -> int:
    """The most samples any (model, task) has: the largest k a report can show."""
    counts = Counter((record.model, record.task) for record in records)
    return max(counts.values(), default=1)


def _overview(model: str, mine: list[AttemptRecord], ks: list[int]) -> ModelOverview:
    per_task = Counter(record.task for record in mine)
    costs = [record.cost for record in mine if record.cost is not None]
    failures = Counter(record.failure for record in mine if record.failure and not record.passed)
    return ModelOverview(
        model=model,
        tasks=len(per_task),
        attempts=len(mine),
        passed=sum(record.passed for record in mine),
        samples=(min(per_task.values()), max(per_task.values())),
        pass_at={k: mean_pass_at_k(mine, k) for k in ks},
        tokens=sum(record.tokens for record in mine),
        wall_s=sum(record.wall_s for record in mine),
        cost=sum(costs) if costs else None,
        defective=sum(record.defective for record in mine),
        failures={kind: failures[kind] for kind in _ordered(set(failures), FAILURE_ORDER)},
    )


def _pass_at_1_by(
    mine: list[AttemptRecord], field: str, values: list[str]
) -> dict[str, float | None]:
    table: dict[str, float | None] = {}
    for value in values:
        subset = [record for record in mine if getattr(record, field) == value]
        table[value] = mean_pass_at_k(subset, 1) if subset else None
    return table


def _task_rows(records: Sequence[AttemptRecord], models: list[str]) -> list[TaskRow]:
    rows = []
    for task in sorted({record.task for record in records}):
        mine = [record for record in records if record.task == task]
        results = {}
        for model in models:
            outcomes = [record.passed for record in mine if record.model == model]
            if outcomes:
                results[model] = (sum(outcomes), len(outcomes))
        rows.append(TaskRow(task, mine[0].category, mine[0].difficulty, results))
    return rows


def _defective_checks(records: Sequence[AttemptRecord]) -> list[DefectiveCheck]:
    found: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for record in records:
        for check in record.checks:
            if check.get("defective"):
                key = (record.task, str(check.get("name", "")))
                found.setdefault(key, (str(check.get("detail", "")), set()))[1].add(record.model)
    return [
        DefectiveCheck(task, check, detail, tuple(sorted(models)))
        for (task, check), (detail, models) in sorted(found.items())
    ]


def _ordered(values: set[str], preferred: Sequence[str]) -> list[str]:
    """The known values in their natural order (easy before hard), then any others by name."""
    return [value for value in preferred if value in values] + sorted(
        value for value in values if value not in preferred
    )
