"""Maps between byte offsets of an original text and of a text derived from it.

Every stage between the user's file and the parser (ST extracted from a
TwinCAT XML file, dialect constructs rewritten into standard ST) produces a
derived text. Diagnostics, symbols and edits are found in the derived text
but must be reported at the user's original bytes, exactly. A derived text is
described as an ordered list of ``Piece``s: each piece of the derived text
comes from a span of the original (copied verbatim, or replaced), or is
synthesised (an empty original span, e.g. an inserted ``;``). Pieces may come
from the original out of order, which is how methods stored in separate XML
elements are laid out as one ST document.

Inside a piece whose derived and original spans have the same length, offsets
map one to one (most rewrites keep lengths, so identifiers map exactly).
Inside a piece of different lengths, offsets are clamped into the other span.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Side = Literal["left", "right"]


class PositionMap(Protocol):
    """Anything that maps derived offsets to original offsets and back."""

    def to_original(self, offset: int, side: Side = "right") -> int: ...

    def to_derived(self, offset: int) -> int: ...


@dataclass(frozen=True)
class Piece:
    """A span of the derived text and the span of the original it stands for."""

    derived_start: int
    derived_end: int
    original_start: int
    original_end: int

    @property
    def derived_length(self) -> int:
        return self.derived_end - self.derived_start

    @property
    def original_length(self) -> int:
        return self.original_end - self.original_start

    def to_original(self, offset: int) -> int:
        inside = offset - self.derived_start
        if self.derived_length == self.original_length:
            return self.original_start + inside
        return self.original_start + min(inside, self.original_length)

    def to_derived(self, offset: int) -> int:
        inside = offset - self.original_start
        if self.derived_length == self.original_length:
            return self.derived_start + inside
        return self.derived_start + min(inside, self.derived_length)


@dataclass(frozen=True)
class Edit:
    """Replace ``original[start:end]`` by ``replacement`` (an insertion when start == end)."""

    start: int
    end: int
    replacement: bytes


class OffsetMap:
    """A derived text described piece by piece; see the module docstring."""

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces = sorted(pieces, key=lambda piece: (piece.derived_start, piece.derived_end))
        self._derived_starts = [piece.derived_start for piece in self.pieces]
        self._by_original = sorted(
            (piece for piece in self.pieces if piece.original_length > 0),
            key=lambda piece: piece.original_start,
        )
        self._original_starts = [piece.original_start for piece in self._by_original]
        self.derived_length = self.pieces[-1].derived_end if self.pieces else 0

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([Piece(0, length, 0, length)])

    def to_original(self, offset: int, side: Side = "right") -> int:
        """The original offset of derived ``offset``.

        At the boundary between two pieces, ``side="right"`` (for span starts)
        uses the piece that starts there, ``side="left"`` (for span ends) the
        one that ends there.
        """
        if not self.pieces:
            return offset
        offset = max(0, min(offset, self.derived_length))
        index = bisect.bisect_right(self._derived_starts, offset) - 1
        index = max(index, 0)
        if side == "left":
            while index > 0 and self.pieces[index].derived_start == offset:
                index -= 1
        else:
            # Skip empty pieces (deletions) at this offset in favour of the next real one.
            while (
                index + 1 < len(self.pieces)
                and self.pieces[index].derived_end <= offset
                and self.pieces[index + 1].derived_start <= offset
            ):
                index += 1
        return self.pieces[index].to_original(offset)

    def to_derived(self, offset: int) -> int:
        """The derived offset of original ``offset`` (the next piece's start if it was dropped)."""
        if not self._by_original:
            return 0
        index = bisect.bisect_right(self._original_starts, offset) - 1
        if index >= 0:
            piece = self._by_original[index]
            if offset < piece.original_end:
                return piece.to_derived(offset)
            if offset == piece.original_end and index + 1 >= len(self._by_original):
                return piece.derived_end
        following = index + 1
        if following < len(self._by_original):
            return self._by_original[following].derived_start
        return self._by_original[-1].derived_end

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        original_start = self.to_original(start, "right")
        original_end = self.to_original(end, "left") if end > start else original_start
        return original_start, max(original_start, original_end)

    def then(self, inner: PositionMap) -> ChainedMap:
        """This map followed by ``inner`` (which maps this map's original to an earlier text)."""
        return ChainedMap((self, inner))


@dataclass(frozen=True)
class ChainedMap:
    """Maps composed outermost first: derived → ... → original."""

    maps: tuple[PositionMap, ...]

    def to_original(self, offset: int, side: Side = "right") -> int:
        for position_map in self.maps:
            offset = position_map.to_original(offset, side)
        return offset

    def to_derived(self, offset: int) -> int:
        for position_map in reversed(self.maps):
            offset = position_map.to_derived(offset)
        return offset

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        original_start = self.to_original(start, "right")
        original_end = self.to_original(end, "left") if end > start else original_start
        return original_start, max(original_start, original_end)


def apply_edits(original: bytes, edits: Iterable[Edit]) -> tuple[bytes, OffsetMap]:
    """Apply non-overlapping edits; return the derived text and its map to ``original``."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    pieces: list[Piece] = []
    chunks: list[bytes] = []
    derived = 0
    cursor = 0
    for edit in ordered:
        if edit.start < cursor or edit.end < edit.start or edit.end > len(original):
            raise ValueError(f"overlapping or invalid edit {edit.start}..{edit.end}")
        if edit.start > cursor:
            length = edit.start - cursor
            pieces.append(Piece(derived, derived + length, cursor, edit.start))
            chunks.append(original[cursor : edit.start])
            derived += length
        pieces.append(Piece(derived, derived + len(edit.replacement), edit.start, edit.end))
        chunks.append(edit.replacement)
        derived += len(edit.replacement)
        cursor = edit.end
    if cursor < len(original) or not pieces:
        pieces.append(Piece(derived, derived + len(original) - cursor, cursor, len(original)))
        chunks.append(original[cursor:])
    return b"".join(chunks), OffsetMap(pieces)


@dataclass(frozen=True)
class Segment:
    """Part of a concatenated text: ``[start, end)`` of it maps through ``inner``."""

    start: int
    end: int
    inner: PositionMap


class ConcatenatedMap:
    """Maps a text made by joining several derived texts (e.g. every POU of a PLCopen file)."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = list(segments)
        self._starts = [segment.start for segment in self.segments]

    def _segment(self, offset: int) -> Segment:
        index = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self.segments[index]

    def to_original(self, offset: int, side: Side = "right") -> int:
        if not self.segments:
            return offset
        segment = self._segment(offset)
        inside = min(max(offset - segment.start, 0), segment.end - segment.start)
        return segment.inner.to_original(inside, side)

    def to_derived(self, offset: int) -> int:
        for segment in self.segments:
            derived = segment.inner.to_derived(offset)
            if segment.inner.to_original(derived) == offset:
                return segment.start + derived
        return (
            self.segments[0].start + self.segments[0].inner.to_derived(offset)
            if self.segments
            else 0
        )


class Shift:
    """A chunk's offsets are the file's offsets minus ``base``; ``base`` moves on edits.

    Mutable on purpose: when text is inserted before a chunk, every position
    in it moves, and updating one number is how its unit stays valid.
    """

    def __init__(self, base: int, length: int) -> None:
        self.base = base
        self.length = length

    def to_original(self, offset: int, side: Side = "right") -> int:
        return self.base + max(0, min(offset, self.length))

    def to_derived(self, offset: int) -> int:
        return max(0, min(offset - self.base, self.length))

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)
