"""``create_file``: a new file in the worktree (never over an existing one).

Overwriting is refused: a model that "creates" a file that exists usually
has not read it, and would lose its content; it is told to edit instead.
The file is written as UTF-8 with the line ends the model sent. A new file
that git ignores would silently be left out of the commit, so the result
says so; a new ST file is parsed and its syntax errors are listed.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.file_text import FileText, write_text
from werk.agent.tools.formatting import plural
from werk.agent.tools.repository_files import is_ignored
from werk.agent.tools.st_syntax import is_st_file, syntax_problems
from werk.agent.workspace.paths import normalised

MAX_PROBLEMS = 5


class CreateFileArguments(ToolArguments):
    path: str = Field(
        description="Path of the new file, relative to the repository root.",
        validation_alias=AliasChoices("path", "file", "file_path", "filename"),
    )
    content: str = Field(
        description="The complete content of the file.",
        validation_alias=AliasChoices("content", "text", "contents", "code", "data"),
    )


def create_file(context: ToolContext, arguments: CreateFileArguments) -> str:
    """Create a new file with the given content (folders are created as needed). Refuses
    to overwrite an existing file: change existing files with edit_file or replace_pou."""
    shown = normalised(arguments.path)
    path = context.workspace.resolve(arguments.path)
    if path.exists():
        what = "a folder" if path.is_dir() else "a file"
        raise ToolInputError(
            f"{shown} already exists ({what}); nothing was written",
            hint="read it with read_file and change it with edit_file or replace_pou",
        )
    if path.parent.exists() and not path.parent.is_dir():
        raise ToolInputError(f"cannot create {shown}: {path.parent.name} is a file, not a folder")
    content = arguments.content
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, FileText("", "utf-8"), content)
    context.files_changed([shown])
    lines = [f"created {shown} ({plural(len(content.splitlines()), 'line')})"]
    if is_ignored(context.root, shown, context.exclude):
        lines.append(
            f"note: git ignores {shown} (.gitignore), so it will not be part of the commit; "
            "put it elsewhere if it belongs to the change"
        )
    data = content.encode("utf-8")
    if is_st_file(path, data, context.dialect):
        problems = syntax_problems(path, data, context.dialect)
        if problems:
            lines.append(f"note: {shown} has {plural(len(problems), 'syntax error')}:")
            lines.extend(f"  {p.describe(shown)}" for p in problems[:MAX_PROBLEMS])
    return "\n".join(lines)


TOOL = ToolSpec("create_file", CreateFileArguments, create_file)
