"""The public names of the graph and run packages (the language server and benchmarks use them)."""

from __future__ import annotations

import werk.agent.graph
import werk.agent.run


def test_graph_api() -> None:
    assert sorted(werk.agent.graph.__all__) == [
        "AgentDeps",
        "AgentGraph",
        "AgentSettings",
        "AgentState",
        "WorkspaceInfo",
        "build_graph",
        "initial_state",
        "open_checkpointer",
        "run_config",
    ]


def test_run_api() -> None:
    assert sorted(werk.agent.run.__all__) == [
        "RunHooks",
        "RunRequest",
        "RunResult",
        "repository_top",
        "resume_run",
        "start_run",
    ]
