"""The text report: one line per test, the reason under each one that did not pass."""

from __future__ import annotations

from pathlib import Path

from tests.tools.st.testing.support import plant, run_all, write
from werk.tools.st.testing import TestRun, render_text
from werk.tools.st.testing.text_report import summary


def test_report_and_summary(tmp_path: Path) -> None:
    root = plant(tmp_path / "project")
    write(
        root,
        "c.trace.yaml",
        "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\ntraces:\n"
        "  - name: ok\n    rows: [[4, 1]]\n  - name: bad\n    rows: [[4, 0]]\n",
    )
    write(
        root, "d.trace.yaml", "pou: FB_Divide\ninputs: [nBy]\noutputs: [nResult]\nrows: [[0, 0]]\n"
    )
    run = run_all(root)
    lines = render_text(run).splitlines()
    assert [line.split("  (")[0] for line in lines if not line.startswith(" ")] == [
        "PASS   c.trace.yaml::ok",
        "FAIL   c.trace.yaml::bad",
        "ERROR  d.trace.yaml::d",
        "",
        lines[-1],
    ]
    assert lines[-1].startswith("1 passed, 1 failed, 1 error in ")
    quiet = render_text(run, show_passed=False)
    assert "c.trace.yaml::ok" not in quiet and "c.trace.yaml::bad" in quiet


def test_empty_run() -> None:
    assert summary(TestRun()) == "no tests ran (0.00 s)"
