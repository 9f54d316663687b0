"""Where a piece of compiled ST came from, as the engineer sees it: ``path:line:column``.

The compiler keeps spans of the lowered text (what tree-sitter parsed) and
turns them into positions only when someone asks (a fault, a coverage
report): through the unit's offset maps back to the user's own file, so a
fault in a TwinCAT ``.TcPOU`` points into the XML file and a fault in
lowered SCL points at the ``#name`` the engineer wrote.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from werk.tools.text.lines import LineIndex

if TYPE_CHECKING:
    from werk.tools.st.unit import StUnit


@dataclass(frozen=True)
class SourcePosition:
    """A 1-based line and column (in bytes) in the user's file."""

    path: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, eq=False)
class Span:
    """A span of one unit's lowered text; resolved to a file position on demand."""

    unit: StUnit
    start: int
    end: int

    @property
    def position(self) -> SourcePosition:
        return position_of(self.unit, self.start)

    def __str__(self) -> str:
        return str(self.position)


_LINES: dict[object, LineIndex] = {}
_MAX_CACHED_FILES = 256


def position_of(unit: StUnit, lowered_offset: int) -> SourcePosition:
    """The file position of an offset in ``unit``'s lowered text.

    The file is read from disk (as ``werk check`` does for its reports) and
    its line index kept while the file is unchanged. A unit built from text
    that is not on disk (tests, an unsaved editor buffer) has an identity map
    to its document, whose text is used instead.
    """
    start, _ = unit.file_span(lowered_offset, lowered_offset)
    return SourcePosition(unit.path, *_line_column(unit, start))


def _line_column(unit: StUnit, offset: int) -> tuple[int, int]:
    path = unit.path
    cache_key: object
    on_disk = True
    try:
        status = path.stat()
        cache_key = (path, status.st_mtime_ns, status.st_size)
    except OSError:
        on_disk = False
        cache_key = ("document", id(unit.document), len(unit.document.text))
    lines = _LINES.get(cache_key)
    if lines is None:
        data = unit.document.text
        if on_disk:
            with contextlib.suppress(OSError):
                data = path.read_bytes()
        if len(_LINES) >= _MAX_CACHED_FILES:
            _LINES.clear()
        lines = _LINES[cache_key] = LineIndex(data)
    point = lines.position(offset)
    return point.line + 1, point.column + 1
