"""Node ``approve``: a person says yes or no to a verified change before it is committed.

Only in the graph when ``[agent] approval = "before-commit"``. The node
pauses the run with LangGraph's ``interrupt``, showing the branch, the
changed files, the verification and the diff; the run is checkpointed and
the process may exit. ``werk run --resume RUN_ID --approve`` (or the
language server) continues it with ``Command(resume=...)``.

A resumed node runs again from its start: the interrupt then returns the
answer instead of pausing, and nothing before it has side effects.
"""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.state import AgentState

MAX_DIFF_CHARS = 20_000
YES = frozenset({"y", "yes", "approve", "approved", "true", "ok"})


def approve(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    if state.get("approval") is not None:
        return {}
    last = state["verifications"][-1]
    diff = deps.workspace.diff()
    request = {
        "kind": "approval",
        "run_id": state["workspace"]["run_id"],
        "branch": state["workspace"]["branch"],
        "changed_files": last["changed_files"],
        "verification": [
            {"name": step["name"], "passed": step["passed"], "summary": step["summary"]}
            for step in last["steps"]
        ],
        "summary": state.get("finish_summary", ""),
        "diff": diff[:MAX_DIFF_CHARS],
    }
    deps.events("approval", {"phase": "requested", "changed_files": last["changed_files"]})
    answer = interrupt(request)
    approved = is_approval(answer)
    deps.events("approval", {"phase": "answered", "approved": approved})
    return {"approval": "approved" if approved else "rejected"}


def is_approval(answer: Any) -> bool:
    """``True``, ``"yes"``, ``{"approved": true}``: the forms a CLI or an editor sends."""
    if isinstance(answer, dict):
        answer = answer.get("approved", answer.get("approve"))
    if isinstance(answer, bool):
        return answer
    return isinstance(answer, str) and answer.strip().lower() in YES
