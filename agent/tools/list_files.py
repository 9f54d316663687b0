"""``list_files``: the repository's files under a folder, optionally matching a glob.

Files git ignores are left out (see ``repository_files``). A glob without
``/`` matches file names (``*.TcPOU``), one with ``/`` the path from the
repository root (``src/**/*.st``); matching ignores case, because TwinCAT
writes ``.TcPOU`` and people type ``*.tcpou``.
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePosixPath

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence, plural
from werk.agent.tools.repository_files import list_repository_files
from werk.agent.workspace.paths import normalised, relative_to_root

DEFAULT_RESULTS = 200
MAX_RESULTS = 1_000


class ListFilesArguments(ToolArguments):
    path: str = Field(
        ".",
        description="Folder relative to the repository root (default: the root).",
        validation_alias=AliasChoices("path", "folder", "directory", "dir"),
    )
    pattern: str | None = Field(
        None,
        description="Glob such as *.st, *.TcPOU or src/**/test_*.py (case-insensitive).",
        validation_alias=AliasChoices("pattern", "glob", "filter"),
    )
    max_results: int = Field(
        DEFAULT_RESULTS, description=f"How many paths to show at most (up to {MAX_RESULTS})."
    )


def list_files(context: ToolContext, arguments: ListFilesArguments) -> str:
    """List the repository's files (those git does not ignore) under a folder, optionally
    only those matching a glob pattern."""
    folder = context.workspace.resolve(arguments.path)
    shown = normalised(arguments.path)
    if folder.is_file():
        raise ToolInputError(f"{shown} is a file; use read_file to read it")
    if not folder.is_dir():
        raise ToolInputError(
            f"no folder {shown} in the repository", hint="list_files with path '.' shows them all"
        )
    under = relative_to_root(context.root, folder)
    listing = list_repository_files(
        context.root, context.exclude, under="" if under == "." else under
    )
    files = listing.files
    if arguments.pattern:
        files = [f for f in files if matches(f, arguments.pattern)]
    if not files:
        where = "the repository" if under == "." else under
        what = f" matching {arguments.pattern}" if arguments.pattern else ""
        return f"no files{what} in {where}"
    shown_files = files[: max(1, min(arguments.max_results, MAX_RESULTS))]
    header = f"{plural(len(files), 'file')} in {'the repository' if under == '.' else under}"
    if arguments.pattern:
        header += f" matching {arguments.pattern}"
    if len(files) > len(shown_files):
        header += f"; the first {len(shown_files)} shown (narrow it with path or pattern)"
    if listing.truncated:
        header += "; the repository is very large, the listing is incomplete"
    return f"{header}\n{fence('file list', chr(10).join(shown_files))}"


def matches(path: str, pattern: str) -> bool:
    wanted = pattern.strip().lower().removeprefix("./")
    target = path.lower()
    if "/" not in wanted:
        return fnmatch.fnmatch(PurePosixPath(target).name, wanted)
    if fnmatch.fnmatch(target, wanted):
        return True
    # "src/**/*.st" should also match "src/a.st": let "**/" stand for no folder too.
    return "**/" in wanted and fnmatch.fnmatch(target, wanted.replace("**/", ""))


TOOL = ToolSpec("list_files", ListFilesArguments, list_files)
