"""Writing a run's reports: ``summary.md`` and ``report.html`` next to ``results.jsonl``.

Both are derived from the records alone, so they can be regenerated at any
time from an existing results file (``werk bench --report``) without
running an attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from werk.benchmarks.harness.records import AttemptRecord
from werk.benchmarks.harness.summary import render_markdown
from werk.benchmarks.harness.tables import tabulate

SUMMARY_FILE = "summary.md"
REPORT_FILE = "report.html"


def write_reports(records: Sequence[AttemptRecord], samples: int, out: Path) -> str:
    """Write both reports into ``out`` and return the Markdown summary.

    pass@k is shown for k in 1, 5, 10 up to ``samples``.
    """
    from werk.benchmarks.harness.html_report import render_html  # matplotlib: imported late

    tables = tabulate(records, samples)
    markdown = render_markdown(tables)
    out.mkdir(parents=True, exist_ok=True)
    (out / SUMMARY_FILE).write_text(markdown, encoding="utf-8")
    (out / REPORT_FILE).write_text(render_html(tables), encoding="utf-8")
    return markdown
