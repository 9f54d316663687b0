"""The run's report: what changed and why, each verification step, tokens, time, cost,
the branch and the commit, written as ``report.json`` (``werk.run-report/1``).

The report is built from the graph's last checkpointed state, whatever the
run's end: delivered, unverified, a budget used up, stopped, paused for
approval, or crashed. It says plainly what did not happen (no commit, no
verification, estimated tokens, unknown cost) and how to resume when that
is possible. Writing it twice gives the same files, so a resumed run simply
writes it again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werk.agent.graph.budgets import Usage
from werk.agent.graph.settings import AgentSettings

REPORT_FORMAT = "werk.run-report/1"
RESUMABLE = frozenset({"crashed", "interrupted", "awaiting_approval"})

EXIT_DELIVERED = 0
EXIT_NOT_VERIFIED = 1
EXIT_CRASHED = 3


@dataclass(frozen=True)
class RunFacts:
    """What the runner knows beside the state."""

    run_id: str
    repo: Path
    task: str
    model: Mapping[str, str]
    started: str
    finished: str
    status: str
    """The outcome of the graph, or crashed / interrupted / awaiting_approval."""
    error: str | None = None
    user_changes: int = 0
    """Uncommitted changes in the user's checkout when the run started (not in the worktree)."""
    elapsed_s: float = 0.0


def exit_code_of(status: str) -> int:
    if status == "delivered":
        return EXIT_DELIVERED
    if status in ("crashed",):
        return EXIT_CRASHED
    return EXIT_NOT_VERIFIED


def build_report(
    state: Mapping[str, Any], facts: RunFacts, settings: AgentSettings
) -> dict[str, Any]:
    workspace = state.get("workspace") or {}
    delivery = state.get("delivery") or {}
    verifications = list(state.get("verifications", []))
    usage = Usage.of_state(state)
    limits = settings.limits
    status = facts.status
    notes = _notes(state, facts, settings, verifications)
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "run_id": facts.run_id,
        "status": status,
        "exit_code": exit_code_of(status),
        "task": facts.task,
        "repo": str(facts.repo),
        "worktree": workspace.get("root"),
        "branch": delivery.get("branch") or workspace.get("branch"),
        "base_commit": workspace.get("base_commit"),
        "committed": bool(delivery.get("committed")),
        "commit": delivery.get("commit"),
        "verified": bool(delivery.get("verified")),
        "model": dict(facts.model),
        "started": facts.started,
        "finished": facts.finished,
        "plan": list(state.get("plan", [])),
        "summary": state.get("finish_summary") or "",
        "stop_reason": state.get("stop_reason"),
        "error": facts.error or state.get("last_error"),
        "changes": {
            "files": list(delivery.get("changed_files", [])),
            "patch": delivery.get("patch"),
            "note": delivery.get("note", ""),
        },
        "edits": list(state.get("edits", [])),
        "verification": {
            "passed": bool(verifications) and bool(verifications[-1]["passed"]),
            "attempts": verifications,
        },
        "repairs": int(state.get("repairs", 0)),
        "usage": {
            "steps": usage.steps,
            "max_steps": limits.max_steps,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "tokens": usage.tokens,
            "max_tokens": limits.max_tokens,
            "tokens_estimated": bool(state.get("tokens_estimated", False)),
            "wall_s": round(max(usage.wall_s, facts.elapsed_s), 3),
            "graph_s": round(usage.wall_s, 3),
            "max_wall_s": limits.max_wall_s,
            "cost": round(usage.cost, 6) if settings.prices.known else None,
            "max_cost": limits.max_cost,
            "tool_calls": int(state.get("tool_calls", 0)),
            "malformed_calls": int(state.get("malformed_calls", 0)),
        },
        "context": state.get("context"),
        "notes": notes,
        "resume": (
            f"werk run --repo {facts.repo} --resume {facts.run_id}" if status in RESUMABLE else None
        ),
    }
    return report


def write_report(report: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(path)


def _notes(
    state: Mapping[str, Any],
    facts: RunFacts,
    settings: AgentSettings,
    verifications: list[Any],
) -> list[str]:
    notes: list[str] = []
    status = facts.status
    reason = state.get("stop_reason")
    if status == "budget_exhausted" and reason:
        notes.append(
            f"Stopped early: the {reason.removeprefix('budget: ')} budget was used up; "
            "the work so far is partial."
        )
    elif status == "stopped" and reason:
        notes.append(f"Stopped early: {reason}.")
    elif status == "crashed":
        notes.append(
            "werk itself failed during the run (not the model); the state up to the last "
            "completed step is kept and the run can be resumed."
        )
    elif status == "interrupted":
        notes.append("The run was interrupted; it can be resumed.")
    elif status == "awaiting_approval":
        notes.append(
            "The change passed verification and waits for approval: resume with --approve "
            "or --reject."
        )
    if not verifications and status not in ("no_changes",):
        notes.append("Verification did not run.")
    elif verifications and not verifications[-1]["passed"]:
        notes.append(f"Verification failed after {len(verifications)} attempt(s).")
    delivery = state.get("delivery") or {}
    if delivery.get("committed") and not delivery.get("verified"):
        notes.append("Committed although unverified, as requested (--commit-unverified).")
    if state.get("tokens_estimated"):
        notes.append("Token counts are estimated (the provider reported no usage).")
    if not settings.prices.known:
        notes.append("Cost unknown: the model profile has no prices.")
    if facts.user_changes:
        notes.append(
            f"Your checkout had {facts.user_changes} uncommitted change(s) when the run started; "
            "they are not part of this run, which started from the last commit, and they were "
            "left untouched."
        )
    baseline = state.get("baseline") or {}
    notes.extend(
        f"Already so before the change (not blamed on it): {note}"
        for note in baseline.get("notes", [])
    )
    context = state.get("context") or {}
    notes.extend(context.get("notes", []))
    return notes
