"""Helpers for the lowering tests: the real grammar, and the bytes a rewrite left alone."""

from __future__ import annotations

from functools import cache

import tree_sitter_iec61131_3_st
from tree_sitter import Language, Parser

from werk.tools.st.lowering import LoweredSource
from werk.tools.st.lowering.rewrite import ENCLOSING_KINDS


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_iec61131_3_st.language()))


def has_error(text: bytes) -> bool:
    """Whether the grammar finds an ERROR or MISSING node in ``text``."""
    return _parser().parse(text).root_node.has_error


def untouched_offsets(lowered: LoweredSource) -> list[int]:
    """Offsets of the original that lie outside every (non-enclosing) rewrite."""
    covered = bytearray(len(lowered.original))
    for rewrite in lowered.rewrites:
        if rewrite.kind in ENCLOSING_KINDS:
            continue
        covered[rewrite.original_start : rewrite.original_end] = b"\x01" * (
            rewrite.original_end - rewrite.original_start
        )
    return [offset for offset, flag in enumerate(covered) if not flag]
