"""Siemens SCL as TIA Portal exports it: blocks, quoted names, #locals, attributes, BEGIN, REGION.

A TIA Portal ``.scl`` source wraps IEC-like ST in Siemens block syntax
(S7-1200/1500 SCL, TIA Portal help "Structure of SCL blocks"):

- ``ORGANIZATION_BLOCK "Main"`` (a block the operating system calls, e.g. the
  cyclic OB1) and ``DATA_BLOCK "Motor DB"`` (a global data block, possibly an
  instance of a function block or of a UDT) become ``PROGRAM``, padded to the
  same length; the block kind is recorded.
- ``"Motor Control"``: names in double quotes, with spaces and any character,
  become ``_Motor_Control_`` (same length; the real name is recorded).
- ``#speed`` marks a local variable; the ``#`` becomes a space.
- Header lines ``TITLE = ...``, ``VERSION : 0.1``, ``AUTHOR : ...``,
  ``FAMILY : ...``, ``NAME : ...`` and words such as ``NON_RETAIN`` are
  blanked and recorded.
- ``BEGIN`` between the declarations and the statements, and the folding
  markers ``REGION name`` / ``END_REGION``, are blanked and recorded.
"""

from __future__ import annotations

import re

from werk.tools.st.lowering.context import (
    DATA_BLOCK,
    ORGANIZATION_BLOCK,
    POUS,
    SCL_BARE_ATTRIBUTES,
    SCL_HEADER_ATTRIBUTES,
    TYPE,
    Handler,
    Lowering,
    Phase,
    decode,
    padded,
)
from werk.tools.st.lowering.pous import close_pou, open_pou
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

# Every byte that cannot be in an identifier becomes an underscore.
_TO_IDENTIFIER = bytes(
    byte if re.fullmatch(rb"\w", bytes([byte]), re.ASCII) else ord("_") for byte in range(256)
)

_BLOCKS = {
    b"ORGANIZATION_BLOCK": (ORGANIZATION_BLOCK, RewriteKind.ORGANIZATION_BLOCK),
    b"DATA_BLOCK": (DATA_BLOCK, RewriteKind.DATA_BLOCK),
}


def quoted_name(lw: Lowering, index: int) -> int:
    """``"Motor DB"`` -> ``_Motor_DB_``."""
    text = lw.text(index)
    lw.replace_token(
        RewriteKind.QUOTED_NAME, index, text.translate(_TO_IDENTIFIER), {"name": lw.name(index)}
    )
    return index + 1


def local_marker(lw: Lowering, index: int) -> int:
    """``#speed`` -> `` speed``: the ``#`` only says the name is local."""
    following = index + 1
    adjacent = following < lw.count and lw.starts[following] == lw.ends[index]
    if adjacent and (lw.is_name(following) or lw.kind(following) == TokenKind.KEYWORD):
        lw.blank(
            RewriteKind.SCL_LOCAL, lw.starts[index], lw.ends[index], {"name": lw.name(following)}
        )
    return following


def begin(lw: Lowering, index: int) -> int:
    """``BEGIN``: the statements start here."""
    frame = lw.frame
    if frame is None or frame.kind not in POUS or frame.phase is Phase.BODY:
        return index + 1
    if lw.used_as_name(index):
        return index + 1
    lw.blank(RewriteKind.SCL_BEGIN, lw.starts[index], lw.ends[index])
    frame.phase = Phase.BODY
    if index + 1 < lw.count:
        frame.body_start = lw.starts[index + 1]
    lw.statement_starts.add(index + 1)
    return index + 1


def header_attribute(lw: Lowering, index: int) -> int:
    """``VERSION : 0.1``, ``TITLE = Main cycle``... in a block or UDT header."""
    if not _in_header(lw) or not (
        lw.kind(index + 1) == TokenKind.COLON or lw.is_punct(index + 1, b"=")
    ):
        return index + 1
    if _names_a_pou(lw, index):  # ``METHOD Name : BOOL``: the method is called Name
        return index + 1
    start = lw.starts[index]
    end = lw.line_content_end(start)
    value = lw.source[lw.ends[index + 1] : end].strip()
    detail = {"attribute": decode(lw.text(index)), "value": decode(value)}
    lw.blank(RewriteKind.SCL_ATTRIBUTE, start, end, detail)
    following = lw.first_token_at_or_after(end)
    lw.after_declaration_item(following)
    return following


def bare_attribute(lw: Lowering, index: int) -> int:
    """``NON_RETAIN``, ``KNOW_HOW_PROTECT``... alone on a header line."""
    if not _in_header(lw) or lw.used_as_name(index):
        return index + 1
    detail = {"attribute": decode(lw.text(index))}
    lw.blank(RewriteKind.SCL_ATTRIBUTE, lw.starts[index], lw.ends[index], detail)
    lw.after_declaration_item(index + 1)
    return index + 1


POU_KEYWORDS = frozenset(
    b"FUNCTION FUNCTION_BLOCK PROGRAM METHOD PROPERTY ACTION INTERFACE".split()
)


def _names_a_pou(lw: Lowering, index: int) -> bool:
    """Whether token ``index`` is the name right after a POU keyword."""
    previous = lw.previous_significant(index)
    return (
        previous >= 0
        and lw.kind(previous) == TokenKind.KEYWORD
        and lw.upper(previous) in POU_KEYWORDS
    )


def _in_header(lw: Lowering) -> bool:
    frame = lw.frame
    if frame is None:
        return False
    if frame.kind == TYPE:
        return frame.scl_header
    return frame.kind in POUS and frame.phase is not Phase.BODY


def region(lw: Lowering, index: int) -> int:
    """``REGION Motor control``: a folding marker, blanked to the end of its line."""
    if lw.pou() is None or lw.used_as_name(index) or lw.kind(index + 1) == TokenKind.COLON:
        return index + 1
    start = lw.starts[index]
    end = lw.line_content_end(start)
    name = decode(lw.source[lw.ends[index] : end].strip())
    lw.blank(RewriteKind.REGION, start, end, {"region": name})
    lw.regions.append(name)
    following = lw.first_token_at_or_after(end)
    lw.statement_starts.add(following)
    return following


def end_region(lw: Lowering, index: int) -> int:
    name = lw.regions.pop() if lw.regions else ""
    lw.blank(RewriteKind.REGION, lw.starts[index], lw.ends[index], {"region": name, "end": True})
    lw.statement_starts.add(index + 1)
    return index + 1


def block(lw: Lowering, index: int) -> int:
    """``ORGANIZATION_BLOCK`` / ``DATA_BLOCK`` -> ``PROGRAM`` (padded)."""
    word = lw.upper(index)
    kind, rewrite = _BLOCKS[word]
    text = lw.text(index)
    lw.replace_token(rewrite, index, padded(b"PROGRAM", len(text)), {"block": decode(word)})
    position = open_pou(lw, index, kind)
    if kind == DATA_BLOCK:
        _find_instance_type(lw, position)
    lw.after_declaration_item(position)
    return position


def end_block(lw: Lowering, index: int) -> int:
    word = lw.upper(index)
    text = lw.text(index)
    block_word = word[len(b"END_") :]
    detail = {"block": decode(block_word), "end": True}
    lw.replace_token(_BLOCKS[block_word][1], index, padded(b"END_PROGRAM", len(text)), detail)
    return close_pou(lw, index)


def _find_instance_type(lw: Lowering, index: int) -> None:
    """The FB or UDT a data block is an instance of: a name after the header attributes."""
    while index < lw.count:
        kind = lw.kind(index)
        word = lw.upper(index) if kind == TokenKind.KEYWORD else b""
        if kind == TokenKind.PRAGMA or word in SCL_BARE_ATTRIBUTES:
            index += 1
        elif word in SCL_HEADER_ATTRIBUTES:
            index = lw.first_token_at_or_after(lw.line_content_end(lw.starts[index]))
        elif kind in (TokenKind.IDENTIFIER, TokenKind.QUOTED_NAME) and not lw.used_as_name(index):
            lw.blank(
                RewriteKind.DATA_BLOCK_TYPE,
                lw.starts[index],
                lw.ends[index],
                {"type": lw.name(index)},
            )
            lw.done.add(index)
            lw.declaration_tokens.add(index)
            return
        else:
            return


KIND_HANDLERS: dict[int, Handler] = {
    TokenKind.QUOTED_NAME: quoted_name,
    TokenKind.HASH: local_marker,
}
HANDLERS: dict[bytes, Handler] = {
    b"BEGIN": begin,
    b"REGION": region,
    b"END_REGION": end_region,
    b"ORGANIZATION_BLOCK": block,
    b"DATA_BLOCK": block,
    b"END_ORGANIZATION_BLOCK": end_block,
    b"END_DATA_BLOCK": end_block,
}
HANDLERS.update({word: header_attribute for word in SCL_HEADER_ATTRIBUTES})
HANDLERS.update({word: bare_attribute for word in SCL_BARE_ATTRIBUTES})
