"""``lower``: dialect ST in, standard ST plus the rewrites and the offset map out.

One pass of the lexer over the bytes, one walk over the tokens in which each
construct family (one module each) rewrites what it recognises, then one
layout of all edits. Each family's module docstring names the constructs and
why they matter.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from werk.tools.gc_pause import collection_paused
from werk.tools.st.document import Dialect
from werk.tools.st.lowering import (
    access,
    comments,
    declarations,
    jumps,
    literals,
    operators,
    pous,
    pragmas,
    siemens,
    statements,
    types,
)
from werk.tools.st.lowering.context import TYPE, VAR, Handler, Lowering, PendingRewrite
from werk.tools.st.lowering.layout import Replacement, lay_out
from werk.tools.st.lowering.rewrite import LoweredSource, Rewrite, lowered_order
from werk.tools.st.lowering.scanner import TokenKind, scan

_NO_DETAIL: MappingProxyType[str, object] = MappingProxyType({})


def _colon(lw: Lowering, index: int) -> int:
    """A colon: an enum's base type may follow it (in TYPE/VAR), or it ends a jump label."""
    frame = lw.frame
    if frame is not None and frame.kind in (TYPE, VAR):
        return types.enum_base_type(lw, index)
    return jumps.jump_label(lw, index)


KEYWORD_HANDLERS: dict[bytes, Handler] = {
    **statements.HANDLERS,
    **pous.HANDLERS,
    **declarations.HANDLERS,
    **types.HANDLERS,
    **operators.HANDLERS,
    **jumps.HANDLERS,
    **siemens.HANDLERS,
}
KIND_HANDLERS: dict[int, Handler] = {
    **access.KIND_HANDLERS,
    **literals.KIND_HANDLERS,
    **operators.KIND_HANDLERS,
    **pragmas.KIND_HANDLERS,
    **siemens.KIND_HANDLERS,
    TokenKind.COLON: _colon,
}


def lower(source: bytes, dialect: Dialect) -> LoweredSource:
    """Rewrite the dialect constructs of ``source`` into standard ST the grammar parses.

    ``dialect`` decides what is ambiguous: ``"..."`` is a name in SCL and a
    WSTRING literal elsewhere. Constructs that can only mean one thing are
    lowered whatever the dialect, so a file detected wrongly still parses; its
    rewrites then tell the rules which vendor syntax it used.
    """
    with collection_paused():
        return _lower(source, dialect)


def _lower(source: bytes, dialect: Dialect) -> LoweredSource:
    lw = Lowering(source, scan(source, dialect), KEYWORD_HANDLERS, KIND_HANDLERS)
    comments.lower_nested_comments(lw)
    lw.walk(0, lw.count)
    pending, edits = _without_overlaps(lw)
    layout = lay_out(source, edits, lw.moves)
    rewrites = []
    for rewrite in pending:
        if rewrite.move is not None:
            span = layout.move_spans[rewrite.move]
            if span is None:
                continue
            lowered_start, lowered_end = span
        elif rewrite.edits:  # edits are recorded in source order
            first, last = rewrite.edits[0], rewrite.edits[-1]
            lowered_start = layout.edit_spans[first][0] - (edits[first][0] - rewrite.start)
            lowered_end = layout.edit_spans[last][1] + (rewrite.end - edits[last][1])
        else:
            continue
        rewrites.append(
            Rewrite(
                rewrite.kind,
                rewrite.start,
                rewrite.end,
                lowered_start,
                lowered_end,
                MappingProxyType(rewrite.detail) if rewrite.detail else _NO_DETAIL,
            )
        )
    rewrites.sort(key=lowered_order)
    return LoweredSource(source, layout.text, dialect, layout.offsets, tuple(rewrites))


def _without_overlaps(lw: Lowering) -> tuple[list[PendingRewrite], list[Replacement]]:
    """The rewrites whose spans overlap no other's, and their edits.

    Handlers keep apart on real code; on garbage (a fuzzer's, or a file
    half-typed in an editor) two may claim the same bytes, and the later
    one is dropped so the rewrites stay a clean partition of the source.
    """
    dropped: set[int] = set()
    cursor = 0
    spans = sorted(
        (rewrite.start, rewrite.end, index)
        for index, rewrite in enumerate(lw.rewrites)
        if rewrite.move is None
    )
    for start, end, index in spans:
        if start < cursor:
            dropped.add(index)
        else:
            cursor = end
    if not dropped:
        return lw.rewrites, lw.edits
    edits: list[Replacement] = []
    kept = []
    for index, rewrite in enumerate(lw.rewrites):
        if index in dropped:
            continue
        renumbered = []
        for k in rewrite.edits:
            renumbered.append(len(edits))
            edits.append(lw.edits[k])
        kept.append(dataclasses.replace(rewrite, edits=renumbered))
    return kept, edits
