"""Byte offsets of werk's tools to LSP positions, in the encoding the client chose.

LSP columns count UTF-16 code units unless client and server agree on UTF-8
or UTF-32 during ``initialize``. Inside werk every position is a byte offset
of the user's file, so the conversion happens here and nowhere else; a
mistake shows up as squiggles that drift right of every umlaut in a comment.
Bytes that are not UTF-8 (a Latin-1 file on disk) count as one unit each.
"""

from __future__ import annotations

from lsprotocol import types

from werk.tools.text.lines import LineIndex, Position


class PositionConverter:
    """Offsets ↔ LSP positions for one version of one file's bytes."""

    def __init__(self, data: bytes, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.data = data
        self.lines = LineIndex(data)
        self.encoding = encoding

    def position(self, offset: int) -> types.Position:
        at = self.lines.position(offset)
        start = self.lines.starts[at.line]
        return types.Position(at.line, self._units(self.data[start : start + at.column]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def json_range(self, start: int, end: int) -> dict[str, dict[str, int]]:
        """``range`` as the JSON the client receives, for messages built as plain JSON."""
        return {"start": self._json_position(start), "end": self._json_position(end)}

    def _json_position(self, offset: int) -> dict[str, int]:
        at = self.lines.position(offset)
        start = self.lines.starts[at.line]
        return {"line": at.line, "character": self._units(self.data[start : start + at.column])}

    def offset(self, position: types.Position) -> int:
        """The byte offset of an LSP position; past the end of a line means its end."""
        if position.line >= len(self.lines.starts):
            return len(self.data)
        start = self.lines.starts[position.line]
        end = self.lines.offset(Position(position.line, len(self.data)))
        line = self.data[start:end]
        if self.encoding == types.PositionEncodingKind.Utf8:
            return start + min(position.character, len(line))
        return start + self._bytes_for(line, position.character)

    def _units(self, text: bytes) -> int:
        if self.encoding == types.PositionEncodingKind.Utf8 or text.isascii():
            return len(text)
        decoded = text.decode("utf-8", "surrogateescape")
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(decoded)
        return len(decoded.encode("utf-16-le")) // 2

    def _bytes_for(self, line: bytes, units: int) -> int:
        """How many bytes of ``line`` the first ``units`` UTF-16 or UTF-32 units cover."""
        counted = 0
        consumed = 0
        for char in line.decode("utf-8", "surrogateescape"):
            if counted >= units:
                break
            width = 1 if self.encoding == types.PositionEncodingKind.Utf32 else _utf16_width(char)
            counted += width
            consumed += len(char.encode("utf-8", "surrogateescape"))
        return min(consumed, len(line))


def _utf16_width(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1
