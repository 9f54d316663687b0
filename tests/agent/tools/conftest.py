from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.agent.tools.project import make_context
from werk.agent.tools import ToolContext, build_tools

Call = Callable[..., str]


@pytest.fixture
def events() -> list[tuple[str, dict[str, Any]]]:
    return []


@pytest.fixture
def context(
    tmp_path: Path, isolated_env: dict[str, str], events: list[tuple[str, dict[str, Any]]]
) -> ToolContext:
    return make_context(
        tmp_path, isolated_env, events=lambda kind, data: events.append((kind, data))
    )


@pytest.fixture
def call(context: ToolContext) -> Call:
    """Call a tool by name the way the graph does: through LangChain, with a dict of arguments."""
    tools = {tool.name: tool for tool in build_tools(context)}

    def invoke(tool: str, arguments: dict[str, Any] | str | None = None, /, **named: Any) -> str:
        payload = arguments if arguments is not None else named
        result = tools[tool].invoke(payload)
        assert isinstance(result, str)
        return result

    return invoke
