"""Budgets of one run: steps, tokens, wall time and cost, and how they are counted.

The ``act`` node checks them before every model call and the router before
a repair round, so a run stops cleanly where a budget ends.

Tokens come from the provider's ``usage_metadata``; when an answer has none,
they are estimated at four characters per token (the repository map's rate)
and the run is marked "estimated" in its report. Cost is known only when the
profile has prices (``price_input_per_mtok``, ``price_output_per_mtok``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage

CHARS_PER_TOKEN = 4


@dataclass(frozen=True)
class BudgetLimits:
    max_steps: int
    max_tokens: int
    max_wall_s: float
    max_cost: float | None = None


@dataclass(frozen=True)
class Prices:
    """Prices per million tokens; None when the provider has none configured."""

    input_per_mtok: float | None = None
    output_per_mtok: float | None = None

    @classmethod
    def of_profile(cls, settings: Any) -> Prices:
        return cls(
            getattr(settings, "price_input_per_mtok", None),
            getattr(settings, "price_output_per_mtok", None),
        )

    @property
    def known(self) -> bool:
        return self.input_per_mtok is not None or self.output_per_mtok is not None

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (
            input_tokens * (self.input_per_mtok or 0.0)
            + output_tokens * (self.output_per_mtok or 0.0)
        ) / 1_000_000


@dataclass(frozen=True)
class Usage:
    """What a run has spent so far."""

    steps: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    wall_s: float = 0.0
    cost: float = 0.0

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @classmethod
    def of_state(cls, state: Any) -> Usage:
        return cls(
            steps=int(state.get("steps", 0)),
            input_tokens=int(state.get("input_tokens", 0)),
            output_tokens=int(state.get("output_tokens", 0)),
            wall_s=float(state.get("wall_s", 0.0)),
            cost=float(state.get("cost", 0.0)),
        )


def exhausted(limits: BudgetLimits, usage: Usage, *, extra_wall_s: float = 0.0) -> str | None:
    """The first budget that is used up ("steps", "tokens", "wall time", "cost"), or None.

    ``extra_wall_s`` is time spent since the last checkpoint (the node running now).
    """
    if usage.steps >= limits.max_steps:
        return "steps"
    if usage.tokens >= limits.max_tokens:
        return "tokens"
    if usage.wall_s + extra_wall_s >= limits.max_wall_s:
        return "wall time"
    if limits.max_cost is not None and usage.cost >= limits.max_cost:
        return "cost"
    return None


@dataclass(frozen=True)
class TokenCount:
    input_tokens: int
    output_tokens: int
    estimated: bool


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def tokens_of(answer: AIMessage, sent: Sequence[BaseMessage]) -> TokenCount:
    """The answer's token usage as reported, or estimated from the text when missing."""
    usage: dict[str, Any] = dict(answer.usage_metadata or {})
    reported_in = usage.get("input_tokens") or 0
    reported_out = usage.get("output_tokens") or 0
    if reported_in or reported_out:
        return TokenCount(int(reported_in), int(reported_out), estimated=False)
    sent_chars = sum(len(_text(message)) for message in sent)
    out_chars = len(_text(answer)) + sum(len(str(call["args"])) for call in answer.tool_calls)
    return TokenCount(
        math.ceil(sent_chars / CHARS_PER_TOKEN),
        math.ceil(out_chars / CHARS_PER_TOKEN),
        estimated=True,
    )


def _text(message: BaseMessage) -> str:
    return message.content if isinstance(message.content, str) else str(message.content)
