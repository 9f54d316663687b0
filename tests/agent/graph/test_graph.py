"""The graph as wired, its settings and its checkpointer."""

from __future__ import annotations

from pathlib import Path

from tests.agent.graph.harness import harness
from werk.agent.config.schema import AgentConfig
from werk.agent.graph.checkpointer import open_checkpointer
from werk.agent.graph.graph import build_graph, run_config
from werk.agent.graph.routing import recursion_limit
from werk.agent.graph.settings import AgentSettings
from werk.agent.models.llamacpp import LlamaCppSettings


def test_nodes_and_edges(tmp_path: Path) -> None:
    deps, _, _ = harness(tmp_path, [])
    drawn = build_graph(deps).get_graph()
    assert set(drawn.nodes) == {
        "__start__",
        "gather_context",
        "act",
        "tools",
        "verify",
        "repair",
        "approve",
        "deliver",
        "__end__",
    }
    edges = {(edge.source, edge.target) for edge in drawn.edges}
    assert {
        ("__start__", "gather_context"),
        ("gather_context", "act"),
        ("act", "tools"),
        ("tools", "act"),
        ("tools", "verify"),
        ("verify", "repair"),
        ("repair", "act"),
        ("verify", "approve"),
        ("approve", "deliver"),
        ("deliver", "__end__"),
    } <= edges


def test_the_run_config_sets_thread_and_recursion_limit(tmp_path: Path) -> None:
    deps, _, _ = harness(tmp_path, [])
    config = run_config(deps, "r1")
    assert config["configurable"] == {"thread_id": "r1"}
    assert config["recursion_limit"] == recursion_limit(deps.settings)


def test_the_checkpointer_keeps_state_across_connections(tmp_path: Path) -> None:
    path = tmp_path / ".werk" / "checkpoints.sqlite"
    deps, state, _ = harness(tmp_path, [])
    with open_checkpointer(path) as saver:
        graph = build_graph(deps, saver)
        graph.update_state(run_config(deps, "r1"), {**state, "steps": 2})
    with open_checkpointer(path) as saver:
        snapshot = build_graph(deps, saver).get_state(run_config(deps, "r1"))
    assert snapshot.values["steps"] == 2 and snapshot.values["task"] == state["task"]


def test_settings_from_config_profile_and_flags() -> None:
    config = AgentConfig(max_steps=12, max_repairs=1, commit_unverified=True)
    embedded = LlamaCppSettings()
    settings = AgentSettings.from_config(config, embedded, max_tokens=5000)
    assert settings.limits.max_steps == 12 and settings.limits.max_tokens == 5000
    assert settings.max_repairs == 1 and settings.commit_unverified
    assert settings.context_window == embedded.n_ctx and settings.compact
    assert settings.context_tokens == int(embedded.n_ctx * config.context_share)
    big = AgentSettings.from_config(AgentConfig(context_window=128_000), None, max_steps=3)
    assert not big.compact and big.limits.max_steps == 3
    assert not AgentSettings.from_config(config, None, commit_unverified=False).commit_unverified
