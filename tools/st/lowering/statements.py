"""Nesting of compound statements (IF, CASE, FOR, WHILE, REPEAT; IEC 61131-3 clause 7.3.3).

Only followed so far as other rewrites need it: inside a CASE, ``Idle:`` is
a case label; inside an IF nested in that CASE, ``retry:`` is a jump label.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import Handler, Lowering

_CLOSERS = {
    b"END_IF": b"IF",
    b"END_CASE": b"CASE",
    b"END_FOR": b"FOR",
    b"END_WHILE": b"WHILE",
    b"END_REPEAT": b"REPEAT",
}


def open_block(lw: Lowering, index: int) -> int:
    frame = lw.in_body()
    if frame is not None:
        frame.blocks.append(lw.upper(index))
    return index + 1


def close_block(lw: Lowering, index: int) -> int:
    frame = lw.in_body()
    if frame is not None:
        opener = _CLOSERS[lw.upper(index)]
        if opener in frame.blocks:
            while frame.blocks.pop() != opener:
                pass
    return index + 1


HANDLERS: dict[bytes, Handler] = {word: open_block for word in _CLOSERS.values()}
HANDLERS.update({word: close_block for word in _CLOSERS})
