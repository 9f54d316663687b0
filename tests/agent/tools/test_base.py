from __future__ import annotations

from typing import Any

from pydantic import Field

from tests.agent.tools.conftest import Call
from werk.agent.tools import ToolContext
from werk.agent.tools.base import ToolArguments, ToolSpec, as_langchain_tool, expected_shape
from werk.agent.tools.read_file import ReadFileArguments


def test_wrong_argument_types_come_back_as_errors_with_the_expected_shape(call: Call) -> None:
    result = call("read_file", path="plc/main.st", start_line="the top")
    assert result.startswith("ERROR: invalid arguments for read_file: start_line:")
    assert "(got 'the top')" in result
    assert (
        'expected: {"path": text, "start_line": integer (optional), "end_line": integer (optional)}'
    ) in result
    missing = call("read_file", start_line=1)
    assert missing.startswith("ERROR: invalid arguments for read_file: path: Field required")


def test_unambiguous_values_and_argument_synonyms_are_accepted(call: Call) -> None:
    result = call("read_file", {"file": "plc/main.st", "start": "2", "end": 2.0})
    assert result.splitlines()[0].startswith("plc/main.st: lines 2-2 of 9")
    assert call("read_file", {"path": "plc/main.st", "unknown_extra": 1}).startswith("plc/main.st")


def test_a_bare_string_fills_the_first_argument(call: Call) -> None:
    assert call("read_file", "plc/main.st").startswith("plc/main.st: lines 1-9 of 9")


def test_every_call_emits_an_event(call: Call, events: list[tuple[str, dict[str, Any]]]) -> None:
    call("read_file", path="plc/main.st")
    call("read_file", path="nope.st")
    call("read_file", path="plc/main.st", start_line="x")
    kinds = [kind for kind, _ in events]
    assert kinds == ["tool", "tool", "tool"]
    first, second, third = (data for _, data in events)
    assert first["name"] == "read_file"
    assert first["failed"] is False
    assert first["arguments"]["path"] == "'plc/main.st'"
    assert first["summary"] == "plc/main.st: lines 1-9 of 9"
    assert second["failed"] is True
    assert third["failed"] is True
    assert third["summary"].startswith("ERROR: invalid arguments for read_file")


class _Arguments(ToolArguments):
    word: str = Field(description="anything")


def _crashes(context: ToolContext, arguments: _Arguments) -> str:
    """A tool with a bug."""
    raise KeyError(arguments.word)


def _talks(context: ToolContext, arguments: _Arguments) -> str:
    """A tool that says a lot."""
    return arguments.word * 100_000


def test_a_bug_inside_a_tool_is_an_error_text_not_a_crash(context: ToolContext) -> None:
    tool = as_langchain_tool(ToolSpec("crashes", _Arguments, _crashes), context)
    result = tool.invoke({"word": "boom"})
    assert result.startswith("ERROR: crashes failed inside werk (KeyError: 'boom').")
    assert "This is not your fault" in result
    assert tool.description == "A tool with a bug."


def test_long_results_keep_their_head_and_tail(context: ToolContext) -> None:
    tool = as_langchain_tool(ToolSpec("talks", _Arguments, _talks), context)
    result = tool.invoke({"word": "ab"})
    assert len(result) < context.settings.tool_output_chars + 100
    assert "characters left out" in result


def test_expected_shape_names_types_and_choices() -> None:
    assert expected_shape(ReadFileArguments).startswith('{"path": text, "start_line": integer')
