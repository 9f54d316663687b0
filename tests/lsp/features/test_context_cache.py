"""Reading resumed from a checkpoint sees exactly what a full reading sees."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from werk.benchmarks.perf.st_corpus import corpus
from werk.lsp.features.context_cache import ContextCache, common_prefix
from werk.lsp.features.cursor_context import CursorContext, scan
from werk.lsp.features.st_tokens import lex

TEXT = corpus(12)
LARGE = corpus(60)
MAIN = LARGE[LARGE.index(b"PROGRAM MAIN") :]  # one POU of 120 lines


def summary(context: CursorContext) -> tuple[object, ...]:
    return (
        context.pou_path,
        [(f.kind, f.name, f.body, sorted(f.qualifiers)) for f in context.frames],
        [t.text for t in context.statement],
        [None if b is None else [t.text for t in b.callee] for b in context.brackets],
        [(d.pou, d.names, d.type_text) for d in context.declarations],
        context.prefix,
        context.in_text,
        context.header,
        context.inside_value,
    )


def full(text: bytes) -> CursorContext:
    return scan(lex(text), len(text), text.count(b"\n"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(TEXT)), min_size=1, max_size=6))
def test_any_sequence_of_cursors_reads_like_a_full_reading(cursors: list[int]) -> None:
    cache = ContextCache()
    for cursor in cursors:
        text = TEXT[:cursor]
        assert summary(cache.context("plant", text, text.count(b"\n"))) == summary(full(text))


def test_a_later_cursor_resumes_and_an_edit_resumes_before_it() -> None:
    cache = ContextCache()
    near_end = len(MAIN) - 30
    cache.context("main", MAIN[:near_end], MAIN[:near_end].count(b"\n"))
    assert cache.resumed_from == 0
    later = MAIN[: near_end + 10]
    cache.context("main", later, later.count(b"\n"))
    assert cache.resumed_from > len(MAIN) // 2  # from a checkpoint near the cursor
    edit_at = len(MAIN) // 3
    edited = MAIN[:edit_at] + b"nNew : INT;\n" + MAIN[edit_at:near_end]
    context = cache.context("main", edited, edited.count(b"\n"))
    assert 0 < cache.resumed_from <= edit_at
    assert summary(context) == summary(full(edited))


def test_common_prefix() -> None:
    assert common_prefix(b"abcdef", b"abcxyz") == 3
    assert common_prefix(b"abc", b"abc") == 3
    assert common_prefix(b"abc", b"abcdef") == 3
    assert common_prefix(b"", b"abc") == 0
    assert common_prefix(b"x" * 1000 + b"a", b"x" * 1000 + b"b") == 1000
