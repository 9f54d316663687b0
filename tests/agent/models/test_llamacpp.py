"""The in-process llama.cpp provider: constrained tool calls, and the embedded SmolLM2 model."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from werk.agent.config import LoadedConfig
from werk.agent.models import build_chat_model
from werk.agent.models.llamacpp import embedded_model_path, parse_call, to_chatml
from werk.agent.models.tool_schema import RESPOND, call_schema
from werk.tools.errors import ModelError

READ = {
    "type": "function",
    "function": {
        "name": "read_file",
        "description": "Read a file of the repository.",
        "parameters": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "first_line": {"type": "integer"}},
            "required": ["path"],
        },
    },
}
CHECK = {
    "type": "function",
    "function": {"name": "run_check", "description": "Run werk check.", "parameters": {}},
}


def names_in(schema: dict) -> set[str]:
    options = schema.get("anyOf", [schema])
    return {option["properties"]["name"]["const"] for option in options}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, {"read_file", "run_check", RESPOND}),
        ("auto", {"read_file", "run_check", RESPOND}),
        ("any", {"read_file", "run_check"}),
        ("required", {"read_file", "run_check"}),
        ("run_check", {"run_check"}),
        ({"type": "function", "function": {"name": "read_file"}}, {"read_file"}),
    ],
)
def test_schema_follows_tool_choice(choice: object, expected: set[str]) -> None:
    schema = call_schema([READ, CHECK], choice)
    assert schema is not None
    assert names_in(schema) == expected


def test_no_schema_without_tools_or_with_choice_none() -> None:
    assert call_schema([], "auto") is None
    assert call_schema([READ], "none") is None


def test_parse_call_kinds() -> None:
    call = parse_call('{"name": "read_file", "arguments": {"path": "MAIN.st"}}')
    assert call.tool_calls[0]["name"] == "read_file" and call.tool_calls[0]["args"] == {
        "path": "MAIN.st"
    }
    reply = parse_call(json.dumps({"name": RESPOND, "arguments": {"text": "Done."}}))
    assert reply.content == "Done." and not reply.tool_calls
    broken = parse_call('{"name": "read_file", "argum')
    assert broken.invalid_tool_calls and "unusable tool call" in str(
        broken.invalid_tool_calls[0]["error"]
    )


def test_chat_history_is_rendered_for_any_template() -> None:
    history = [
        SystemMessage("sys"),
        HumanMessage("open a"),
        AIMessage("", tool_calls=[{"name": "read_file", "args": {"path": "a"}, "id": "1"}]),
        ToolMessage("PROGRAM a", tool_call_id="1"),
    ]
    chat = to_chatml(history, "TOOLS")
    assert [m["role"] for m in chat] == ["system", "user", "assistant", "user"]
    assert chat[0]["content"] == "sys\n\nTOOLS"
    assert json.loads(chat[2]["content"]) == {"name": "read_file", "arguments": {"path": "a"}}
    assert chat[3]["content"].startswith("Tool result:")


def test_missing_model_file_is_a_clear_error(configure: Callable[[str], LoadedConfig]) -> None:
    model = build_chat_model(
        configure('[models.embedded]\nprovider = "llamacpp"\nmodel_path = "nope.gguf"\n')
    )
    with pytest.raises(ModelError, match="model file not found"):
        model.invoke([HumanMessage("hi")])


@pytest.mark.slow
def test_embedded_smollm2_gives_a_schema_valid_tool_call(
    configure: Callable[[str], LoadedConfig],
) -> None:
    assert embedded_model_path().stat().st_size > 50_000_000
    model = build_chat_model(configure("[models.embedded]\nn_threads = 2\nmax_tokens = 96\n"))
    forced = model.bind_tools([READ, CHECK], tool_choice="read_file").invoke(
        [HumanMessage("Open the file MAIN.st so we can fix the motor interlock.")]
    )
    assert isinstance(forced, AIMessage)
    assert len(forced.tool_calls) == 1
    assert forced.tool_calls[0]["name"] == "read_file"
    assert isinstance(forced.tool_calls[0]["args"]["path"], str)
    again = model.bind_tools([READ, CHECK], tool_choice="read_file").invoke(
        [HumanMessage("Open the file MAIN.st so we can fix the motor interlock.")]
    )
    assert again.tool_calls[0]["args"] == forced.tool_calls[0]["args"]  # temperature 0: repeatable


@pytest.mark.slow
def test_embedded_smollm2_streams_a_plain_answer(configure: Callable[[str], LoadedConfig]) -> None:
    model = build_chat_model(configure("[models.embedded]\nn_threads = 2\nmax_tokens = 24\n"))
    chunks = list(model.stream([HumanMessage("What is a PLC?")]))
    assert len(chunks) > 1
    assert "".join(str(c.content) for c in chunks).strip()
