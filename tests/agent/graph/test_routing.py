"""Where a run goes after each node, from the state alone."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from werk.agent.graph.budgets import BudgetLimits
from werk.agent.graph.routing import after_act, after_tools, after_verify, recursion_limit
from werk.agent.graph.settings import AgentSettings
from werk.agent.graph.state import AgentState

SETTINGS = AgentSettings(limits=BudgetLimits(10, 10_000, 600.0), max_repairs=2)
CALL = AIMessage("", tool_calls=[{"name": "read_file", "args": {}, "id": "c1"}])
OK_EDIT = {"step": 1, "tool": "edit_file", "path": "a.st", "ok": True, "summary": ""}


def state(**values: Any) -> AgentState:
    return values


def verification(passed: bool) -> dict[str, Any]:
    return {"attempt": 1, "passed": passed, "steps": [], "duration_s": 0.1, "changed_files": []}


def test_after_act() -> None:
    assert after_act(state(messages=[CALL])) == "tools"
    bad = AIMessage("", invalid_tool_calls=[{"name": None, "args": "{", "id": "x", "error": "e"}])
    assert after_act(state(messages=[bad])) == "tools"
    assert after_act(state(messages=[CALL], stop_reason="budget: steps")) == "deliver"
    assert after_act(state(messages=[AIMessage("done"), HumanMessage("use tools")])) == "act"
    assert after_act(state(messages=[AIMessage("done")], finished=True)) == "verify"


def test_after_tools() -> None:
    assert after_tools(state()) == "act"
    assert after_tools(state(finished=True, edits=[OK_EDIT])) == "verify"
    failed = {**OK_EDIT, "ok": False}
    assert after_tools(state(finished=True, edits=[failed])) == "deliver"
    assert after_tools(state(stop_reason="3 unusable tool calls")) == "deliver"


def test_after_verify() -> None:
    assert after_verify(state(verifications=[verification(True)]), SETTINGS) == "deliver"
    approval = AgentSettings(limits=SETTINGS.limits, approval="before-commit")
    assert after_verify(state(verifications=[verification(True)]), approval) == "approve"
    assert after_verify(state(verifications=[verification(False)]), SETTINGS) == "repair"
    used = state(verifications=[verification(False)], repairs=2)
    assert after_verify(used, SETTINGS) == "deliver"
    broke = state(verifications=[verification(False)], steps=10)
    assert after_verify(broke, SETTINGS) == "deliver"


def test_the_recursion_limit_leaves_room_for_every_budgeted_step() -> None:
    # Two super-steps per model call, three per repair round, plus the fixed nodes.
    limit = recursion_limit(SETTINGS)
    assert limit >= 2 * (SETTINGS.limits.max_steps + SETTINGS.max_malformed_calls) + 3 * 3 + 4
    assert recursion_limit(SETTINGS.with_limits(max_steps=100)) > limit
