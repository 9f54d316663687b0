"""The conversation fitted into a small context window."""

from __future__ import annotations

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from werk.agent.graph.history import (
    ELIDED_TOOL_OUTPUT,
    fit_history,
    message_tokens,
    system_prompt,
)


def conversation(rounds: int) -> list[BaseMessage]:
    messages: list[BaseMessage] = [HumanMessage("task and context " * 50)]
    for number in range(rounds):
        call_id = f"c{number}"
        messages.append(
            AIMessage(
                f"looking at file {number}",
                tool_calls=[{"name": "read_file", "args": {"path": f"{number}.st"}, "id": call_id}],
            )
        )
        messages.append(ToolMessage("x" * 2000, tool_call_id=call_id))
    return messages


def test_a_short_conversation_is_unchanged() -> None:
    messages = conversation(2)
    assert fit_history(messages, 10_000) == messages


def test_old_tool_outputs_go_first_and_every_call_keeps_its_answer() -> None:
    messages = conversation(8)
    fitted = fit_history(messages, 2500)
    assert sum(message_tokens(m) for m in fitted) <= 2500
    assert fitted[0] == messages[0]
    assert fitted[-4:] == messages[-4:]
    assert fitted[2].content == ELIDED_TOOL_OUTPUT
    calls = {c["id"] for m in fitted if isinstance(m, AIMessage) for c in m.tool_calls}
    answers = {m.tool_call_id for m in fitted if isinstance(m, ToolMessage)}
    assert calls == answers
    assert len(fitted) == len(messages)


def test_the_system_prompt_names_the_branch_and_the_data_fence() -> None:
    full = system_prompt("werk/fix-valve", compact=False)
    assert "werk/fix-valve" in str(full.content)
    assert "<<<DATA" in str(full.content)
    compact = system_prompt("werk/fix-valve", compact=True)
    assert len(str(compact.content)) < len(str(full.content)) / 2
    assert "<<<DATA" in str(compact.content)
