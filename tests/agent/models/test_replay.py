"""The replay model: scripted answers, tool calls included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage, messages_to_dict

from werk.agent.config import LoadedConfig
from werk.agent.models import build_chat_model
from werk.agent.models.replay import ReplayChatModel
from werk.tools.errors import ConfigError, ModelOutputError


def write_script(project: Path, entries: object) -> None:
    (project / "script.json").write_text(json.dumps(entries))


CONFIG = 'model = "r"\n[models.r]\nprovider = "replay"\nscript = "script.json"\n'


def test_plays_back_text_and_tool_calls_in_order(
    project: Path, configure: Callable[[str], LoadedConfig]
) -> None:
    recorded = messages_to_dict([AIMessage("recorded answer")])
    write_script(
        project,
        ["first", {"tool_calls": [{"name": "read_file", "args": {"path": "a.st"}}]}, *recorded],
    )
    model = build_chat_model(configure(CONFIG))
    bound = model.bind_tools(
        [{"type": "function", "function": {"name": "read_file", "parameters": {}}}]
    )
    assert bound.invoke([HumanMessage("1")]).content == "first"
    call = bound.invoke([HumanMessage("2")])
    assert isinstance(call, AIMessage) and call.tool_calls[0]["args"] == {"path": "a.st"}
    assert call.tool_calls[0]["id"]
    assert bound.invoke([HumanMessage("3")]).content == "recorded answer"
    with pytest.raises(ModelOutputError, match="exhausted after 3 answers"):
        bound.invoke([HumanMessage("4")])


def test_repeat_last(project: Path, configure: Callable[[str], LoadedConfig]) -> None:
    write_script(project, ["only"])
    model = build_chat_model(configure(CONFIG + 'when_exhausted = "repeat-last"\n'))
    assert [model.invoke("x").content for _ in range(3)] == ["only"] * 3


def test_records_what_it_was_asked(project: Path, configure: Callable[[str], LoadedConfig]) -> None:
    write_script(project, ["a"])
    model = build_chat_model(configure(CONFIG))
    model.invoke([HumanMessage("what drives %QX0.1?")])
    assert isinstance(model.inner, ReplayChatModel)
    assert model.inner.received[0][0].content == "what drives %QX0.1?"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"a": 1}', "must be a JSON list"),
        ("[42]", r"script.json\[0\]: expected a string"),
    ],
)
def test_bad_scripts(
    project: Path, configure: Callable[[str], LoadedConfig], content: str, message: str
) -> None:
    (project / "script.json").write_text(content)
    with pytest.raises(ConfigError, match=message):
        build_chat_model(configure(CONFIG))


def test_missing_script(configure: Callable[[str], LoadedConfig]) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        build_chat_model(configure(CONFIG))
