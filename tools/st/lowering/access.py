"""Bit access and direct addresses in expressions.

CODESYS and SCL read single bits of a bit string: ``wStatus.3`` (CODESYS) or
``#wStatus.%X3`` (SCL); SCL also takes bytes and words (``.%B1``, ``.%W0``).
The grammar wants a name after the dot, so the first digit or the ``%``
becomes ``_`` (``wStatus._``, ``wStatus._X3``) and the bit number is recorded:
same length, so the operand still maps byte for byte.

A direct address (IEC 61131-3 clause 6.5.5: ``%IX0.0`` an input bit, ``%QW4``
an output word, ``%MD10`` a memory double word) is accepted by the grammar in
``AT`` declarations only; used in an expression (``x := %IX0.0;``) it becomes
``_IX0_0`` and the address is recorded. CODESYS ``AT %I*`` (an address the
I/O configuration assigns later) becomes ``AT %I0``.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import Handler, Lowering, decode
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

_PARTS = {b"X": "bit", b"B": "byte", b"W": "word", b"D": "dword"}
_OPERAND_ENDS = (b")", b"]", b"^")


def partial_access(lw: Lowering, index: int) -> int:
    """``w.3`` -> ``w._``, ``w.15`` -> ``w._5``, ``w.%X3`` -> ``w._X3``."""
    previous = index - 1
    if previous < 0 or lw.ends[previous] != lw.starts[index]:
        return index + 1
    if not (
        lw.is_name(previous)
        or (lw.kind(previous) == TokenKind.PUNCT and lw.text(previous) in _OPERAND_ENDS)
    ):
        return index + 1
    text = lw.text(index)
    if text[1:2] == b"%":
        detail = {_PARTS[text[2:3].upper()]: int(text[3:])}
    else:
        detail = {"bit": int(text[1:])}
    start = lw.starts[index] + 1
    lw.rewrite(RewriteKind.BIT_ACCESS, start, lw.ends[index], [(start, start + 1, b"_")], detail)
    return index + 1


def direct_address(lw: Lowering, index: int) -> int:
    """``%IX0.0`` in an expression -> ``_IX0_0``; ``AT %I*`` -> ``AT %I0``."""
    text = lw.text(index)
    detail = {"address": decode(text)}
    if lw.upper(index - 1) == b"AT":
        if text.endswith(b"*"):
            star = lw.ends[index] - 1
            lw.rewrite(
                RewriteKind.DIRECT_ADDRESS,
                lw.starts[index],
                lw.ends[index],
                [(star, star + 1, b"0")],
                detail,
            )
        return index + 1
    lw.replace_token(
        RewriteKind.DIRECT_ADDRESS, index, text.replace(b"%", b"_").replace(b".", b"_"), detail
    )
    return index + 1


KIND_HANDLERS: dict[int, Handler] = {
    TokenKind.PARTIAL_ACCESS: partial_access,
    TokenKind.DIRECT_ADDRESS: direct_address,
}
