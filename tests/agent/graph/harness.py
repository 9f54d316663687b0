"""Real dependencies for testing one node at a time: a fixture repository's worktree, its
tools and gate, and a scripted model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.agent.run.repos import fixture_repo
from werk.agent.config import load_config
from werk.agent.graph.budgets import BudgetLimits
from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.gathering.gather import gather_context
from werk.agent.graph.settings import AgentSettings
from werk.agent.graph.state import AgentState, initial_state
from werk.agent.models.replay import ReplayChatModel, parse_script
from werk.agent.run.baseline import baseline_codec
from werk.agent.run.ids import new_run_id
from werk.agent.tools import ToolContext, build_tools
from werk.agent.verification import capture_baseline, run_gate
from werk.agent.workspace import Workspace

LIMITS = BudgetLimits(max_steps=10, max_tokens=100_000, max_wall_s=600.0)


class Recorder:
    """An event sink that keeps what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        self.events.append((kind, data))

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [data for seen, data in self.events if seen == kind]


def harness(
    tmp_path: Path,
    answers: list[Any],
    *,
    fixture: str = "st_project",
    settings: AgentSettings | None = None,
) -> tuple[AgentDeps, AgentState, Recorder]:
    repo = fixture_repo(tmp_path, fixture)
    workspace = Workspace.create(repo, new_run_id(), "test")
    events = Recorder()
    context = ToolContext(workspace=workspace, config=load_config(repo), events=events)
    deps = AgentDeps(
        settings=settings or AgentSettings(limits=LIMITS),
        model=ReplayChatModel(answers=parse_script(answers)),
        tools=build_tools(context),
        workspace=workspace,
        verify=lambda baseline: run_gate(context, baseline=baseline),
        take_baseline=lambda: capture_baseline(context),
        gather=lambda root, task, budget: gather_context(root, task, budget, context),
        events=events,
        patch_path=tmp_path / "changes.patch",
        baseline_codec=baseline_codec(),
    )
    state = initial_state(
        "FB_Pump must not run dry",
        {
            "repo": str(workspace.repo),
            "root": str(workspace.root),
            "branch": workspace.branch,
            "run_id": workspace.run_id,
            "base_commit": workspace.base_commit,
        },
    )
    return deps, state, events


ADDED = frozenset(
    {
        "edits",
        "verifications",
        "steps",
        "input_tokens",
        "output_tokens",
        "cost",
        "wall_s",
        "malformed_calls",
        "tool_calls",
        "repairs",
    }
)


def advance(state: AgentState, update: dict[str, Any]) -> AgentState:
    """``state`` after a node's ``update``, combined as the graph's reducers combine it."""
    from langgraph.graph.message import add_messages

    merged: dict[str, Any] = dict(state)
    for key, value in update.items():
        if key == "messages":
            merged[key] = add_messages(merged.get(key, []), value)
        elif key in ADDED:
            merged[key] = merged.get(key, type(value)()) + value
        elif key == "tokens_estimated":
            merged[key] = bool(merged.get(key)) or value
        else:
            merged[key] = value
    return merged
