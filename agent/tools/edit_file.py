"""``edit_file``: replace one block of a file by another (search/replace).

The block is found as ``edit_matching`` describes (exact, then line ends,
trailing blanks, indentation; never fuzzier), must occur exactly once, and
the file keeps its encoding and line endings. TwinCAT and PLCopen XML files
are checked to stay readable before anything is written. After an edit of
an ST file the result lists the file's syntax errors, if any, so the model
sees at once when a block it wrote does not parse (the edit is kept: a
change across several edits may pass through broken states).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolInputError, ToolSpec
from werk.agent.tools.container_guard import check_container_edit
from werk.agent.tools.context import ToolContext
from werk.agent.tools.edit_matching import Ambiguous, Leniency, Match, NoMatch, find_edit
from werk.agent.tools.file_text import FileText, read_text, write_text
from werk.agent.tools.formatting import fence, numbered, plural
from werk.agent.tools.read_file import missing_file_message
from werk.agent.tools.st_syntax import is_st_file, syntax_problems
from werk.agent.workspace.paths import normalised

CONTEXT_LINES = 3
MAX_SHOWN_LINES = 40
MAX_SYNTAX_PROBLEMS = 5


class EditFileArguments(ToolArguments):
    path: str = Field(
        description="File to edit, relative to the repository root.",
        validation_alias=AliasChoices("path", "file", "file_path", "filename"),
    )
    search: str = Field(
        description="The exact current text to replace, copied from read_file output without "
        "the line-number prefixes; include enough lines to make it unique.",
        validation_alias=AliasChoices(
            "search", "old", "old_text", "old_string", "find", "original", "search_block"
        ),
    )
    replace: str = Field(
        description="The new text that takes its place (empty to delete the block).",
        validation_alias=AliasChoices(
            "replace", "new", "new_text", "new_string", "replacement", "replace_block"
        ),
    )


def edit_file(context: ToolContext, arguments: EditFileArguments) -> str:
    """Edit a file by replacing one block of text: 'search' must match exactly one place in
    the file (small differences in indentation, trailing spaces and line endings are
    tolerated and the replacement is re-indented to match). Copy search from read_file
    output, without line numbers. To create a new file use create_file; to replace a whole
    POU or method use replace_pou."""
    shown = normalised(arguments.path)
    path = context.workspace.resolve(arguments.path)
    if path.is_dir():
        raise ToolInputError(f"{shown} is a folder; give the path of a file")
    if not path.is_file():
        raise ToolInputError(
            missing_file_message(context, shown), hint="to make a new file, use create_file"
        )
    if not arguments.search.strip():
        raise ToolInputError(
            "search is empty; it must hold the current text to replace",
            hint="to add code, put the lines next to the new code in search and repeat them "
            "in replace with the new code added",
        )
    if arguments.search == arguments.replace:
        raise ToolInputError("search and replace are identical: the edit would change nothing")
    original = read_text(path)
    outcome = find_edit(original.text, arguments.search, arguments.replace)
    if isinstance(outcome, Ambiguous):
        places = ", ".join(str(line) for line in outcome.first_lines[:10])
        raise ToolInputError(
            f"the search block occurs {len(outcome.first_lines)} times in {shown} "
            f"(starting at lines {places}); nothing was changed",
            hint="add surrounding lines to search so that it matches exactly one place",
        )
    if isinstance(outcome, NoMatch):
        raise ToolInputError(_no_match_message(shown, outcome))
    new_text = original.text[: outcome.start] + outcome.replacement + original.text[outcome.end :]
    _check_container(path, original, outcome)
    write_text(path, original, new_text)
    context.files_changed([shown])
    return _report(context, shown, original, new_text, outcome)


def _check_container(path: Path, original: FileText, match: Match) -> None:
    check_container_edit(
        path,
        original.encoded(original.text),
        original.byte_offset(match.start),
        original.byte_offset(match.end),
        original.encoded(match.replacement, with_bom=False),
    )


def _no_match_message(shown: str, outcome: NoMatch) -> str:
    lines = [f"the search block was not found in {shown}; nothing was changed."]
    if not outcome.candidates:
        lines.append("No similar lines either: read_file the file and copy the text exactly.")
        return "\n".join(lines)
    lines.append(f"The most similar places ({plural(len(outcome.candidates), 'candidate')}):")
    for candidate in outcome.candidates:
        lines.append(
            f"lines {candidate.first_line}-{candidate.last_line} "
            f"({round(candidate.similarity * 100)}% similar):"
        )
        shown_lines = candidate.lines[:MAX_SHOWN_LINES]
        lines.append(fence(f"{shown} lines", numbered(shown_lines, candidate.first_line)))
        lines.extend(f"  {note}" for note in candidate.differences)
    lines.append("Copy the exact current text (without line numbers) into search and try again.")
    return "\n".join(lines)


def _report(
    context: ToolContext, shown: str, original: FileText, new_text: str, match: Match
) -> str:
    new_lines = new_text.splitlines()
    added = len(match.replacement.splitlines())
    first = match.first_line
    last = first + max(added, 1) - 1
    how = ""
    if match.leniency is not Leniency.EXACT:
        how = f" (matched ignoring {match.leniency.value}"
        how += (
            "; the replacement was re-indented)" if match.leniency is Leniency.INDENTATION else ")"
        )
    header = (
        f"edited {shown}: lines {match.first_line}-{match.last_line} replaced by "
        f"{plural(added, 'line')}{how}"
    )
    window_start = max(1, first - CONTEXT_LINES)
    window_end = min(len(new_lines), last + CONTEXT_LINES)
    window = new_lines[window_start - 1 : window_end][:MAX_SHOWN_LINES]
    parts = [header]
    if window:
        parts.append(f"{shown} lines {window_start}-{window_start + len(window) - 1} now:")
        parts.append(fence(shown, numbered(window, window_start)))
    parts.extend(_syntax_note(context, shown, original, new_text))
    return "\n".join(parts)


def _syntax_note(context: ToolContext, shown: str, original: FileText, new_text: str) -> list[str]:
    path = context.root / shown
    data = original.encoded(new_text)
    if not is_st_file(path, data, context.dialect):
        return []
    problems = syntax_problems(path, data, context.dialect)
    if not problems:
        return []
    before = len(syntax_problems(path, original.encoded(original.text), context.dialect))
    notes = [
        f"note: {shown} now has {plural(len(problems), 'syntax error')} "
        f"(before this edit: {before}); the edit was kept:"
    ]
    notes.extend(f"  {p.describe(shown)}" for p in problems[:MAX_SYNTAX_PROBLEMS])
    if len(problems) > MAX_SYNTAX_PROBLEMS:
        notes.append(f"  ... and {len(problems) - MAX_SYNTAX_PROBLEMS} more")
    return notes


TOOL = ToolSpec("edit_file", EditFileArguments, edit_file)
