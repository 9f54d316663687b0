"""The agent's LangGraph: gather context → act ⇄ tools → verify → repair → deliver.

``build_graph(deps, checkpointer)`` wires the nodes (one module each under
``nodes/``) around the typed ``AgentState``; ``AgentDeps`` carries what the
nodes use besides the state (model, tools, workspace, gate, events);
``AgentSettings`` the budgets and limits; ``open_checkpointer`` the SQLite
checkpoints under ``.werk/``. ``werk.agent.run`` drives it for ``werk run``;
the language server drives the same graph.
"""

from werk.agent.graph.checkpointer import open_checkpointer
from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.graph import AgentGraph, build_graph, run_config
from werk.agent.graph.settings import AgentSettings
from werk.agent.graph.state import AgentState, WorkspaceInfo, initial_state

__all__ = [
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
