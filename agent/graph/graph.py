"""The agent's graph, wired: gather context → act ⇄ tools → verify → repair → deliver.

::

    START → gather_context → act ─┬─→ tools ─┬─→ act (loop)
                                  │          ├─→ verify ─┬─→ repair → act
                                  │          │           ├─→ approve → deliver
                                  ├─→ act    │           └─→ deliver
                                  ├─→ verify └─→ deliver
                                  └─→ deliver → END

Nodes are plain functions of the state and the run's dependencies; here
each is bound to the dependencies and wrapped so its wall time counts
against the budget and its start and end are events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.nodes.act import act
from werk.agent.graph.nodes.approve import approve
from werk.agent.graph.nodes.deliver import deliver
from werk.agent.graph.nodes.gather_context import gather_context
from werk.agent.graph.nodes.repair import repair
from werk.agent.graph.nodes.tools import run_tools
from werk.agent.graph.nodes.verify import verify
from werk.agent.graph.routing import after_act, after_tools, after_verify, recursion_limit
from werk.agent.graph.state import AgentState

Node = Callable[[AgentState, AgentDeps], dict[str, Any]]
AgentGraph = CompiledStateGraph[AgentState, None, AgentState, AgentState]


def build_graph(
    deps: AgentDeps, checkpointer: BaseCheckpointSaver[Any] | None = None
) -> AgentGraph:
    builder: StateGraph[AgentState, None, AgentState, AgentState] = StateGraph(AgentState)
    builder.add_node("gather_context", _Bound("gather_context", gather_context, deps))
    builder.add_node("act", _Bound("act", act, deps))
    builder.add_node("tools", _Bound("tools", run_tools, deps))
    builder.add_node("verify", _Bound("verify", verify, deps))
    builder.add_node("repair", _Bound("repair", repair, deps))
    builder.add_node("approve", _Bound("approve", approve, deps))
    builder.add_node("deliver", _Bound("deliver", deliver, deps))
    builder.add_edge(START, "gather_context")
    builder.add_edge("gather_context", "act")
    builder.add_conditional_edges("act", after_act, ["tools", "act", "verify", "deliver"])
    builder.add_conditional_edges("tools", after_tools, ["act", "verify", "deliver"])
    builder.add_conditional_edges(
        "verify",
        lambda state: after_verify(state, deps.settings),
        ["repair", "approve", "deliver"],
    )
    builder.add_edge("repair", "act")
    builder.add_edge("approve", "deliver")
    builder.add_edge("deliver", END)
    return builder.compile(checkpointer=checkpointer)


def run_config(deps: AgentDeps, thread_id: str) -> RunnableConfig:
    """The invocation's config: the checkpoint thread and our own recursion limit."""
    return {
        "configurable": {"thread_id": thread_id},
        "recursion_limit": recursion_limit(deps.settings),
    }


class _Bound:
    """A node bound to the run's dependencies; its wall time counts against the budget."""

    def __init__(self, name: str, node: Node, deps: AgentDeps) -> None:
        self.name = name
        self.node = node
        self.deps = deps

    def __call__(self, state: AgentState) -> dict[str, Any]:
        events = self.deps.events
        events("node", {"node": self.name, "phase": "start"})
        started = self.deps.clock()
        update = self.node(state, self.deps)
        seconds = self.deps.clock() - started
        events("node", {"node": self.name, "phase": "end", "seconds": round(seconds, 3)})
        return {**update, "wall_s": seconds}
