"""Node ``act``: one model call within the budgets; unusable answers counted, never fatal."""

from __future__ import annotations

from pathlib import Path

from langchain_core.messages import AIMessage, HumanMessage

from tests.agent.graph.harness import LIMITS, advance, harness
from tests.agent.run.repos import planned
from werk.agent.graph.budgets import Prices
from werk.agent.graph.nodes.act import act, plan_of, with_call_ids
from werk.agent.graph.settings import AgentSettings
from werk.agent.models.replay import ReplayChatModel


def test_an_answer_with_tool_calls_is_counted_and_kept(tmp_path: Path) -> None:
    answer = planned("1. Read it.\n2. Fix it.", "read_file", path="x")
    settings = AgentSettings(limits=LIMITS, prices=Prices(1.0, 2.0))
    deps, state, events = harness(tmp_path, [answer], settings=settings)
    state = advance(state, {"messages": [HumanMessage("task")]})
    update = act(state, deps)
    (message,) = update["messages"]
    assert isinstance(message, AIMessage) and message.tool_calls[0]["name"] == "read_file"
    assert update["steps"] == 1
    assert update["input_tokens"] > 0 and not update["tokens_estimated"]
    expected = (update["input_tokens"] * 1.0 + update["output_tokens"] * 2.0) / 1e6
    assert update["cost"] == expected
    assert update["plan"] == ["Read it.", "Fix it."]
    answered = events.of("model")[-1]
    assert answered["phase"] == "answer" and answered["tool_calls"] == ["read_file"]
    assert isinstance(deps.model, ReplayChatModel)
    sent = deps.model.received[0]
    assert sent[0].type == "system" and deps.workspace.branch in str(sent[0].content)


def test_a_used_up_budget_stops_before_calling_the_model(tmp_path: Path) -> None:
    deps, state, events = harness(tmp_path, ["never asked"])
    update = act(advance(state, {"steps": LIMITS.max_steps}), deps)
    assert update == {"stop_reason": "budget: steps"}
    assert isinstance(deps.model, ReplayChatModel) and deps.model.received == []
    assert events.of("budget")[0]["exhausted"] == "steps"


def test_words_without_a_tool_call_get_a_nudge_and_count_as_malformed(tmp_path: Path) -> None:
    deps, state, _ = harness(tmp_path, ["I would change the code."])
    update = act(state, deps)
    assert update["malformed_calls"] == 1
    assert "finished" not in update
    nudge = update["messages"][-1]
    assert isinstance(nudge, HumanMessage) and "called no tool" in str(nudge.content)


def test_words_after_a_successful_edit_are_taken_as_the_summary(tmp_path: Path) -> None:
    deps, state, _ = harness(tmp_path, ["Done: FB_Pump checks the level now."])
    edit = {"step": 1, "tool": "edit_file", "path": "plc/fb_pump.st", "ok": True, "summary": ""}
    update = act(advance(state, {"edits": [edit]}), deps)
    assert update["finished"] is True
    assert update["finish_summary"] == "Done: FB_Pump checks the level now."


def test_unusable_answers_past_the_budget_stop_the_loop(tmp_path: Path) -> None:
    deps, state, _ = harness(tmp_path, ["words"])
    update = act(advance(state, {"malformed_calls": 4}), deps)
    assert update["stop_reason"] == "no usable tool calls"


def test_a_model_error_ends_the_loop_with_its_message(tmp_path: Path) -> None:
    deps, state, events = harness(tmp_path, [])
    update = act(state, deps)
    assert update["stop_reason"] == "model error"
    assert "exhausted" in update["last_error"]
    assert events.of("error")[0]["source"] == "model"


def test_every_call_gets_a_unique_id() -> None:
    answer = AIMessage(
        "",
        tool_calls=[
            {"name": "a", "args": {}, "id": "same"},
            {"name": "b", "args": {}, "id": "same"},
            {"name": "c", "args": {}, "id": None},
        ],
        invalid_tool_calls=[{"name": None, "args": "{", "id": None, "error": "bad"}],
    )
    fixed = with_call_ids(answer)
    ids = [c["id"] for c in fixed.tool_calls] + [c["id"] for c in fixed.invalid_tool_calls]
    assert ids[0] == "same" and len(set(ids)) == 4 and all(ids)
    assert fixed.id


def test_the_plan_is_the_listed_lines_or_else_the_first_lines() -> None:
    assert plan_of("Plan:\n1) read\n- edit\n* test\nthen finish") == ["read", "edit", "test"]
    assert plan_of("Read the FB.\nFix it.") == ["Read the FB.", "Fix it."]
