"""``finish``: the model says it is done, with a summary the user will read.

The graph recognises the call by its name and runs the verification gate;
the tool itself only checks that there is a summary worth reading.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext

MIN_SUMMARY_CHARS = 10


class FinishArguments(ToolArguments):
    summary: str = Field(
        description="What you changed and why, for the engineer who reviews the commit "
        "(a few sentences; mention files and POUs).",
        validation_alias=AliasChoices("summary", "message", "text", "description", "result"),
    )


def finish(context: ToolContext, arguments: FinishArguments) -> str:
    """Call when the task is done (or cannot be done): give a summary of what you changed and
    why, for the engineer who reviews it. Your change is then verified (syntax, rules,
    tests); if verification fails you get the problems back to fix."""
    summary = arguments.summary.strip()
    if len(summary) < MIN_SUMMARY_CHARS:
        raise ToolInputError(
            "the summary is too short to tell a reviewer anything",
            hint="say in a few sentences what you changed, where, and why",
        )
    changed = context.workspace.changed_files()
    what = f"{len(changed)} changed file(s): {', '.join(changed[:10])}" if changed else "no changes"
    return f"finish noted ({what}); the change is now verified"


TOOL = ToolSpec("finish", FinishArguments, finish)
