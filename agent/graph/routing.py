"""Where the run goes after each node: pure functions of the state and the settings."""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage

from werk.agent.graph.budgets import Usage, exhausted
from werk.agent.graph.settings import AgentSettings
from werk.agent.graph.state import AgentState

AfterAct = Literal["tools", "act", "verify", "deliver"]
AfterTools = Literal["act", "verify", "deliver"]
AfterVerify = Literal["repair", "approve", "deliver"]


def after_act(state: AgentState) -> AfterAct:
    if state.get("stop_reason") is not None:
        return "deliver"
    last = state["messages"][-1] if state.get("messages") else None
    if isinstance(last, AIMessage) and (last.tool_calls or last.invalid_tool_calls):
        return "tools"
    if state.get("finished"):
        return "verify"
    return "act"


def after_tools(state: AgentState) -> AfterTools:
    if state.get("stop_reason") is not None:
        return "deliver"
    if state.get("finished"):
        has_changes = any(edit["ok"] for edit in state.get("edits", []))
        return "verify" if has_changes else "deliver"
    return "act"


def after_verify(state: AgentState, settings: AgentSettings) -> AfterVerify:
    last = state["verifications"][-1]
    if last["passed"]:
        return "approve" if settings.approval == "before-commit" else "deliver"
    if state.get("repairs", 0) >= settings.max_repairs:
        return "deliver"
    if exhausted(settings.limits, Usage.of_state(state)) is not None:
        return "deliver"
    return "repair"


def recursion_limit(settings: AgentSettings) -> int:
    """Super-steps a run can take before LangGraph stops it: the budgets end a run long before.

    Each model call is at most two super-steps (act, tools); each repair round
    adds verify and repair; plus gather, approve, deliver and slack.
    """
    return (
        2 * (settings.limits.max_steps + settings.max_malformed_calls)
        + 3 * (settings.max_repairs + 1)
        + 10
    )
