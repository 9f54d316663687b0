"""``report.html``: the benchmark results as one self-contained page with charts.

Everything the page needs is inside it (inline CSS, the charts as base64
PNG ``data:`` URIs), so it can be mailed, archived next to a release or
opened on a plant's offline engineering PC. Every string that comes from a
task or a record is HTML-escaped: a task folder is third-party input.
Each chart is followed by its numbers as a table, for readers who cannot
see the image and for anyone who wants the exact value.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from werk.benchmarks.harness import plots
from werk.benchmarks.harness.summary import ESTIMATOR_NOTE, samples_text
from werk.benchmarks.harness.tables import BenchTables, ModelOverview

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #212121; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #cfd8dc; padding: 0.25em 0.6em; text-align: right; }
th { background: #eceff1; }
td:first-child, th:first-child { text-align: left; }
td.text { text-align: left; }
td.all { background: #c8e6c9; } td.some { background: #fff9c4; } td.none { background: #ffcdd2; }
p.valid { color: #2e7d32; } p.invalid { color: #c62828; font-weight: bold; }
p.note { color: #546e7a; font-size: 0.9em; }
img { max-width: 100%; }
"""


def render_html(tables: BenchTables) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>werk bench results</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>werk bench results</h1>",
    ]
    if tables.validity:
        validity_class = "invalid" if "INVALID" in tables.validity else "valid"
        parts.append(f'<p class="{validity_class}">Suite check: {escape(tables.validity)}.</p>')
    parts += _overview(tables)
    parts += _pass_at_1_section("category", tables.categories, tables.by_category, tables)
    parts += _pass_at_1_section("difficulty", tables.difficulties, tables.by_difficulty, tables)
    parts += _cost_section(tables)
    parts += _failure_section(tables)
    parts += _defective_section(tables)
    parts += _task_section(tables)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _overview(tables: BenchTables) -> list[str]:
    header = ["model", "tasks", "attempts", "n (samples per task)"]
    header += [f"pass@{k}" for k in tables.ks]
    header += ["tokens", "time (s)", "cost", "defective properties"]
    rows = [
        [
            row.model,
            str(row.tasks),
            str(row.attempts),
            samples_text(row),
            *(_percent(row.pass_at[k]) for k in tables.ks),
            str(row.tokens),
            f"{row.wall_s:.1f}",
            "n/a" if row.cost is None else f"{row.cost:.4f}",
            str(row.defective),
        ]
        for row in tables.overview
    ]
    return [
        "<h2>Overview</h2>",
        _table(header, rows),
        f'<p class="note">{escape(ESTIMATOR_NOTE)}</p>',
    ]


def _pass_at_1_section(
    axis: str,
    columns: list[str],
    table: dict[str, dict[str, float | None]],
    tables: BenchTables,
) -> list[str]:
    title = f"pass@1 by {axis}"
    series = {model: [table[model][column] for column in columns] for model in tables.models}
    image = plots.grouped_bars(title, columns, series, "pass@1 (%)")
    rows = [
        [model, *(_percent(value) if value is not None else "-" for value in table[model].values())]
        for model in tables.models
    ]
    return [f"<h2>{escape(title)}</h2>", _image(image, title), _table(["model", *columns], rows)]


def _cost_section(tables: BenchTables) -> list[str]:
    compared = tables.compared_models
    if not compared:
        return []
    priced = all(row.cost is not None for row in compared)
    measure = "cost" if priced else "tokens"
    title = f"{measure.capitalize()} per attempt versus pass@1"
    points = [(row.model, _per_attempt(row, priced), row.pass_at[1] or 0.0) for row in compared]
    colours = [tables.models.index(row.model) for row in compared]
    image = plots.scatter(title, points, f"{measure} per attempt", colours)
    note = (
        "Every model reports a cost."
        if priced
        else "Not every model reports a cost (no prices configured): tokens are shown instead."
    )
    rows = [[model, f"{x:.4f}" if priced else f"{x:.0f}", _percent(y)] for model, x, y in points]
    return [
        f"<h2>{escape(title)}</h2>",
        _image(image, title),
        f'<p class="note">{escape(note)}</p>',
        _table(["model", f"{measure} per attempt", "pass@1"], rows),
    ]


def _failure_section(tables: BenchTables) -> list[str]:
    title = "Outcomes and failure categories"
    kinds = [plots.PASSED, *tables.failure_kinds]
    segments = {kind: [_outcome_count(row, kind) for row in tables.overview] for kind in kinds}
    image = plots.stacked_outcomes(title, tables.models, segments)
    rows = [
        [row.model, *(str(_outcome_count(row, kind)) for kind in kinds)] for row in tables.overview
    ]
    return [f"<h2>{escape(title)}</h2>", _image(image, title), _table(["model", *kinds], rows)]


def _defective_section(tables: BenchTables) -> list[str]:
    if not tables.defective:
        return []
    rows = [
        [defect.task, defect.check, defect.detail, ", ".join(defect.models)]
        for defect in tables.defective
    ]
    return [
        "<h2>Defective properties</h2>",
        '<p class="note">The prover found these properties defective: the benchmark\'s fault. '
        "They are not counted against any model; fix the task.</p>",
        _table(["task", "property", "detail", "seen by"], rows, text_columns=4),
    ]


def _task_section(tables: BenchTables) -> list[str]:
    header = ["task", "category", "difficulty", *tables.models]
    lines = ["<h2>By task (passed / attempts)</h2>", "<table>", _header_row(header)]
    for task in tables.tasks:
        cells = [f"<td>{escape(task.task)}</td>"]
        cells += [
            f'<td class="text">{escape(value)}</td>' for value in (task.category, task.difficulty)
        ]
        for model in tables.models:
            if model not in task.results:
                cells.append("<td>-</td>")
                continue
            passed, attempts = task.results[model]
            share = "all" if passed == attempts else "none" if passed == 0 else "some"
            cells.append(f'<td class="{share}">{passed}/{attempts}</td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return lines


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], text_columns: int = 1) -> str:
    """A table of escaped cells; the first ``text_columns`` are left-aligned text."""
    lines = ["<table>", _header_row(header)]
    for row in rows:
        cells = [
            f'<td class="text">{escape(cell)}</td>'
            if index < text_columns
            else f"<td>{escape(cell)}</td>"
            for index, cell in enumerate(row)
        ]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _header_row(header: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<th>{escape(name)}</th>" for name in header) + "</tr>"


def _image(png: bytes, title: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<p><img src="data:image/png;base64,{data}" alt="{escape(title)}"></p>'


def _outcome_count(row: ModelOverview, kind: str) -> int:
    return row.passed if kind == plots.PASSED else row.failures.get(kind, 0)


def _per_attempt(row: ModelOverview, priced: bool) -> float:
    total = (row.cost or 0.0) if priced else float(row.tokens)
    return total / row.attempts if row.attempts else 0.0


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"
