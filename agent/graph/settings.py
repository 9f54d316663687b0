"""The settings one run of the graph works with: the ``[agent]`` configuration,
the command line's overrides and what the model profile tells about the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from werk.agent.config.schema import AgentConfig
from werk.agent.graph.budgets import BudgetLimits, Prices

DEFAULT_CONTEXT_WINDOW = 32_768
SMALL_CONTEXT_WINDOW = 8_192
"""Below this the model gets the compact tool set and short prompts (the embedded model)."""
ANSWER_RESERVE_TOKENS = 600
"""Kept free in the window for the model's answer."""


@dataclass(frozen=True)
class AgentSettings:
    limits: BudgetLimits
    max_repairs: int = 2
    max_malformed_calls: int = 4
    max_repeated_failures: int = 3
    approval: Literal["never", "before-commit"] = "never"
    commit_unverified: bool = False
    context_window: int = DEFAULT_CONTEXT_WINDOW
    context_share: float = 0.35
    prices: Prices = field(default_factory=Prices)

    @classmethod
    def from_config(
        cls,
        config: AgentConfig,
        profile_settings: Any = None,
        *,
        max_steps: int | None = None,
        max_tokens: int | None = None,
        max_wall_s: float | None = None,
        commit_unverified: bool | None = None,
    ) -> AgentSettings:
        """``[agent]`` with the command line's overrides; the profile gives window and prices."""
        window = config.context_window or getattr(profile_settings, "n_ctx", None)
        return cls(
            limits=BudgetLimits(
                max_steps=max_steps or config.max_steps,
                max_tokens=max_tokens or config.max_tokens,
                max_wall_s=max_wall_s or config.max_wall_s,
                max_cost=config.max_cost,
            ),
            max_repairs=config.max_repairs,
            max_malformed_calls=config.max_malformed_calls,
            max_repeated_failures=config.max_repeated_failures,
            approval=config.approval,
            commit_unverified=(
                config.commit_unverified if commit_unverified is None else commit_unverified
            ),
            context_window=int(window or DEFAULT_CONTEXT_WINDOW),
            context_share=config.context_share,
            prices=Prices.of_profile(profile_settings),
        )

    @property
    def compact(self) -> bool:
        """A small model: fewer tools, shorter prompts."""
        return self.context_window < SMALL_CONTEXT_WINDOW

    @property
    def context_tokens(self) -> int:
        """Tokens the gathered context may take."""
        return max(200, int(self.context_window * self.context_share))

    @property
    def history_tokens(self) -> int:
        """Tokens every prompt (system, context, conversation) must fit in."""
        return max(400, self.context_window - ANSWER_RESERVE_TOKENS)

    def with_limits(self, **changes: Any) -> AgentSettings:
        return replace(self, limits=replace(self.limits, **changes))
