"""``werk bench`` reports as a user gets them: report.html next to summary.md on every run,
``--report`` to rewrite both from results.jsonl, and the executor options' usage errors.
"""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.harness.test_html_report import Page
from tests.benchmarks.test_bench_cmd import werk

TASK = "fix-missing-else"


def test_a_run_writes_both_reports_and_report_rewrites_them(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    done = werk(
        tmp_path, isolated_env, "bench", "--oracle", "--noop", "--tasks", TASK, "--out", "o"
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "o"
    summary = (out / "summary.md").read_text(encoding="utf-8")
    report = (out / "report.html").read_text(encoding="utf-8")
    page = Page(report)
    assert page.open == [] and len(page.images) == 3  # no cost chart for oracle/no-op
    assert "## By difficulty (pass@1)" in summary

    (out / "summary.md").unlink()
    (out / "report.html").unlink()
    again = werk(tmp_path, isolated_env, "bench", "--report", "--out", "o")
    assert again.returncode == 0, again.stderr
    assert again.stdout == summary == (out / "summary.md").read_text(encoding="utf-8")
    assert (out / "report.html").read_text(encoding="utf-8") == report  # same bytes, no clock
    assert len((out / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 2  # ran nothing

    only_noop = werk(tmp_path, isolated_env, "bench", "--report", "--noop", "--out", "o")
    assert only_noop.returncode == 0, only_noop.stderr
    assert "| noop |" in only_noop.stdout and "| oracle |" not in only_noop.stdout


def test_an_unreachable_ray_cluster_fails_fast(
    tmp_path: Path, isolated_env: dict[str, str], closed_port: int
) -> None:
    done = werk(
        tmp_path, isolated_env, "bench", "--oracle", "--tasks", TASK, "--executor", "ray",
        "--ray-address", f"127.0.0.1:{closed_port}", "--out", "o",
    )  # fmt: skip
    assert done.returncode == 2
    assert f"nothing answers at the Ray cluster address 127.0.0.1:{closed_port}" in done.stderr
    assert not (tmp_path / "o" / "results.jsonl").exists()
