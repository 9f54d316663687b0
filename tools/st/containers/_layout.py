"""Assembling one ST source from scattered pieces of a project file.

A TwinCAT POU keeps its declaration, each method and the body in separate
CDATA sections; a PLCopen POU has no ST declaration at all, only XML
elements. ``LaidOutText`` builds the ST text werk parses from copied segments
and synthesised glue (``END_METHOD``, ``VAR_INPUT``, separators), recording
for every byte where in the file it stands, as ``werk.tools.text.offsets``
pieces.
"""

from __future__ import annotations

from collections.abc import Iterable

from werk.tools.st.containers._xml_spans import Segment
from werk.tools.text.offsets import OffsetMap, Piece

_SKIPPED = b" \t\r\n"


class LaidOutText:
    """ST text under construction, and the piece map back to the file."""

    def __init__(self, newline: bytes = b"\n") -> None:
        self.newline = newline
        self._chunks: list[bytes] = []
        self._pieces: list[Piece] = []
        self.length = 0
        # Where the last copied text ended in the file: synthesised closers
        # (END_METHOD...) are placed there, so an error "expected END_METHOD"
        # shows at the end of the code the user wrote.
        self.last_copied_end: int | None = None

    def copy(self, segments: Iterable[Segment]) -> None:
        """Append text taken from the file (verbatim or entity-decoded)."""
        for segment in segments:
            self._append(segment.text, segment.start, segment.end)
            self.last_copied_end = segment.end

    def stand_for(self, text: bytes, start: int, end: int) -> None:
        """Append synthesised ``text`` that stands for ``file[start:end]``.

        When both have the same length (``GET`` for ``Name="Get"``,
        ``VAR_INPUT`` for ``inputVars``) offsets inside map one to one.
        """
        self._append(text, start, end)

    def insert(self, text: bytes, at: int) -> None:
        """Append synthesised ``text`` with no source of its own; it maps to offset ``at``."""
        self._append(text, at, at)

    def line(self, at: int) -> None:
        self.insert(self.newline, at)

    def _append(self, text: bytes, start: int, end: int) -> None:
        if not text:
            return
        derived_end = self.length + len(text)
        last = self._pieces[-1] if self._pieces else None
        one_to_one = len(text) == end - start
        if last is not None and last.original_end == start:
            if one_to_one and last.derived_length == last.original_length:
                # Adjacent verbatim runs (a CDATA section split by expat, text
                # between entities) merge, keeping the map short.
                self._pieces[-1] = Piece(last.derived_start, derived_end, last.original_start, end)
                self._chunks.append(text)
                self.length = derived_end
                return
            if start == end and last.original_length == 0:
                self._pieces[-1] = Piece(last.derived_start, derived_end, start, end)
                self._chunks.append(text)
                self.length = derived_end
                return
        self._pieces.append(Piece(self.length, derived_end, start, end))
        self._chunks.append(text)
        self.length = derived_end

    def build(self) -> tuple[bytes, OffsetMap]:
        return b"".join(self._chunks), OffsetMap(self._pieces)


def leading_keyword(segments: Iterable[Segment]) -> str | None:
    """The first word of ST text, upper-cased, skipping blanks, comments and pragmas.

    It tells which POU a TwinCAT declaration opens (``FUNCTION_BLOCK``,
    ``PROGRAM``...), hence which ``END_`` keyword closes it.
    """
    text = b"".join(segment.text for segment in segments)
    position = 0
    while position < len(text):
        if text[position] in _SKIPPED:
            position += 1
        elif text.startswith(b"(*", position):
            position = _after_block_comment(text, position)
        elif text.startswith(b"/*", position):
            close = text.find(b"*/", position + 2)
            position = len(text) if close < 0 else close + 2
        elif text.startswith(b"//", position):
            close = text.find(b"\n", position)
            position = len(text) if close < 0 else close + 1
        elif text.startswith(b"{", position):
            close = text.find(b"}", position)
            position = len(text) if close < 0 else close + 1
        else:
            end = position
            while end < len(text) and (text[end : end + 1].isalnum() or text[end] == ord("_")):
                end += 1
            word = text[position:end].decode("ascii", "replace").upper()
            return word or None
    return None


def _after_block_comment(text: bytes, position: int) -> int:
    """Skip a ``(* ... *)`` comment, nested as CODESYS and TwinCAT allow."""
    depth = 0
    while position < len(text):
        if text.startswith(b"(*", position):
            depth += 1
            position += 2
        elif text.startswith(b"*)", position):
            depth -= 1
            position += 2
            if depth == 0:
                return position
        else:
            position += 1
    return position
