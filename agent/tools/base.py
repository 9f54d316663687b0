"""The frame every tool runs in: argument checking, errors as text, events, bounded output.

A tool is a plain function ``(context, arguments) -> str`` whose docstring
is the description the model reads, and a pydantic model of its arguments
(whose JSON schema the model sees). ``as_langchain_tool`` turns the pair into
a LangChain ``StructuredTool`` that never raises because of what a model
sent:

- arguments that do not validate (a word where a number belongs, a missing
  path) come back as ``ERROR:`` with the expected shape of the call;
  pydantic's lax mode already turns ``"12"`` into ``12`` and ``"true"`` into
  ``True``, and common synonyms of argument names (``file`` for ``path``)
  are accepted through aliases;
- ``ToolInputError`` and every ``WerkError`` (a refused path included) from
  the tool become ``ERROR: <message>`` with the hint;
- any other exception is a bug in werk, logged with its traceback and
  returned as an ``ERROR:`` that asks the model to try another way, so one
  broken tool cannot end a run;
- results longer than ``[agent] tool_output_chars`` keep their head and tail.

Every call, good or bad, emits ``events("tool", {...})``: name, arguments,
whether it failed, the first line of the result and the duration.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, ConfigDict, ValidationError

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import error, is_error
from werk.agent.workspace.commands import cut_middle
from werk.tools.errors import WerkError

log = logging.getLogger(__name__)
Arguments = TypeVar("Arguments", bound=BaseModel)
MAX_SHOWN_INPUT = 80


class ToolArguments(BaseModel):
    """Base of every tool's arguments: unknown keys are ignored, aliases and names accepted."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, str_strip_whitespace=False)


class ToolInputError(WerkError):
    """What the model asked for cannot be done as asked; the message says what to do instead."""


@dataclass(frozen=True)
class ToolSpec(Generic[Arguments]):
    name: str
    arguments: type[Arguments]
    run: Callable[[ToolContext, Arguments], str]

    @property
    def description(self) -> str:
        """The tool function's docstring, its wrapped lines joined into paragraphs."""
        text = inspect.getdoc(self.run) or self.name
        paragraphs = [" ".join(part.split()) for part in text.split("\n\n")]
        return "\n\n".join(paragraphs)


def as_langchain_tool(spec: ToolSpec[Any], context: ToolContext) -> BaseTool:
    """``spec`` as a LangChain tool bound to ``context``."""

    def call(*positional: Any, **named: Any) -> str:
        started = time.monotonic()
        if positional and not named:  # a bare string: it fills the first argument
            first = next(iter(spec.arguments.model_fields))
            named = {first: positional[0]}
        try:
            arguments = spec.arguments.model_validate(named)
            result = spec.run(context, arguments)
        except ValidationError as exc:
            result = invalid_arguments(spec, exc)
        except WerkError as exc:
            result = error(exc.message, *([f"hint: {exc.hint}"] if exc.hint else []))
        except Exception as exc:  # a bug in werk must not end the run: the model can go on
            log.exception("tool %s failed on %r", spec.name, named)
            result = error(
                f"{spec.name} failed inside werk ({type(exc).__name__}: {exc}).",
                "This is not your fault; try another tool or other arguments.",
            )
        result = cut_middle(result, context.settings.tool_output_chars)
        _emit(context, spec.name, named, result, time.monotonic() - started)
        return result

    def validation_failed(exc: ValidationError) -> str:
        result = invalid_arguments(spec, exc)
        _emit(context, spec.name, {}, result, 0.0)
        return result

    return StructuredTool(
        name=spec.name,
        description=spec.description,
        args_schema=spec.arguments,
        func=call,
        handle_validation_error=validation_failed,
    )


def invalid_arguments(spec: ToolSpec[Any], exc: ValidationError) -> str:
    """What was wrong with the arguments, field by field, and the call's expected shape."""
    problems = []
    for problem in exc.errors()[:5]:
        where = ".".join(str(part) for part in problem["loc"]) or "arguments"
        got = problem.get("input")
        shown = "" if isinstance(got, dict) else f" (got {_short(got)})"
        problems.append(f"{where}: {problem['msg']}{shown}")
    return error(
        f"invalid arguments for {spec.name}: " + "; ".join(problems),
        f"expected: {expected_shape(spec.arguments)}",
    )


def expected_shape(model: type[BaseModel]) -> str:
    """``{"path": text, "start_line": integer (optional)}``: a call's shape, for error texts."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parts = []
    for name, details in schema.get("properties", {}).items():
        kind = _kind(details)
        parts.append(f'"{name}": {kind}' + ("" if name in required else " (optional)"))
    return "{" + ", ".join(parts) + "}"


def _kind(details: dict[str, Any]) -> str:
    if "enum" in details:
        return " or ".join(f'"{value}"' for value in details["enum"])
    if "anyOf" in details:
        kinds = [_kind(option) for option in details["anyOf"] if option.get("type") != "null"]
        return " or ".join(kinds) or "null"
    names = {
        "string": "text",
        "integer": "integer",
        "number": "number",
        "boolean": "true/false",
        "array": "list",
        "object": "object",
    }
    kind = names.get(str(details.get("type")), "value")
    if kind == "list" and isinstance(details.get("items"), dict):
        kind = f"list of {_kind(details['items'])}"
    return kind


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_INPUT else text[: MAX_SHOWN_INPUT - 1] + "…"


def _emit(
    context: ToolContext, name: str, arguments: dict[str, Any], result: str, seconds: float
) -> None:
    first_line = result.splitlines()[0] if result else ""
    context.events(
        "tool",
        {
            "name": name,
            "arguments": {key: _short(value) for key, value in arguments.items()},
            "failed": is_error(result),
            "summary": first_line[:200],
            "duration_s": round(seconds, 3),
        },
    )
