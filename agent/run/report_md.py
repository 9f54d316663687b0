"""The run's report for people: ``report.md``, and the summary printed at the end of a run.

Same facts as ``report.json`` (it is rendered from it), in the order a
reviewer reads them: the verdict, what changed and why, the verification
steps with their results, the budget used, and the notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

VERDICTS = {
    "delivered": "delivered: verified and committed",
    "unverified": "finished, but verification did not pass",
    "no_changes": "finished without changing anything",
    "budget_exhausted": "stopped: a budget was used up",
    "stopped": "stopped: the model's output was unusable",
    "rejected": "rejected at approval",
    "awaiting_approval": "verified; waiting for approval",
    "crashed": "crashed (werk failed; resumable)",
    "interrupted": "interrupted (resumable)",
}


def render_markdown(report: Mapping[str, Any]) -> str:
    status = str(report["status"])
    lines = [
        f"# werk run {report['run_id']}: {VERDICTS.get(status, status)}",
        "",
        f"**Task:** {report['task']}",
        "",
        f"- Repository: `{report['repo']}`",
        f"- Branch: `{report['branch']}`"
        + (f" (from `{_short(report['base_commit'])}`)" if report.get("base_commit") else ""),
        f"- Commit: `{_short(report['commit'])}`" if report.get("commit") else "- Commit: none",
        f"- Model: {report['model'].get('profile', '?')} "
        f"({report['model'].get('provider', '?')}: {report['model'].get('model', '?')})",
    ]
    if report.get("error"):
        lines.append(f"- Error: {report['error']}")
    if report.get("resume"):
        lines.append(f"- Resume: `{report['resume']}`")
    lines += ["", "## What changed and why", ""]
    lines.append(report.get("summary") or "_The model gave no summary._")
    files = report["changes"]["files"]
    lines.append("")
    if files:
        lines.append("Files:")
        lines += [f"- `{path}`" for path in files]
    else:
        lines.append("No files changed.")
    if report["changes"].get("note"):
        lines += ["", f"_{report['changes']['note']}_"]
    if report["changes"].get("patch"):
        lines += ["", f"Patch: `{report['changes']['patch']}`"]
    if report.get("plan"):
        lines += ["", "## Plan", ""]
        lines += [f"{number}. {step}" for number, step in enumerate(report["plan"], 1)]
    lines += ["", "## Verification", ""]
    attempts = report["verification"]["attempts"]
    if not attempts:
        lines += ["Not run.", ""]
    for attempt in attempts:
        verdict = "passed" if attempt["passed"] else "failed"
        lines += [
            f"Attempt {attempt['attempt']}: **{verdict}** ({attempt['duration_s']:.1f} s)",
            "",
            "| step | result | summary |",
            "|---|---|---|",
        ]
        for step in attempt["steps"]:
            result = "skipped" if step["skipped"] else ("passed" if step["passed"] else "FAILED")
            summary = step["summary"]
            if step.get("preexisting"):
                summary += f" (before the change already: {step['preexisting']})"
            lines.append(f"| {step['name']} | {result} | {_cell(summary)} |")
        lines.append("")
    usage = report["usage"]
    tokens = f"{usage['tokens']:,}" + (" (estimated)" if usage["tokens_estimated"] else "")
    cost = "unknown (no prices)" if usage["cost"] is None else f"{usage['cost']:.4f}"
    max_cost = "—" if usage["max_cost"] is None else f"{usage['max_cost']}"
    lines += [
        "## Budget",
        "",
        "| | used | limit |",
        "|---|---|---|",
        f"| model calls | {usage['steps']} | {usage['max_steps']} |",
        f"| tokens (in + out) | {tokens} | {usage['max_tokens']:,} |",
        f"| time | {usage['wall_s']:.1f} s | {usage['max_wall_s']:.0f} s |",
        f"| cost | {cost} | {max_cost} |",
        f"| tool calls (malformed) | {usage['tool_calls']} ({usage['malformed_calls']}) | |",
        f"| repair rounds | {report['repairs']} | |",
    ]
    if report.get("notes"):
        lines += ["", "## Notes", ""]
        lines += [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def write_markdown(report: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(report), encoding="utf-8")


def _short(sha: Any) -> str:
    return str(sha)[:12] if sha else ""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")[:160]
