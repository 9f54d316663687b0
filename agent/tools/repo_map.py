"""``repo_map``: the definitions of the repository that matter most for the work at hand.

The ranked map of ``werk map`` (``werk.tools.code.repomap``), personalised
towards the files being worked on and the identifiers the task mentions,
within a token budget. It is how a model finds its way in a repository it
has never seen without reading every file.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, field_validator

from werk.agent.tools.base import ToolArguments, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence

DEFAULT_TOKENS = 1024
MIN_TOKENS = 128
MAX_TOKENS = 4096


def as_list(value: Any) -> Any:
    """Small models send ``"a.st, b.st"`` or ``"a.st"`` where a list belongs: split it."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class RepoMapArguments(ToolArguments):
    focus_files: list[str] = Field(
        default_factory=list,
        description="Files being worked on (relative paths): what they use ranks higher.",
        validation_alias=AliasChoices("focus_files", "focus", "files", "paths"),
    )
    mentions: list[str] = Field(
        default_factory=list,
        description="Identifiers the task is about (POU, variable, function names).",
        validation_alias=AliasChoices("mentions", "identifiers", "names", "symbols"),
    )
    max_tokens: int = Field(
        DEFAULT_TOKENS, description=f"Size of the map in tokens ({MIN_TOKENS}-{MAX_TOKENS})."
    )

    _lists = field_validator("focus_files", "mentions", mode="before")(as_list)


def repo_map(context: ToolContext, arguments: RepoMapArguments) -> str:
    """Show a ranked outline of the repository's most important definitions (POUs, types,
    functions, classes with file paths and signature lines), personalised towards
    focus_files and the identifiers in mentions."""
    from werk.tools.code import render_map

    focus = [context.workspace.resolve(path) for path in arguments.focus_files]
    ranking = context.reference_graph().rank(
        focus_files=focus, mentioned_identifiers=arguments.mentions
    )
    budget = max(MIN_TOKENS, min(arguments.max_tokens, MAX_TOKENS))
    text = render_map(ranking, budget)
    if not text:
        return "the repository map is empty: no definitions found in Python, C, C++ or ST files"
    return fence("repository map", text)


TOOL = ToolSpec("repo_map", RepoMapArguments, repo_map)
