"""What the nodes work with besides the state: model, tools, workspace, gate, events.

None of it is checkpointed. A resumed run rebuilds it from the run's
manifest (``werk.agent.run.runner``) and the graph continues with the same
state, so everything here must be reconstructible: the worktree is reopened,
the tools rebuilt, the model recreated.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from werk.agent.graph.budgets import estimate_tokens
from werk.agent.graph.gathering.gather import GatheredContext
from werk.agent.graph.journal import ToolJournal
from werk.agent.graph.ports import BaselineTaker, Verifier, WorkspacePort
from werk.agent.graph.settings import AgentSettings
from werk.agent.tools.context import EventSink, no_events

COMPACT_TOOLS = (
    "read_file",
    "list_files",
    "search_text",
    "edit_file",
    "create_file",
    "run_check",
    "run_tests",
    "finish",
)
"""What a small model (a 4k window) is offered: every tool description costs prompt tokens."""

Gatherer = Callable[[Path, str, int], GatheredContext]
"""(worktree root, task, token budget) -> the context text and its summary."""
BaselineCodec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
"""(to plain data, from plain data) for the gate's baseline, which the state must hold."""


@dataclass
class AgentDeps:
    settings: AgentSettings
    model: BaseChatModel
    tools: Sequence[BaseTool]
    workspace: WorkspacePort
    verify: Verifier
    take_baseline: BaselineTaker
    gather: Gatherer
    events: EventSink = no_events
    journal: ToolJournal = field(default_factory=ToolJournal)
    patch_path: Path | None = None
    baseline_codec: BaselineCodec = (lambda value: value, lambda value: value)
    clock: Callable[[], float] = time.monotonic
    model_label: str = ""
    _bound: tuple[BaseChatModel, Runnable[LanguageModelInput, Any]] | None = field(
        default=None, init=False, repr=False
    )
    _schema_tokens: int | None = field(default=None, init=False, repr=False)

    @property
    def offered_tools(self) -> list[BaseTool]:
        """The tools the model sees: all, or the compact set for a small window."""
        if not self.settings.compact:
            return list(self.tools)
        return [tool for tool in self.tools if tool.name in COMPACT_TOOLS]

    @property
    def tools_by_name(self) -> dict[str, BaseTool]:
        return {tool.name: tool for tool in self.offered_tools}

    @property
    def bound_model(self) -> Runnable[LanguageModelInput, Any]:
        if self._bound is None or self._bound[0] is not self.model:  # bound to this model
            offered = self.offered_tools
            self._bound = (self.model, self.model.bind_tools(offered) if offered else self.model)
        return self._bound[1]

    def tool_schema_tokens(self) -> int:
        """Prompt tokens the tool descriptions take (providers send them with every call)."""
        if self._schema_tokens is None:
            schemas = [convert_to_openai_tool(tool) for tool in self.offered_tools]
            self._schema_tokens = estimate_tokens(json.dumps(schemas, separators=(",", ":")))
        return self._schema_tokens

    def invoke_model(self, messages: list[Any]) -> AIMessage:
        answer = self.bound_model.invoke(messages)
        if not isinstance(answer, AIMessage):
            answer = AIMessage(content=str(getattr(answer, "content", answer)))
        return answer
