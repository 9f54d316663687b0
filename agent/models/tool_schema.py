"""JSON schemas that constrain a small local model's output to valid tool calls.

Measured with SmolLM2-135M: with automatic tool choice it never stops, but
with its output constrained to a JSON schema the answer always parses. So for
an in-process model, werk turns the bound tools into one schema: an object
``{"name": <tool>, "arguments": {...}}`` for each allowed tool, plus, when the
model may also answer in words, ``{"name": "respond", "arguments": {"text": ...}}``.
"""

from __future__ import annotations

import json
from typing import Any

RESPOND = "respond"


def forced_tool_name(tool_choice: Any) -> str | None:
    """The one tool the caller forces, if any (LangChain and OpenAI spellings)."""
    if isinstance(tool_choice, dict):
        return str(tool_choice.get("function", {}).get("name") or tool_choice.get("name") or "")
    if isinstance(tool_choice, str) and tool_choice not in ("auto", "any", "required", "none"):
        return tool_choice
    return None


def call_schema(tools: list[dict[str, Any]], tool_choice: Any) -> dict[str, Any] | None:
    """The schema the answer must satisfy, or None when tools are off."""
    if not tools or tool_choice == "none":
        return None
    forced = forced_tool_name(tool_choice)
    functions = [tool["function"] for tool in tools]
    if forced:
        functions = [fn for fn in functions if fn["name"] == forced] or functions
    options = [_one_call(fn["name"], fn.get("parameters") or {}) for fn in functions]
    if not forced and tool_choice not in ("any", "required", True):
        text = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
        options.append(_one_call(RESPOND, text))
    return options[0] if len(options) == 1 else {"anyOf": options}


def _one_call(name: str, parameters: dict[str, Any]) -> dict[str, Any]:
    arguments = {k: v for k, v in parameters.items() if k not in ("title", "description")}
    arguments.setdefault("type", "object")
    arguments.setdefault("properties", {})
    return {
        "type": "object",
        "properties": {"name": {"const": name}, "arguments": arguments},
        "required": ["name", "arguments"],
    }


def tools_prompt(tools: list[dict[str, Any]], may_respond: bool) -> str:
    """The system-prompt text that tells the model which tools exist and how to answer."""
    lines = [
        'You can call these tools. Answer with one JSON object {"name": ..., "arguments": {...}}.'
    ]
    for tool in tools:
        fn = tool["function"]
        params = json.dumps(fn.get("parameters", {}).get("properties", {}), separators=(",", ":"))
        lines.append(f"- {fn['name']}: {fn.get('description', '').strip()} arguments: {params}")
    if may_respond:
        lines.append(f'- {RESPOND}: answer the user in words. arguments: {{"text": string}}')
    return "\n".join(lines)
