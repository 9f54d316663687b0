"""Structured Text's ghost-text shape, and the helpers every language's rules share."""

from __future__ import annotations

import re

import pytest

from werk.lsp.inline.shape import Shape, literal_at_end, shape_at

QUOTED = re.compile(r"'[^']*'?")


@pytest.mark.parametrize(
    ("prefix", "suffix", "shape"),
    [
        ("IF bStart THEN\n    ", "\nEND_IF", Shape.BLOCK),
        ("IF bStart THEN", "\nEND_IF", Shape.BLOCK),
        ("    bRun := ", ";\n", Shape.LINE),
        ("    bRun := b", "Start;\n", Shape.NONE),
        ("(* a comment about ", "*)\n", Shape.NONE),
        ("    sName := 'Station ", "\n", Shape.NONE),
        ("    x := 1; // note ", "\n", Shape.NONE),
    ],
)
def test_structured_text_shape(prefix: str, suffix: str, shape: Shape) -> None:
    assert shape_at(prefix, suffix) is shape


def test_only_a_literal_reaching_the_cursor_counts() -> None:
    assert literal_at_end(QUOTED, "x := 'open") is not None
    assert literal_at_end(QUOTED, "x := 'done'; y := ") is None
    assert literal_at_end(QUOTED, "") is None
