"""The Markdown summary of a benchmark run: pass@k per model, then per category and task.

The oracle and the no-op are the suite's own test: the summary states
whether the suite is valid (oracle 100 %, no-op 0 %) before any model's
score, because a score on an invalid suite means nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from werk.benchmarks.harness.attempt import NOOP, ORACLE
from werk.benchmarks.harness.pass_at_k import pass_at_k
from werk.benchmarks.harness.records import AttemptRecord


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
        failed = sorted(record.task for record in oracle if not record.passed)
        lines.append(
            "oracle: every reference solution passes"
            if not failed
            else f"oracle: INVALID, reference solutions fail: {', '.join(failed)}"
        )
    if noop:
        passed = sorted(record.task for record in noop if record.passed)
        lines.append(
            "no-op: every untouched fixture fails"
            if not passed
            else f"no-op: INVALID, untouched fixtures pass: {', '.join(passed)}"
        )
    return "; ".join(lines) or None


def render_summary(records: Sequence[AttemptRecord], samples: int) -> str:
    lines = ["# werk bench results", ""]
    validity = suite_validity(records)
    if validity:
        lines += [f"Suite check: {validity}.", ""]
    models = sorted({record.model for record in records})
    ks = [k for k in (1, 5, 10) if k <= samples] or [1]
    header = "| model | tasks | attempts | " + " | ".join(f"pass@{k}" for k in ks)
    lines += [
        header + " | tokens | time (s) | cost | defective properties |",
        "|---" * (len(ks) + 7) + "|",
    ]
    for model in models:
        mine = [record for record in records if record.model == model]
        scores = [_percent(mean_pass_at_k(mine, k)) for k in ks]
        costs = [record.cost for record in mine if record.cost is not None]
        lines.append(
            f"| {model} | {len({r.task for r in mine})} | {len(mine)} | "
            + " | ".join(scores)
            + f" | {sum(r.tokens for r in mine)} | {sum(r.wall_s for r in mine):.1f}"
            + f" | {f'{sum(costs):.4f}' if costs else 'n/a'} | {sum(r.defective for r in mine)} |"
        )
    lines += ["", "## By category (pass@1)", ""]
    categories = sorted({record.category for record in records})
    lines += [
        "| model | " + " | ".join(categories) + " |",
        "|---" * (len(categories) + 1) + "|",
    ]
    for model in models:
        cells = []
        for category in categories:
            subset = [r for r in records if r.model == model and r.category == category]
            cells.append(_percent(mean_pass_at_k(subset, 1)) if subset else "-")
        lines.append(f"| {model} | " + " | ".join(cells) + " |")
    lines += ["", "## Failures", ""]
    for model in models:
        failures = Counter(r.failure for r in records if r.model == model and r.failure)
        text = ", ".join(f"{name} {count}" for name, count in sorted(failures.items()))
        lines.append(f"- {model}: {text or 'none'}")
    lines += ["", "## By task", "", "| task | category | " + " | ".join(models) + " |"]
    lines.append("|---" * (len(models) + 2) + "|")
    for task in sorted({record.task for record in records}):
        mine = [record for record in records if record.task == task]
        cells = []
        for model in models:
            results = [record.passed for record in mine if record.model == model]
            cells.append(f"{sum(results)}/{len(results)}" if results else "-")
        lines.append(f"| {task} | {mine[0].category} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"
