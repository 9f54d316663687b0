"""Property tests: offset maps round-trip between original and derived text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from werk.tools.text.lines import LineIndex, Position
from werk.tools.text.offsets import Edit, OffsetMap, Piece, apply_edits


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[bytes, list[Edit]]:
    original = draw(st.binary(min_size=0, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(original)), max_size=12)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        replacement = draw(st.binary(max_size=10))
        if draw(st.booleans()):
            replacement = draw(st.binary(min_size=end - start, max_size=end - start))
        edits.append(Edit(start, end, replacement))
    return original, edits


def verbatim_offsets(original: bytes, edits: list[Edit]) -> list[int]:
    touched: set[int] = set()
    for edit in edits:
        touched.update(range(edit.start, edit.end))
        touched.add(edit.start)
    return [o for o in range(len(original)) if o not in touched]


@given(text_and_edits())
def test_derived_text_is_the_edited_text(case: tuple[bytes, list[Edit]]) -> None:
    original, edits = case
    derived, _ = apply_edits(original, edits)
    expected, cursor = b"", 0
    for edit in sorted(edits, key=lambda e: e.start):  # stable: insertions keep their order
        expected += original[cursor : edit.start] + edit.replacement
        cursor = edit.end
    assert derived == expected + original[cursor:]


@given(text_and_edits())
def test_untouched_bytes_round_trip_exactly(case: tuple[bytes, list[Edit]]) -> None:
    original, edits = case
    derived, offsets = apply_edits(original, edits)
    for offset in verbatim_offsets(original, edits):
        there = offsets.to_derived(offset)
        assert derived[there] == original[offset]
        assert offsets.to_original(there) == offset


@given(text_and_edits())
def test_same_length_rewrites_map_every_byte(case: tuple[bytes, list[Edit]]) -> None:
    original, edits = case
    _, offsets = apply_edits(original, edits)
    for edit in edits:
        if len(edit.replacement) == edit.end - edit.start:
            for inside in range(edit.start, edit.end):
                assert offsets.to_original(offsets.to_derived(inside)) == inside


@given(text_and_edits())
def test_maps_are_monotonic_and_in_bounds(case: tuple[bytes, list[Edit]]) -> None:
    original, edits = case
    derived, offsets = apply_edits(original, edits)
    back = [offsets.to_original(d) for d in range(len(derived) + 1)]
    assert back == sorted(back)
    assert all(0 <= o <= len(original) for o in back)
    forth = [offsets.to_derived(o) for o in range(len(original) + 1)]
    assert forth == sorted(forth)
    assert all(0 <= d <= len(derived) for d in forth)


@given(text_and_edits(), st.data())
def test_spans_map_inside_out(case: tuple[bytes, list[Edit]], data: st.DataObject) -> None:
    original, edits = case
    derived, offsets = apply_edits(original, edits)
    start = data.draw(st.integers(0, len(derived)))
    end = data.draw(st.integers(start, len(derived)))
    a, b = offsets.span_to_original(start, end)
    assert 0 <= a <= b <= len(original)


@given(text_and_edits(), st.lists(st.tuples(st.integers(0, 5), st.binary(max_size=4)), max_size=4))
def test_chained_maps_round_trip(
    case: tuple[bytes, list[Edit]], more: list[tuple[int, bytes]]
) -> None:
    original, edits = case
    middle, first = apply_edits(original, edits)
    second_edits = []
    cursor = 0
    for gap, insertion in more:
        cursor = min(cursor + gap, len(middle))
        second_edits.append(Edit(cursor, cursor, insertion))
    final, second = apply_edits(middle, second_edits)
    chained = second.then(first)
    for offset in verbatim_offsets(original, edits):
        there = chained.to_derived(offset)
        assert final[there] == original[offset]
        assert chained.to_original(there) == offset


def test_out_of_order_pieces() -> None:
    # derived = original[6:9] + b";" (synthesised) + original[0:3]
    original = b"abc...xyz"
    offsets = OffsetMap([Piece(0, 3, 6, 9), Piece(3, 4, 9, 9), Piece(4, 7, 0, 3)])
    assert [offsets.to_original(d) for d in range(7)] == [6, 7, 8, 9, 0, 1, 2]
    assert offsets.to_derived(1) == 5 and offsets.to_derived(7) == 1
    assert offsets.to_derived(4) == 0  # dropped bytes map to the next piece that follows them
    assert original[offsets.to_original(4)] == ord("a")


def test_deletions_and_sides() -> None:
    derived, offsets = apply_edits(b"BEGIN x := 1;", [Edit(0, 6, b"")])
    assert derived == b"x := 1;"
    assert offsets.to_original(0) == 6
    assert offsets.to_derived(2) == 0
    assert offsets.span_to_original(0, 1) == (6, 7)


@given(st.binary(max_size=60), st.data())
def test_line_index_round_trips(text: bytes, data: st.DataObject) -> None:
    index = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    position = index.position(offset)
    assert index.offset(position) == offset
    assert position.line == text[:offset].count(b"\n")


def test_line_index_positions() -> None:
    index = LineIndex(b"ab\ncd\n")
    assert index.position(4) == Position(1, 1)
    assert str(index.position(4)) == "2:2"
    assert index.offset(Position(1, 99)) == 5


def test_concatenated_maps_delegate_per_segment() -> None:
    from werk.tools.text.offsets import ConcatenatedMap, Segment, Shift

    # Two derived texts from one file: bytes 10..14 and 30..33, joined with one separator byte.
    joined = ConcatenatedMap([Segment(0, 4, Shift(10, 4)), Segment(5, 8, Shift(30, 3))])
    assert [joined.to_original(d) for d in (0, 3, 5, 7)] == [10, 13, 30, 32]
    assert joined.to_derived(12) == 2 and joined.to_derived(31) == 6


def test_shift_moves_with_its_base() -> None:
    from werk.tools.text.offsets import Shift

    shift = Shift(100, 10)
    assert shift.to_original(3) == 103 and shift.to_derived(105) == 5
    shift.base += 7
    assert shift.span_to_original(0, 10) == (107, 117)
