"""Byte offsets to zero-based (line, column) and back, columns in bytes.

Inside werk positions are byte offsets; the language server converts columns
to the client's encoding (UTF-16 by default) at its boundary.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


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
        self.starts = [0]
        start = text.find(b"\n")
        while start != -1:
            self.starts.append(start + 1)
            start = text.find(b"\n", start + 1)

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
