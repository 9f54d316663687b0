"""Bad test definitions: a malformed file, an unknown POU or signal, a value that cannot be.

Such errors are the test author's to fix, not the code under test's: the
command line reports them with the file and line and exits with 2 (usage),
where a failing test exits with 1. ``TestDefinitionError`` is a
``UsageError`` so that every command handles it the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from werk.tools.errors import UsageError


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it, as compilers print it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


def where(path: Path | None, line: int | None = None, column: int | None = None) -> str:
    """``path:line:column`` with the parts that are known."""
    if path is None:
        return ""
    text = shown(path)
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return text


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean X?)`` for the closest candidate, compared case-insensitively."""
    by_key = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(name.lower(), list(by_key), n=1, cutoff=0.6)
    return f" (did you mean {by_key[close[0]]}?)" if close else ""


class TestDefinitionError(UsageError):
    """A test file or test POU that cannot be run as written."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.line = line
        prefix = where(path, line, column)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.reason = message
