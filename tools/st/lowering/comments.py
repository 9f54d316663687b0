"""Nested comments: ``(* outer (* inner *) outer *)``.

CODESYS nests block comments, so commenting out code that holds a comment
works; the grammar ends a comment at the first ``*)``. The inner delimiters
become two spaces each, the rest of the comment is kept, and the nesting depth
is recorded.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import Lowering
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind, inner_comment_delimiters


def lower_nested_comments(lw: Lowering) -> None:
    for kind, start, end in lw.comments:
        if kind != TokenKind.NESTED_COMMENT:
            continue
        inner = inner_comment_delimiters(lw.source, start, end)
        depth = deepest = 1
        for position in inner:
            depth += 1 if lw.source[position : position + 2] == b"(*" else -1
            deepest = max(deepest, depth)
        edits = [(position, position + 2, b"  ") for position in inner]
        lw.rewrite(RewriteKind.NESTED_COMMENT, start, end, edits, {"depth": deepest})
