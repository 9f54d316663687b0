"""Node ``tools``: every call answered once, malformed calls and repeated failures counted,
finish last, and a resumed step replayed from the journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage

from tests.agent.graph.harness import advance, harness
from werk.agent.graph.journal import ToolJournal
from werk.agent.graph.nodes.tools import run_tools

PUMP = "plc/fb_pump.st"


def answer(*calls: tuple[str, dict[str, Any]], invalid: bool = False) -> AIMessage:
    return AIMessage(
        "",
        tool_calls=[
            {"name": name, "args": args, "id": f"call_{number}"}
            for number, (name, args) in enumerate(calls)
        ],
        invalid_tool_calls=(
            [{"name": "edit_file", "args": "{", "id": "bad", "error": "cut off"}] if invalid else []
        ),
    )


def test_each_call_is_answered_in_order_with_finish_last(tmp_path: Path) -> None:
    deps, state, events = harness(tmp_path, [])
    calls = answer(
        ("finish", {"summary": "FB_Pump checks the level now."}),
        ("edit_file", {"path": PUMP, "search": "bRun := bStart;", "replace": "bRun := FALSE;"}),
        ("read_file", {"path": PUMP}),
    )
    update = run_tools(advance(state, {"messages": [calls]}), deps)
    replies = update["messages"]
    assert [reply.tool_call_id for reply in replies] == ["call_1", "call_2", "call_0"]
    assert all(isinstance(reply, ToolMessage) and reply.status == "success" for reply in replies)
    assert "bRun := FALSE;" in str(replies[1].content)  # read after the edit
    assert update["finished"] is True
    assert update["finish_summary"] == "FB_Pump checks the level now."
    assert [edit["ok"] for edit in update["edits"]] == [True]
    assert update["malformed_calls"] == 0 and update["tool_calls"] == 3
    mine = [data for data in events.of("tool") if "ok" in data]
    assert [data["name"] for data in mine] == ["edit_file", "read_file", "finish"]


def test_unknown_tools_bad_arguments_and_unreadable_calls_are_malformed(tmp_path: Path) -> None:
    deps, state, _ = harness(tmp_path, [])
    calls = answer(("delete_everything", {}), ("read_file", {"line": "x"}), invalid=True)
    update = run_tools(advance(state, {"messages": [calls]}), deps)
    texts = [str(reply.content) for reply in update["messages"]]
    assert texts[0].startswith("ERROR: there is no tool named 'delete_everything'")
    assert "read_file" in texts[0]  # the tools it could use
    assert texts[1].startswith("ERROR: invalid arguments for read_file")
    assert texts[2].startswith("ERROR: your tool call could not be read (cut off)")
    assert [reply.status for reply in update["messages"]] == ["error"] * 3
    assert update["malformed_calls"] == 3
    assert "stop_reason" not in update


def test_the_same_failing_edit_repeated_stops_the_loop(tmp_path: Path) -> None:
    deps, state, _ = harness(tmp_path, [])
    miss = ("edit_file", {"path": PUMP, "search": "no such line", "replace": "x"})
    for number in range(3):
        calls = answer(miss)
        calls = calls.model_copy(
            update={"tool_calls": [{**calls.tool_calls[0], "id": f"try_{number}"}]}
        )
        state = advance(state, {"messages": [calls]})
        update = run_tools(state, deps)
        state = advance(state, update)
    assert [edit["ok"] for edit in state["edits"]] == [False] * 3
    assert state["stop_reason"] == "the same failing tool call was repeated 3 times"


def test_a_resumed_step_replays_the_journal_instead_of_editing_twice(tmp_path: Path) -> None:
    deps, state, events = harness(tmp_path, [])
    deps.journal = ToolJournal(tmp_path / "journal.jsonl")
    edit = ("edit_file", {"path": PUMP, "search": "bRun := bStart;", "replace": "bRun := FALSE;"})
    state = advance(state, {"messages": [answer(edit)]})
    first = run_tools(state, deps)
    deps.journal = ToolJournal(tmp_path / "journal.jsonl")  # a new process
    again = run_tools(state, deps)
    assert again["messages"][0].content == first["messages"][0].content
    assert again["edits"] == first["edits"] and first["edits"][0]["ok"]
    assert (deps.workspace.root / PUMP).read_text().count("bRun := FALSE;") == 1
    assert events.of("tool")[-1] == {"step": 0, "name": "edit_file", "replayed": True}
