"""The tools a model acts through, in the order it sees them.

Names are fixed (the graph and the prompts refer to them): reading
(``read_file``, ``list_files``, ``search_text``), understanding
(``find_symbol``, ``find_references``, ``trace_signal``, ``repo_map``),
changing (``edit_file``, ``replace_pou``, ``create_file``), checking
(``run_check``, ``run_tests``, ``run_prove``, ``run_repo_tests``) and
``finish``.
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool

from werk.agent.tools import (
    create_file,
    edit_file,
    finish,
    list_files,
    read_file,
    replace_pou,
    repo_map,
    run_check,
    run_prove,
    run_repo_tests,
    run_tests,
    search_text,
    symbols,
    trace_signal,
)
from werk.agent.tools.base import ToolSpec, as_langchain_tool
from werk.agent.tools.context import ToolContext

TOOL_SPECS: tuple[ToolSpec[Any], ...] = (
    read_file.TOOL,
    list_files.TOOL,
    search_text.TOOL,
    symbols.FIND_SYMBOL,
    symbols.FIND_REFERENCES,
    trace_signal.TOOL,
    repo_map.TOOL,
    edit_file.TOOL,
    replace_pou.TOOL,
    create_file.TOOL,
    run_check.TOOL,
    run_tests.TOOL,
    run_prove.TOOL,
    run_repo_tests.TOOL,
    finish.TOOL,
)
TOOL_NAMES = tuple(spec.name for spec in TOOL_SPECS)
FINISH = finish.TOOL.name
WRITING_TOOLS = frozenset({"edit_file", "replace_pou", "create_file"})


def build_tools(context: ToolContext) -> list[BaseTool]:
    """Every tool, bound to ``context``, as LangChain tools."""
    return [as_langchain_tool(spec, context) for spec in TOOL_SPECS]
