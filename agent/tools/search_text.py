"""``search_text``: lines of the repository containing a text or matching a regular expression.

Literal by default (a model searching ``x[1]`` means the characters, not a
character class) and case-insensitive by default, because ST identifiers
are (``bStart`` and ``BSTART`` are one variable). Files git ignores, binary
files and files over 2 MB are skipped; results are bounded, and the count of
all hits tells the model whether to narrow the search.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.file_text import NotTextError, decode
from werk.agent.tools.formatting import fence, plural
from werk.agent.tools.list_files import matches
from werk.agent.tools.repository_files import list_repository_files
from werk.agent.workspace.paths import normalised, relative_to_root

DEFAULT_RESULTS = 50
MAX_RESULTS = 200
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LINE_CHARS = 300


class SearchTextArguments(ToolArguments):
    query: str = Field(
        description="The text to find (or a Python regular expression when regex is true).",
        validation_alias=AliasChoices("query", "text", "search", "pattern", "keyword", "term"),
    )
    regex: bool = Field(False, description="Treat query as a regular expression.")
    glob: str | None = Field(
        None,
        description="Only files matching this glob, e.g. *.st or src/**/*.py.",
        validation_alias=AliasChoices("glob", "include", "file_pattern", "files"),
    )
    path: str = Field(
        ".",
        description="Folder to search under (default: the whole repository).",
        validation_alias=AliasChoices("path", "folder", "directory"),
    )
    case_sensitive: bool = Field(False, description="Match upper/lower case exactly.")
    max_results: int = Field(DEFAULT_RESULTS, description=f"Hits to show (up to {MAX_RESULTS}).")


def search_text(context: ToolContext, arguments: SearchTextArguments) -> str:
    """Search the repository's text files for a text (literal by default, or a regular
    expression with regex=true; case-insensitive unless case_sensitive=true). Returns
    file:line hits; narrow with glob or path."""
    if not arguments.query:
        raise ToolInputError("query is empty; give the text to search for")
    flags = 0 if arguments.case_sensitive else re.IGNORECASE
    source = arguments.query if arguments.regex else re.escape(arguments.query)
    try:
        pattern = re.compile(source, flags)
    except re.error as exc:
        raise ToolInputError(
            f"query is not a valid regular expression: {exc}",
            hint="fix the expression, or set regex to false to search for the text as written",
        ) from None
    folder = context.workspace.resolve(arguments.path)
    if not folder.is_dir():
        raise ToolInputError(f"no folder {normalised(arguments.path)} in the repository")
    under = relative_to_root(context.root, folder)
    files = list_repository_files(
        context.root, context.exclude, under="" if under == "." else under
    ).files
    if arguments.glob:
        files = [f for f in files if matches(f, arguments.glob)]
    limit = max(1, min(arguments.max_results, MAX_RESULTS))
    hits: list[str] = []
    total = 0
    files_hit = 0
    for relative in files:
        found = _search_file(context.root / relative, pattern)
        if not found:
            continue
        files_hit += 1
        total += len(found)
        for number, line in found:
            if len(hits) < limit:
                hits.append(f"{relative}:{number}: {line}")
    what = f"{'regex' if arguments.regex else 'text'} {arguments.query!r}"
    if not hits:
        scope = f" in files matching {arguments.glob}" if arguments.glob else ""
        return f"no match for {what}{scope} ({plural(len(files), 'file')} searched)"
    header = f"{plural(total, 'match', 'matches')} for {what} in {plural(files_hit, 'file')}"
    if total > len(hits):
        header += f"; the first {len(hits)} shown (narrow with glob or path)"
    return f"{header}\n{fence('search results', chr(10).join(hits))}"


def _search_file(path: Path, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return []
        text = decode(path.read_bytes()).text
    except (OSError, NotTextError):
        return []
    if not pattern.search(text):
        return []
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            stripped = line.strip()
            if len(stripped) > MAX_LINE_CHARS:
                stripped = stripped[:MAX_LINE_CHARS] + " [...]"
            found.append((number, stripped))
    return found


TOOL = ToolSpec("search_text", SearchTextArguments, search_text)
