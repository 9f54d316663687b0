"""The ST text before the cursor, with the unit it belongs to and the way back to the file.

Completion and signature help read the text the user is typing, not the
parse: a plain file's text is the file itself from the start of the
declaration the cursor is in (each top-level declaration is its own unit);
a TwinCAT file's ST text is the unit's virtual document, built from CDATA
sections (the methods laid out before the body), of which the cursor must
be inside one: a position in the XML around them has no ST text before it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.unit import StUnit

IDENTIFIER_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass
class CursorText:
    path: Path
    unit: StUnit | None  # None: a plain file with no declaration before the cursor
    text: bytes  # the ST text from the start of the unit up to the cursor
    to_file: Callable[[int], int]  # an offset of ``text`` -> an offset of the file
    lowered: int | None  # the cursor in the unit's lowered text (None when outside it)
    key: tuple[Path, int] = (Path(), 0)  # names where ``text`` starts, for caches

    @property
    def cursor(self) -> int:
        return len(self.text)

    @property
    def line(self) -> int:
        """The cursor's line, counted from the start of ``text``."""
        return self.text.count(b"\n")


def cursor_text(workspace: StWorkspace, path: Path, offset: int) -> CursorText | None:
    """The text before file ``offset``; None when the file is not ST or the offset is
    outside its ST text (in the XML of a TwinCAT file)."""
    source = workspace.files.get(path)
    if source is None:
        return None
    data = source.data
    offset = max(0, min(offset, len(data)))
    if source.chunked:
        return _in_plain_file(path, source.units, data, offset)
    # The cursor right after the last character of a CDATA section maps into the next
    # piece of the layout: its left neighbour is inside the section, so try that too.
    for candidate in (offset, offset - 1):
        for index, unit in enumerate(source.units):
            to_file = unit.document.to_file
            inside = to_file.to_derived(candidate)
            if candidate < 0 or to_file.to_original(inside) != candidate:
                continue
            inside += offset - candidate
            return CursorText(
                path,
                unit,
                unit.document.text[:inside],
                to_file.to_original,
                unit.lowered.offsets.to_derived(inside),
                (path, -1 - index),
            )
    return None


def _in_plain_file(path: Path, units: list[StUnit], data: bytes, offset: int) -> CursorText:
    starts = [unit.document.to_file.to_original(0) for unit in units]
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return CursorText(path, None, data[:offset], lambda at: at, None, (path, 0))
    unit = units[index]
    start = unit.document.to_file.to_original(0)
    end = unit.document.to_file.to_original(len(unit.document.text))
    lowered = unit.to_file.to_derived(offset) if offset <= end else None
    return CursorText(path, unit, data[start:offset], lambda at: start + at, lowered, (path, start))


def word_end(data: bytes, offset: int) -> int:
    """The end of the identifier that ``offset`` is in (or ``offset`` itself)."""
    end = max(0, min(offset, len(data)))
    while end < len(data) and data[end] in IDENTIFIER_BYTES:
        end += 1
    return end
