"""Node ``act``: one model call with the tools bound, within the run's budgets.

Before calling, the budgets are checked (steps, tokens, wall time, cost);
when one is used up the node sets ``stop_reason`` and the run goes to
delivery with an honest partial report instead of calling the model.

After the call, tokens and cost are counted (estimated when the provider
reports none). An answer without any tool call is one of two things: when
the model has already changed files, its words are taken as its summary
(many models end that way rather than calling ``finish``); otherwise it is
an unusable answer, counted against the malformed-call budget, and the
model is asked once more to use the tools.

A model or provider error ends the loop (``stop_reason`` "model error")
with the message in the report; it never crashes the run.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from werk.agent.graph.budgets import Usage, exhausted, tokens_of
from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.history import fit_history, system_prompt
from werk.agent.graph.prompts import render
from werk.agent.graph.state import AgentState
from werk.tools.errors import WerkError

MAX_PLAN_LINES = 8
PLAN_LINE = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(.+)$")


def act(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    settings = deps.settings
    used_up = exhausted(settings.limits, Usage.of_state(state))
    if used_up is not None:
        deps.events("budget", {"exhausted": used_up, **_usage(state)})
        return {"stop_reason": f"budget: {used_up}"}
    messages = [
        system_prompt(state["workspace"]["branch"], compact=settings.compact),
        *fit_history(state.get("messages", []), _history_budget(deps)),
    ]
    step = state.get("steps", 0) + 1
    deps.events("model", {"step": step, "phase": "request", "messages": len(messages)})
    started = deps.clock()
    try:
        answer = deps.invoke_model(messages)
    except WerkError as exc:
        deps.events("error", {"step": step, "source": "model", "message": exc.message})
        return {"stop_reason": "model error", "last_error": exc.message, "steps": 1}
    answer = with_call_ids(answer)
    count = tokens_of(answer, messages)
    cost = settings.prices.cost(count.input_tokens, count.output_tokens)
    deps.events(
        "model",
        {
            "step": step,
            "phase": "answer",
            "seconds": round(deps.clock() - started, 3),
            "input_tokens": count.input_tokens,
            "output_tokens": count.output_tokens,
            "estimated": count.estimated,
            "tool_calls": [call["name"] for call in answer.tool_calls],
            "invalid_tool_calls": len(answer.invalid_tool_calls),
            "text": answer.text[:200],
        },
    )
    update: dict[str, Any] = {
        "messages": [answer],
        "steps": 1,
        "input_tokens": count.input_tokens,
        "output_tokens": count.output_tokens,
        "tokens_estimated": count.estimated,
        "cost": cost,
    }
    if not state.get("plan") and answer.text.strip():
        update["plan"] = plan_of(answer.text)
    if answer.tool_calls or answer.invalid_tool_calls:
        return update
    if any(edit["ok"] for edit in state.get("edits", [])):
        update["finished"] = True
        update["finish_summary"] = answer.text.strip()
        return update
    update["malformed_calls"] = 1
    if state.get("malformed_calls", 0) + 1 > settings.max_malformed_calls:
        update["stop_reason"] = "no usable tool calls"
    else:
        update["messages"] = [answer, HumanMessage(render("nudge"))]
    return update


def with_call_ids(answer: AIMessage) -> AIMessage:
    """Every tool call with a unique id: each must get its own answer, also on resume."""
    seen: set[str] = set()
    calls = []
    for call in answer.tool_calls:
        call_id = call.get("id") or ""
        if not call_id or call_id in seen:
            call = {**call, "id": _new_id()}
        seen.add(call["id"] or "")
        calls.append(call)
    invalid = []
    for bad in answer.invalid_tool_calls:
        bad_id = bad.get("id") or ""
        if not bad_id or bad_id in seen:
            bad = {**bad, "id": _new_id()}
        seen.add(bad["id"] or "")
        invalid.append(bad)
    update: dict[str, Any] = {"tool_calls": calls, "invalid_tool_calls": invalid}
    if answer.id is None:
        update["id"] = f"answer-{uuid.uuid4().hex[:12]}"
    return answer.model_copy(update=update)


def plan_of(text: str) -> list[str]:
    """The numbered or bulleted lines of the model's first text; else its first lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    listed = [match.group(1) for line in lines if (match := PLAN_LINE.match(line))]
    return (listed or lines)[:MAX_PLAN_LINES]


def _history_budget(deps: AgentDeps) -> int:
    return max(300, deps.settings.history_tokens - deps.tool_schema_tokens() - 400)


def _usage(state: AgentState) -> dict[str, Any]:
    usage = Usage.of_state(state)
    return {
        "steps": usage.steps,
        "tokens": usage.tokens,
        "wall_s": round(usage.wall_s, 1),
        "cost": round(usage.cost, 6),
    }


def _new_id() -> str:
    return f"call_{uuid.uuid4().hex[:12]}"
