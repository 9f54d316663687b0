"""Lays out the lowered text: the original with edits applied and blocks moved.

Most rewrites keep their length; they are written over a copy of the original,
and only the edits that change a length go through ``apply_edits`` (so the
offset map has few pieces, and a same-length rewrite maps byte for byte).

CODESYS and TwinCAT text exports put actions (and sometimes methods) after a
function block's statements, where the grammar only accepts them before; such
a block is moved in front of the first statement. The text is then no longer
the original read in order, so the offset map is built here, piece by piece,
with pieces taken from the original out of order (see
``werk.tools.text.offsets``).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from werk.tools.text.offsets import Edit, OffsetMap, Piece, apply_edits

Replacement = tuple[int, int, bytes]
"""``(start, end, replacement)``: replace ``original[start:end]``; an insertion when start == end.

Plain tuples rather than ``Edit`` objects: a large file has tens of thousands.
"""

# Put after a moved block so its END_METHOD never runs into the statement it now precedes.
SEPARATOR = b"\n"


@dataclass(frozen=True)
class Move:
    """Move ``original[start:end]`` to just before original offset ``target`` (< start)."""

    start: int
    end: int
    target: int


@dataclass(frozen=True)
class Layout:
    """The lowered text, its map to the original, and where each edit and move landed."""

    text: bytes
    offsets: OffsetMap
    edit_spans: list[tuple[int, int]]  # lowered span of edits[k]
    move_spans: list[tuple[int, int] | None]  # lowered span of moves[k]; None if not moved


def lay_out(original: bytes, replacements: Sequence[Replacement], moves: Sequence[Move]) -> Layout:
    """Apply ``replacements`` (non-overlapping) and ``moves`` to ``original``."""
    overlay = bytearray(original)
    resizing: list[int] = []
    for k, (start, end, replacement) in enumerate(replacements):
        if len(replacement) == end - start:
            overlay[start:end] = replacement
        else:
            resizing.append(k)
    base = bytes(overlay)
    resizing.sort(key=lambda k: (replacements[k][0], replacements[k][1]))
    resized = [Edit(*replacements[k]) for k in resizing]
    # A move whose cut would split a replacement is not made (the block then stays put).
    kept = _moves_that_cut_nothing(moves, replacements) if moves else []
    edit_spans = [(0, 0)] * len(replacements)
    move_spans: list[tuple[int, int] | None] = [None] * len(moves)
    if kept:
        text, offsets, resized_spans, spans = _lay_out_with_moves(
            base, resized, [moves[k] for k in kept]
        )
        for position, k in enumerate(kept):
            move_spans[k] = spans[position]
        for k, (start, _end, replacement) in enumerate(replacements):
            lowered = offsets.to_derived(start)
            edit_spans[k] = (lowered, lowered + len(replacement))
        for position, k in enumerate(resizing):
            edit_spans[k] = resized_spans[position]
        return Layout(text, offsets, edit_spans, move_spans)
    text, offsets = apply_edits(base, resized)
    # Offsets shift only at the replacements that change a length: each one
    # moves by the length change of those laid out before it.
    keys = [(edit.start, edit.end) for edit in resized]
    shifts = [0]
    for edit in resized:
        shifts.append(shifts[-1] + len(edit.replacement) - (edit.end - edit.start))
    order = {k: position for position, k in enumerate(resizing)}
    for k, (start, end, replacement) in enumerate(replacements):
        before = order.get(k)
        if before is None:
            before = bisect.bisect_left(keys, (start, end)) if keys else 0
        lowered = start + shifts[before]
        edit_spans[k] = (lowered, lowered + len(replacement))
    return Layout(text, offsets, edit_spans, move_spans)


def _moves_that_cut_nothing(
    moves: Sequence[Move], replacements: Sequence[Replacement]
) -> list[int]:
    """Indices of the moves none of whose cut points falls strictly inside a replacement."""
    owners: dict[int, list[int]] = {}
    for k, move in enumerate(moves):
        for cut in (move.start, move.end, move.target):
            owners.setdefault(cut, []).append(k)
    cuts = sorted(owners)
    spoiled: set[int] = set()
    for start, end, _replacement in replacements:
        position = bisect.bisect_right(cuts, start)
        while position < len(cuts) and cuts[position] < end:
            spoiled.update(owners[cuts[position]])
            position += 1
    return [k for k in range(len(moves)) if k not in spoiled]


def _lay_out_with_moves(
    base: bytes, edits: Sequence[Edit], moves: Sequence[Move]
) -> tuple[bytes, OffsetMap, list[tuple[int, int]], list[tuple[int, int]]]:
    """Lay out ``base`` with ``edits`` (sorted, all changing a length) and ``moves``."""
    cuts = sorted({0, len(base)} | {o for m in moves for o in (m.start, m.end, m.target)})
    # Each original segment gets a place: moved segments go just before their
    # target (blocks in their original order), the rest stay where they were.
    placed: list[tuple[tuple[int, int, int, int], int, int, int | None]] = []
    by_start = sorted(range(len(moves)), key=lambda k: moves[k].start)
    next_move = 0
    for start, end in itertools.pairwise(cuts):
        while next_move < len(by_start) and moves[by_start[next_move]].end <= start:
            next_move += 1
        owner = None
        if next_move < len(by_start) and moves[by_start[next_move]].start <= start:
            owner = by_start[next_move]
        if owner is None:
            placed.append(((start, 1, 0, start), start, end, None))
        else:
            move = moves[owner]
            placed.append(((move.target, 0, move.start, start), start, end, owner))
    for k, move in enumerate(moves):
        placed.append(((move.target, 0, move.start, move.end), move.end, move.end, k))
    placed.sort(key=lambda item: item[0])

    pieces: list[Piece] = []
    chunks: list[bytes] = []
    move_spans: list[tuple[int, int] | None] = [None] * len(moves)
    edit_spans = [(0, 0)] * len(edits)
    derived = 0
    for _key, start, end, owner in placed:
        if start == end:  # the separator after moved block ``owner``
            pieces.append(Piece(derived, derived + len(SEPARATOR), start, start))
            chunks.append(SEPARATOR)
            derived += len(SEPARATOR)
            continue
        segment_start = derived
        position = start
        first = bisect.bisect_left(edits, start, key=lambda edit: edit.start)
        for index in range(first, len(edits)):
            edit = edits[index]
            if edit.start >= end and not (edit.start == end == len(base) == edit.end):
                break
            if edit.start > position:
                pieces.append(Piece(derived, derived + edit.start - position, position, edit.start))
                chunks.append(base[position : edit.start])
                derived += edit.start - position
            pieces.append(Piece(derived, derived + len(edit.replacement), edit.start, edit.end))
            chunks.append(edit.replacement)
            edit_spans[index] = (derived, derived + len(edit.replacement))
            derived += len(edit.replacement)
            position = edit.end
        if position < end:
            pieces.append(Piece(derived, derived + end - position, position, end))
            chunks.append(base[position:end])
            derived += end - position
        if owner is not None:
            previous = move_spans[owner]
            move_spans[owner] = (previous[0] if previous else segment_start, derived)
    moved = [span or (0, 0) for span in move_spans]
    return b"".join(chunks), OffsetMap(pieces), edit_spans, moved
