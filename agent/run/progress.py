"""Live progress of a run in the terminal: one line per thing that happened.

An event listener that prints with rich on stderr: the context gathered,
each model call (its tool calls and tokens), each tool result, each
verification step with ✓ or ✗, repairs, budgets, the delivery. Lines, not a
redrawn screen, so the output stays readable in CI logs and when piped.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

OK = "[green]✓[/]"
FAILED = "[red]✗[/]"
SKIPPED = "[dim]–[/]"


class ProgressDisplay:
    def __init__(self, console: Console, *, verbose: bool = False) -> None:
        self.console = console
        self.verbose = verbose

    def __call__(self, event: dict[str, Any]) -> None:
        line = self.describe(event)
        if line is not None:
            self.console.print(line, highlight=False)

    def describe(self, event: dict[str, Any]) -> str | None:
        kind = event.get("kind")
        handler = getattr(self, f"_{kind}", None)
        return handler(event) if handler is not None else None

    def _run(self, event: dict[str, Any]) -> str | None:
        phase = event.get("phase")
        if phase == "start":
            return (
                f"[bold]werk run[/] {event['run_id']} on branch [cyan]{escape(event['branch'])}[/]"
                f" · model {escape(str(event.get('model', '')))}"
            )
        if phase == "resume":
            return f"[bold]resuming[/] {event['run_id']} on [cyan]{escape(event['branch'])}[/]"
        return None

    def _context(self, event: dict[str, Any]) -> str:
        pous = ", ".join(event.get("pous") or []) or "none"
        cut = " (cut to fit)" if event.get("truncated") else ""
        return f"context: {event.get('tokens')} tokens{cut}; POUs: {escape(pous)}"

    def _model(self, event: dict[str, Any]) -> str | None:
        if event.get("phase") != "answer":
            return None
        calls = ", ".join(event.get("tool_calls") or []) or "no tool call"
        if event.get("invalid_tool_calls"):
            calls += f", {event['invalid_tool_calls']} unusable"
        estimated = "~" if event.get("estimated") else ""
        return (
            f"step {event.get('step')}: {escape(calls)} "
            f"[dim]({estimated}{event.get('input_tokens')}+{event.get('output_tokens')} tokens, "
            f"{event.get('seconds')} s)[/]"
        )

    def _tool(self, event: dict[str, Any]) -> str | None:
        if event.get("replayed"):
            return f"  {escape(str(event.get('name')))}: replayed from the journal"
        if "ok" not in event and not event.get("malformed"):
            return None  # the tools' own detail events
        mark = OK if event.get("ok") else FAILED
        name = event.get("name") or "tool call"
        detail = ""
        args = event.get("args") or {}
        if isinstance(args, dict) and args.get("path"):
            detail = f" {args['path']}"
        elif event.get("malformed"):
            detail = " (unusable call)"
        return f"  {mark} {escape(str(name))}{escape(detail)}"

    def _verify(self, event: dict[str, Any]) -> str | None:
        phase = event.get("phase")
        if phase == "start":
            return f"verifying (attempt {event.get('attempt')})…"
        if phase == "step":
            mark = SKIPPED if event.get("skipped") else OK if event.get("passed") else FAILED
            return f"  {mark} {escape(str(event.get('name')))}: {escape(str(event.get('summary')))}"
        if phase == "end":
            verdict = "[green]passed[/]" if event.get("passed") else "[red]failed[/]"
            return f"verification {verdict} ({event.get('seconds')} s)"
        return None

    def _repair(self, event: dict[str, Any]) -> str:
        return f"repair round {event.get('round')} of {event.get('of')}"

    def _budget(self, event: dict[str, Any]) -> str:
        return f"[yellow]budget used up: {escape(str(event.get('exhausted')))}[/]"

    def _approval(self, event: dict[str, Any]) -> str | None:
        if event.get("phase") == "requested":
            return "[bold]waiting for approval[/]"
        return "approved" if event.get("approved") else "[yellow]rejected[/]"

    def _deliver(self, event: dict[str, Any]) -> str:
        if event.get("committed"):
            return f"[green]committed[/] {str(event.get('commit'))[:12]}"
        return f"not committed ({escape(str(event.get('outcome')))})"

    def _error(self, event: dict[str, Any]) -> str:
        source = escape(str(event.get("source")))
        return f"[red]error[/] in {source}: {escape(str(event.get('message')))}"

    def _node(self, event: dict[str, Any]) -> str | None:
        if not self.verbose:
            return None
        return f"[dim]{event.get('node')} {event.get('phase')}[/]"
