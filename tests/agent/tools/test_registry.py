from __future__ import annotations

from langchain_core.utils.function_calling import convert_to_openai_tool

import werk.agent.tools
from werk.agent.tools import TOOL_NAMES, ToolContext, build_tools

CONTRACT_NAMES = (
    "read_file",
    "list_files",
    "search_text",
    "find_symbol",
    "find_references",
    "trace_signal",
    "repo_map",
    "edit_file",
    "replace_pou",
    "create_file",
    "run_check",
    "run_tests",
    "run_prove",
    "run_repo_tests",
    "finish",
)


def test_the_tool_names_are_the_contracts() -> None:
    assert TOOL_NAMES == CONTRACT_NAMES


def test_every_tool_has_a_description_and_a_schema_a_model_can_use(context: ToolContext) -> None:
    for tool in build_tools(context):
        assert len(tool.description) > 40, tool.name
        schema = convert_to_openai_tool(tool)
        function = schema["function"]
        assert function["name"] == tool.name
        properties = function["parameters"].get("properties", {})
        for name, details in properties.items():
            assert details.get("description") or name == "max_results", (tool.name, name)


def test_the_public_api_is_pinned() -> None:
    assert sorted(werk.agent.tools.__all__) == [
        "ERROR_PREFIX",
        "FINISH",
        "RepeatedFailures",
        "TOOL_NAMES",
        "ToolContext",
        "ToolInputError",
        "ToolSpec",
        "WRITING_TOOLS",
        "build_tools",
        "failure_fingerprint",
        "fence",
        "is_error",
        "no_events",
    ]
