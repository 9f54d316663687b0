"""The conversation as the model sees it: the system prompt and a history that fits.

The state keeps every message; a model with a small window gets the
conversation shortened. Old tool outputs go first (replaced by a one-line
note, so every tool call keeps its answer, which OpenAI-style APIs
require), then the text of old answers; the first message (task and
context) and the latest exchanges stay whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage

from werk.agent.graph.budgets import estimate_tokens
from werk.agent.graph.prompts import render

KEEP_RECENT = 4
"""The latest messages are never shortened: the model needs what it just saw."""
ELIDED_TOOL_OUTPUT = "[older tool output left out to fit the context window; call the tool again]"
ELIDED_TEXT = "[older text left out]"


def system_prompt(branch: str, *, compact: bool) -> SystemMessage:
    return SystemMessage(render("system_compact" if compact else "system", branch=branch))


def message_tokens(message: BaseMessage) -> int:
    text = message.content if isinstance(message.content, str) else str(message.content)
    calls = message.tool_calls if isinstance(message, AIMessage) else []
    return estimate_tokens(text) + sum(estimate_tokens(str(call["args"])) + 8 for call in calls) + 4


def fit_history(messages: Sequence[BaseMessage], budget_tokens: int) -> list[BaseMessage]:
    """``messages`` shortened, oldest first, until their estimate fits ``budget_tokens``."""
    fitted = list(messages)
    total = sum(message_tokens(message) for message in fitted)
    if total <= budget_tokens:
        return fitted
    candidates = range(1, max(1, len(fitted) - KEEP_RECENT))
    for kind in (ToolMessage, AIMessage):
        for index in candidates:
            if total <= budget_tokens:
                return fitted
            message = fitted[index]
            if not isinstance(message, kind):
                continue
            replacement = ELIDED_TOOL_OUTPUT if kind is ToolMessage else ELIDED_TEXT
            if message.content in ("", replacement):
                continue
            shortened = message.model_copy(update={"content": replacement})
            total += message_tokens(shortened) - message_tokens(message)
            fitted[index] = shortened
    return fitted
