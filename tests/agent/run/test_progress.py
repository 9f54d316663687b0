"""The terminal's progress lines, one per event worth a line."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console

from werk.agent.run.progress import ProgressDisplay

DISPLAY = ProgressDisplay(Console(width=200))


@pytest.mark.parametrize(
    ("event", "line"),
    [
        (
            {"kind": "run", "phase": "start", "run_id": "r1", "branch": "werk/x", "model": "m"},
            "[bold]werk run[/] r1 on branch [cyan]werk/x[/] · model m",
        ),
        (
            {"kind": "context", "tokens": 900, "pous": ["FB_Pump"], "truncated": True},
            "context: 900 tokens (cut to fit); POUs: FB_Pump",
        ),
        (
            {
                "kind": "model",
                "phase": "answer",
                "step": 2,
                "tool_calls": ["edit_file"],
                "input_tokens": 10,
                "output_tokens": 5,
                "estimated": True,
                "seconds": 0.5,
            },
            "step 2: edit_file [dim](~10+5 tokens, 0.5 s)[/]",
        ),
        (
            {"kind": "tool", "name": "edit_file", "ok": False, "args": {"path": "a.st"}},
            "  [red]✗[/] edit_file a.st",
        ),
        (
            {
                "kind": "verify",
                "phase": "step",
                "name": "st-tests",
                "passed": True,
                "summary": "ok",
            },
            "  [green]✓[/] st-tests: ok",
        ),
        ({"kind": "budget", "exhausted": "steps"}, "[yellow]budget used up: steps[/]"),
        (
            {"kind": "tool", "name": None, "ok": False, "malformed": True},
            "  [red]✗[/] tool call (unusable call)",
        ),
        (
            {"kind": "deliver", "committed": True, "commit": "f" * 40},
            "[green]committed[/] ffffffffffff",
        ),
    ],
)
def test_lines(event: dict[str, Any], line: str) -> None:
    assert DISPLAY.describe(event) == line


def test_quiet_about_detail() -> None:
    assert DISPLAY.describe({"kind": "node", "node": "act", "phase": "start"}) is None
    assert DISPLAY.describe({"kind": "tool", "name": "read_file", "failed": False}) is None
    assert DISPLAY.describe({"kind": "model", "phase": "request"}) is None
    assert DISPLAY.describe({"kind": "something new"}) is None
    verbose = ProgressDisplay(Console(), verbose=True)
    assert (
        verbose.describe({"kind": "node", "node": "act", "phase": "start"}) == "[dim]act start[/]"
    )


def test_printed(capsys: pytest.CaptureFixture[str]) -> None:
    ProgressDisplay(Console(width=100))({"kind": "repair", "round": 1, "of": 2})
    assert capsys.readouterr().out == "repair round 1 of 2\n"
