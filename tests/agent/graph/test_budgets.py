"""Budgets: what counts as used up, how tokens are counted or estimated, what a run costs."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from werk.agent.graph.budgets import BudgetLimits, Prices, Usage, exhausted, tokens_of

LIMITS = BudgetLimits(max_steps=5, max_tokens=1000, max_wall_s=60.0, max_cost=0.5)


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        (Usage(), None),
        (Usage(steps=4, input_tokens=900, output_tokens=99, wall_s=59.0, cost=0.49), None),
        (Usage(steps=5), "steps"),
        (Usage(input_tokens=600, output_tokens=400), "tokens"),
        (Usage(wall_s=60.0), "wall time"),
        (Usage(cost=0.5), "cost"),
        (Usage(steps=5, wall_s=99.0), "steps"),
    ],
)
def test_the_first_budget_used_up_is_named(usage: Usage, expected: str | None) -> None:
    assert exhausted(LIMITS, usage) == expected


def test_time_since_the_last_checkpoint_counts() -> None:
    assert exhausted(LIMITS, Usage(wall_s=50.0), extra_wall_s=10.0) == "wall time"


def test_no_cost_limit_without_one() -> None:
    limits = BudgetLimits(max_steps=5, max_tokens=1000, max_wall_s=60.0)
    assert exhausted(limits, Usage(cost=1e9)) is None


def test_reported_usage_is_taken_as_is() -> None:
    answer = AIMessage(
        "ok", usage_metadata={"input_tokens": 812, "output_tokens": 40, "total_tokens": 852}
    )
    count = tokens_of(answer, [HumanMessage("x" * 10_000)])
    assert (count.input_tokens, count.output_tokens, count.estimated) == (812, 40, False)


def test_missing_usage_is_estimated_from_the_text() -> None:
    answer = AIMessage("a" * 40, tool_calls=[{"name": "read_file", "args": {}, "id": "1"}])
    count = tokens_of(answer, [HumanMessage("b" * 400)])
    assert count.estimated
    assert count.input_tokens == 100
    assert count.output_tokens == 11  # 40 characters of text and "{}"


def test_cost_from_the_profile_prices() -> None:
    prices = Prices(input_per_mtok=2.0, output_per_mtok=6.0)
    assert prices.known
    assert prices.cost(1_000_000, 500_000) == pytest.approx(5.0)
    assert not Prices().known
    assert Prices().cost(10, 10) == 0.0


def test_usage_of_a_state_dict() -> None:
    state = {"steps": 3, "input_tokens": 10, "output_tokens": 5, "wall_s": 1.5, "cost": 0.1}
    assert Usage.of_state(state) == Usage(3, 10, 5, 1.5, 0.1)
    assert Usage.of_state({}).tokens == 0
