"""Pragmas and attributes in places the grammar takes none.

CODESYS attributes (``{attribute 'qualified_only'}``, ``{attribute 'hide'}``)
and TIA Portal block and variable properties (``{ S7_Optimized_Access :=
'TRUE' }``, ``{ ExternalAccessible := 'False' }``) change how a block is
compiled or seen from HMI and OPC UA; dropping them silently would lose that.
The grammar takes a pragma between POUs, at the start of a declaration in a
VAR section or STRUCT, and as a statement; anywhere else (after a POU header,
before a method, between a variable's name and its colon, in an expression,
right after ``CASE ... OF``) it is blanked and its content recorded:
``attribute`` and ``value`` of the first entry, ``attributes`` (all entries as
pairs) and ``text``.
"""

from __future__ import annotations

import re

from werk.tools.st.lowering.context import (
    MEMBER_KEYWORDS,
    POUS_WITH_BODY,
    STRUCT,
    VAR,
    Frame,
    Handler,
    Lowering,
    Phase,
    decode,
)
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

# `attribute 'name' := 'value'` (CODESYS) or `Name := 'value'` (TIA Portal).
_ENTRY = re.compile(rb"\s*(?:attribute\s+)?'?([\w.]+)'?\s*(?::=\s*'([^']*)'?)?\s*", re.IGNORECASE)


def pragma(lw: Lowering, index: int) -> int:
    if not _accepted(lw, index, lw.frame):
        lw.blank(RewriteKind.PRAGMA, lw.starts[index], lw.ends[index], content(lw.text(index)))
    return index + 1


def _accepted(lw: Lowering, index: int, frame: Frame | None) -> bool:
    """Whether the grammar takes a pragma at token ``index``."""
    if frame is None:
        return True
    if frame.kind in (VAR, STRUCT):
        return lw.at_declaration_start(index)
    if frame.kind not in POUS_WITH_BODY or frame.phase is not Phase.BODY:
        return False
    if not lw.at_statement_start(index):
        return False
    if lw.upper(lw.previous_significant(index)) == b"OF":
        return False
    following = lw.next_significant(index)
    return lw.upper(following) not in MEMBER_KEYWORDS


def content(text: bytes) -> dict[str, object]:
    """What a pragma says: its entries as (attribute, value) pairs, and its text."""
    inner = text[1:-1] if text.endswith(b"}") else text[1:]
    pairs: list[tuple[str, str | None]] = []
    for entry in inner.split(b";"):
        match = _ENTRY.fullmatch(entry)
        if match:
            value = match.group(2)
            pairs.append((decode(match.group(1)), None if value is None else decode(value)))
    detail: dict[str, object] = {"text": decode(inner.strip())}
    if pairs:
        detail["attribute"], detail["value"] = pairs[0]
        detail["attributes"] = tuple(pairs)
    return detail


KIND_HANDLERS: dict[int, Handler] = {TokenKind.PRAGMA: pragma}
