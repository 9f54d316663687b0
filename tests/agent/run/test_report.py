"""The run's report, built from whatever state the run ended in, and its Markdown form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from werk.agent.graph.budgets import BudgetLimits, Prices
from werk.agent.graph.settings import AgentSettings
from werk.agent.run.report import RunFacts, build_report, exit_code_of, write_report
from werk.agent.run.report_md import render_markdown

SETTINGS = AgentSettings(limits=BudgetLimits(30, 300_000, 1800.0))
WORKSPACE = {
    "repo": "/plant",
    "root": "/plant/.werk/worktrees/r1",
    "branch": "werk/fix-pump",
    "run_id": "r1",
    "base_commit": "a" * 40,
}
STEP = {"name": "st-tests", "passed": True, "skipped": False, "summary": "1 passed", "evidence": ""}


def facts(status: str, **extra: Any) -> RunFacts:
    values: dict[str, Any] = {
        "run_id": "r1",
        "repo": Path("/plant"),
        "task": "Fix the pump",
        "model": {"profile": "gpu", "provider": "openai", "model": "qwen"},
        "started": "2026-11-27T10:00:00+00:00",
        "finished": "2026-11-27T10:01:00+00:00",
        "status": status,
        **extra,
    }
    return RunFacts(**values)


def delivered_state() -> dict[str, Any]:
    return {
        "task": "Fix the pump",
        "workspace": WORKSPACE,
        "plan": ["Read", "Fix"],
        "finish_summary": "Checks the level.",
        "verifications": [
            {"attempt": 1, "passed": True, "steps": [STEP], "duration_s": 1.25, "changed_files": []}
        ],
        "delivery": {
            "committed": True,
            "commit": "b" * 40,
            "branch": "werk/fix-pump",
            "changed_files": ["plc/fb_pump.st"],
            "verified": True,
            "patch": "/plant/.werk/runs/r1/changes.patch",
            "note": "",
        },
        "steps": 3,
        "input_tokens": 1200,
        "output_tokens": 300,
        "wall_s": 12.5,
        "tool_calls": 3,
        "baseline": {"notes": ["failing ST tests: old test"]},
    }


def test_a_delivered_run() -> None:
    report = build_report(delivered_state(), facts("delivered", user_changes=2), SETTINGS)
    assert report["format"] == "werk.run-report/1"
    assert (report["status"], report["exit_code"]) == ("delivered", 0)
    assert report["commit"] == "b" * 40 and report["branch"] == "werk/fix-pump"
    assert report["verification"]["passed"]
    assert report["usage"]["tokens"] == 1500 and report["usage"]["cost"] is None
    assert report["resume"] is None
    assert report["notes"] == [
        "Cost unknown: the model profile has no prices.",
        "Your checkout had 2 uncommitted change(s) when the run started; they are not part "
        "of this run, which started from the last commit, and they were left untouched.",
        "Already so before the change (not blamed on it): failing ST tests: old test",
    ]
    markdown = render_markdown(report)
    assert markdown.startswith("# werk run r1: delivered: verified and committed\n")
    assert "- Commit: `bbbbbbbbbbbb`" in markdown
    assert "| st-tests | passed | 1 passed |" in markdown
    assert "| tokens (in + out) | 1,500 | 300,000 |" in markdown
    assert "| cost | unknown (no prices) | — |" in markdown
    assert "1. Read\n2. Fix" in markdown


def test_a_crash_before_anything_happened_still_reports() -> None:
    report = build_report({}, facts("crashed", error="KeyError: 'x'"), SETTINGS)
    assert (report["status"], report["exit_code"]) == ("crashed", 3)
    assert report["error"] == "KeyError: 'x'"
    assert report["resume"] == "werk run --repo /plant --resume r1"
    assert "werk itself failed during the run" in report["notes"][0]
    assert "Verification did not run." in report["notes"]
    markdown = render_markdown(report)
    assert "crashed (werk failed; resumable)" in markdown
    assert "- Resume: `werk run --repo /plant --resume r1`" in markdown
    assert "No files changed." in markdown and "Not run." in markdown


def test_estimated_tokens_and_known_prices() -> None:
    settings = AgentSettings(limits=SETTINGS.limits, prices=Prices(0.5, 1.5))
    state = {**delivered_state(), "tokens_estimated": True, "cost": 0.00105}
    report = build_report(state, facts("delivered"), settings)
    assert report["usage"]["tokens_estimated"] and report["usage"]["cost"] == 0.00105
    assert "Token counts are estimated (the provider reported no usage)." in report["notes"]
    assert "| tokens (in + out) | 1,500 (estimated) |" in render_markdown(report)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("delivered", 0),
        ("unverified", 1),
        ("no_changes", 1),
        ("budget_exhausted", 1),
        ("stopped", 1),
        ("rejected", 1),
        ("awaiting_approval", 1),
        ("interrupted", 1),
        ("crashed", 3),
    ],
)
def test_exit_codes(status: str, code: int) -> None:
    assert exit_code_of(status) == code


def test_writing_twice_gives_the_same_file(tmp_path: Path) -> None:
    report = build_report(delivered_state(), facts("delivered"), SETTINGS)
    path = tmp_path / "runs" / "r1" / "report.json"
    write_report(report, path)
    first = path.read_bytes()
    write_report(report, path)
    assert path.read_bytes() == first
