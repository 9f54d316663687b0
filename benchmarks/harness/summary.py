"""The Markdown summary of a benchmark run: pass@k per model, then by category,
difficulty and task.

The oracle and the no-op are the suite's own test: the summary states
whether the suite is valid (oracle 100 %, no-op 0 %) before any model's
score, because a score on an invalid suite means nothing. The numbers come
from ``tables.tabulate``, shared with the HTML report.
"""

from __future__ import annotations

from collections.abc import Sequence

from werk.benchmarks.harness.records import AttemptRecord
from werk.benchmarks.harness.tables import (
    BenchTables,
    ModelOverview,
    mean_pass_at_k,
    suite_validity,
    tabulate,
)

__all__ = ["mean_pass_at_k", "render_markdown", "render_summary", "suite_validity"]

ESTIMATOR_NOTE = (
    "pass@k: the unbiased estimator of Chen et al. (2021) over the n samples of each task, "
    "averaged over tasks; defective properties are not counted against a model."
)


def render_summary(records: Sequence[AttemptRecord], samples: int) -> str:
    """The summary of ``records``, with pass@k for k in 1, 5, 10 up to ``samples``."""
    return render_markdown(tabulate(records, samples))


def render_markdown(tables: BenchTables) -> str:
    lines = ["# werk bench results", ""]
    if tables.validity:
        lines += [f"Suite check: {_cell(tables.validity)}.", ""]
    lines += _overview(tables)
    lines += ["", ESTIMATOR_NOTE]
    lines += ["", "## By category (pass@1)", ""]
    lines += _pass_at_1_table(tables.models, tables.categories, tables.by_category)
    lines += ["", "## By difficulty (pass@1)", ""]
    lines += _pass_at_1_table(tables.models, tables.difficulties, tables.by_difficulty)
    lines += ["", "## Failures", ""]
    for row in tables.overview:
        text = ", ".join(f"{kind} {count}" for kind, count in row.failures.items())
        lines.append(f"- {_cell(row.model)}: {text or 'none'}")
    if tables.defective:
        lines += ["", "## Defective properties (the benchmark's fault, not counted)", ""]
        lines += ["| task | property | detail | seen by |", "|---|---|---|---|"]
        for defect in tables.defective:
            lines.append(
                f"| {_cell(defect.task)} | {_cell(defect.check)} | {_cell(defect.detail)} "
                f"| {_cell(', '.join(defect.models))} |"
            )
    lines += ["", "## By task", ""]
    lines.append("| task | category | difficulty | " + " | ".join(map(_cell, tables.models)) + " |")
    lines.append("|---" * (len(tables.models) + 3) + "|")
    for task in tables.tasks:
        cells = [
            f"{task.results[model][0]}/{task.results[model][1]}" if model in task.results else "-"
            for model in tables.models
        ]
        lines.append(
            f"| {_cell(task.task)} | {_cell(task.category)} | {_cell(task.difficulty)} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines) + "\n"


def _overview(tables: BenchTables) -> list[str]:
    header = "| model | tasks | attempts | " + " | ".join(f"pass@{k}" for k in tables.ks)
    lines = [
        header + " | tokens | time (s) | cost | defective properties | n |",
        "|---" * (len(tables.ks) + 8) + "|",
    ]
    for row in tables.overview:
        scores = [_percent(row.pass_at[k]) for k in tables.ks]
        lines.append(
            f"| {_cell(row.model)} | {row.tasks} | {row.attempts} | "
            + " | ".join(scores)
            + f" | {row.tokens} | {row.wall_s:.1f} | {_cost(row.cost)}"
            + f" | {row.defective} | {samples_text(row)} |"
        )
    return lines


def _pass_at_1_table(
    models: list[str], columns: list[str], table: dict[str, dict[str, float | None]]
) -> list[str]:
    lines = [
        "| model | " + " | ".join(map(_cell, columns)) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for model in models:
        cells = [_percent(value) if value is not None else "-" for value in table[model].values()]
        lines.append(f"| {_cell(model)} | " + " | ".join(cells) + " |")
    return lines


def samples_text(row: ModelOverview) -> str:
    """n, the samples per task, as "5" or as "3–5" when the tasks have different counts."""
    fewest, most = row.samples
    return str(fewest) if fewest == most else f"{fewest}–{most}"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def _cost(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: a ``|`` or a newline would break the row."""
    return " ".join(text.split()).replace("|", "\\|")
