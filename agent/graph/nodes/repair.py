"""Node ``repair``: hands the failed verification back to the model, once per round.

The model gets the failing steps and their evidence (the counterexample
trace, the diverging cycle, the diagnostics with positions, the failing
test output), fenced as data and cut to fit its window, and the act loop
starts again. Rounds are bounded by ``max_repairs``; the router decides
whether another round is allowed.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage

from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.gathering.gather import truncate_to_tokens
from werk.agent.graph.prompts import render
from werk.agent.graph.state import AgentState
from werk.agent.tools.formatting import FENCE_OPEN, fence

EVIDENCE_SHARE = 0.25


def repair(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    last = state["verifications"][-1]
    failed = [step for step in last["steps"] if not step["passed"] and not step["skipped"]]
    parts = []
    for step in failed:
        body = step["evidence"] or step["summary"]
        fenced = body if FENCE_OPEN in body else fence(f"verification {step['name']}", body)
        parts.append(f"{step['name']}: {step['summary']}\n{fenced}")
    budget = int(deps.settings.history_tokens * EVIDENCE_SHARE)
    evidence, _ = truncate_to_tokens("\n\n".join(parts), budget)
    round_number = state.get("repairs", 0) + 1
    deps.events(
        "repair",
        {
            "round": round_number,
            "of": deps.settings.max_repairs,
            "failed": [step["name"] for step in failed],
        },
    )
    message = HumanMessage(
        render(
            "repair",
            failed=", ".join(step["name"] for step in failed) or "the gate",
            round=round_number,
            rounds=deps.settings.max_repairs,
            evidence=evidence,
        )
    )
    return {"messages": [message], "repairs": 1, "finished": False}
