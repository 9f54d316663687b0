"""Node ``deliver``: decides the run's outcome, commits when it may, exports the patch.

A commit lands on the run's branch only for a change that was verified
after the model's last edit (and approved, when approval is on), or when
the user asked for unverified commits (``--commit-unverified``); its
message says which. Whatever the outcome, a change is written to
``changes.patch`` so nothing the run did is lost.

Idempotent, because a resumed run may run it twice: the workspace's commit
returns the existing commit when nothing changed since it, and the patch
is rewritten with the same content.
"""

from __future__ import annotations

from typing import Any

from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.state import AgentState, DeliveryRecord, GateStepRecord, Outcome
from werk.tools.errors import WerkError

SUBJECT_LENGTH = 72


def deliver(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    workspace = deps.workspace
    changed = workspace.changed_files()
    verified = is_verified(state)
    outcome = outcome_of(state, changed, verified)
    committed = False
    commit: str | None = None
    note = ""
    may_commit = outcome == "delivered" or (
        deps.settings.commit_unverified and bool(changed) and outcome != "rejected"
    )
    if changed and deps.patch_path is not None:
        workspace.write_patch(deps.patch_path)
    if may_commit:
        try:
            commit = workspace.commit(commit_message(state, verified=outcome == "delivered"))
            committed = True
        except WerkError as exc:  # e.g. git refused; the patch and the worktree keep the change
            note = f"commit failed: {exc.message}"
            deps.events("error", {"source": "commit", "message": exc.message})
        if committed and deps.patch_path is not None:
            workspace.write_patch(deps.patch_path)  # now with author and message
    elif changed:
        note = "not committed: " + (
            "rejected at approval" if outcome == "rejected" else "verification did not pass"
        )
    delivery: DeliveryRecord = {
        "committed": committed,
        "commit": commit,
        "branch": workspace.branch,
        "changed_files": changed,
        "verified": verified,
        "patch": str(deps.patch_path) if changed and deps.patch_path is not None else None,
        "note": note,
    }
    deps.events(
        "deliver",
        {"outcome": outcome, "committed": committed, "commit": commit, "changed_files": changed},
    )
    return {"delivery": delivery, "outcome": outcome}


def is_verified(state: AgentState) -> bool:
    """The last gate run passed, and nothing was edited after it."""
    verifications = state.get("verifications", [])
    return (
        bool(verifications)
        and verifications[-1]["passed"]
        and bool(state.get("finished"))
        and state.get("stop_reason") is None
    )


def outcome_of(state: AgentState, changed: list[str], verified: bool) -> Outcome:
    reason = state.get("stop_reason")
    if reason is not None:
        return "budget_exhausted" if reason.startswith("budget") else "stopped"
    if not changed:
        return "no_changes"
    if state.get("approval") == "rejected":
        return "rejected"
    return "delivered" if verified else "unverified"


def commit_message(state: AgentState, *, verified: bool) -> str:
    task = state["task"].strip()
    first = task.splitlines()[0] if task else "change"
    subject = f"werk: {first}" if verified else f"werk (unverified): {first}"
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "…"
    lines = [subject, ""]
    summary = state.get("finish_summary", "").strip()
    if summary:
        lines += [summary, ""]
    if task != first:
        lines += ["Task:", task, ""]
    verifications = state.get("verifications", [])
    if verifications:
        last = verifications[-1]
        shown = ", ".join(f"{step['name']} {_verdict(step)}" for step in last["steps"])
        lines.append(f"Verification: {shown or 'no steps'}")
    else:
        lines.append("Verification: not run")
    lines.append(f"Werk-Run: {state['workspace']['run_id']}")
    return "\n".join(lines) + "\n"


def _verdict(step: GateStepRecord) -> str:
    if step["skipped"]:
        return "skipped"
    return "passed" if step["passed"] else "FAILED"
