"""Node ``gather_context``: the task and what the repository says about it, and the baseline.

Runs once per run. It puts the task with the gathered context (semantic
slice, named files, ranked map; fenced, fitted to the window) in front of
the model as the first message, and captures the verification baseline
before anything changes, so findings and failures that were already there
are not blamed on the agent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.messages import HumanMessage

from werk.agent.graph.budgets import estimate_tokens
from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.prompts import render
from werk.agent.graph.state import AgentState

TASK_OVERHEAD_TOKENS = 120


def gather_context(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    task = state["task"]
    settings = deps.settings
    budget = min(
        settings.context_tokens,
        settings.history_tokens
        - deps.tool_schema_tokens()
        - estimate_tokens(task)
        - TASK_OVERHEAD_TOKENS
        - 300,  # the system prompt
    )
    gathered = deps.gather(Path(deps.workspace.root), task, max(budget, 100))
    deps.events(
        "context",
        {
            "tokens": gathered.summary["tokens"],
            "pous": gathered.summary["pous"],
            "focus_files": gathered.summary["focus_files"],
            "truncated": gathered.summary["truncated"],
        },
    )
    baseline = deps.take_baseline()
    to_data, _ = deps.baseline_codec
    message = HumanMessage(render("task", task=task, context=gathered.text))
    return {
        "context": gathered.summary,
        "baseline": to_data(baseline),
        "messages": [message],
    }
