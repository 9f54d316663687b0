"""CODESYS operators the grammar lacks: ``S=``/``R=`` and ``AND_THEN``/``OR_ELSE``.

``bMotor S= bStart;`` latches ``bMotor`` to TRUE when ``bStart`` is TRUE and
leaves it alone otherwise (``R=`` resets): the latch of a start/stop circuit.
It is lowered to ``:=`` and recorded, so the semantic model keeps the
"only when TRUE" meaning. ``AND_THEN``/``OR_ELSE`` are short-circuit forms
that skip the right operand (e.g. a pointer check before a dereference); they
become ``AND``/``OR`` padded with spaces.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import OPERATOR_WORDS, Handler, Lowering
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

_OPERAND_ENDS = (b")", b"]", b"^")


def set_reset(lw: Lowering, index: int) -> int:
    """``x S= y`` -> ``x := y`` when ``S=`` follows an operand (else it is ``S = ...``)."""
    previous = index - 1
    if lw.is_name(previous):
        operand = lw.upper(previous) not in OPERATOR_WORDS
    else:
        operand = lw.kind(previous) == TokenKind.PARTIAL_ACCESS or (
            lw.kind(previous) == TokenKind.PUNCT and lw.text(previous) in _OPERAND_ENDS
        )
    if operand:
        kind = RewriteKind.SET_ASSIGN if lw.upper(index) == b"S=" else RewriteKind.RESET_ASSIGN
        lw.replace_token(kind, index, b":=")
    return index + 1


def short_circuit(lw: Lowering, index: int) -> int:
    """``AND_THEN`` -> ``AND     ``, ``OR_ELSE`` -> ``OR     ``."""
    word = lw.upper(index)
    if word == b"AND_THEN":
        lw.replace_token(RewriteKind.AND_THEN, index, b"AND     ")
    else:
        lw.replace_token(RewriteKind.OR_ELSE, index, b"OR     ")
    return index + 1


KIND_HANDLERS: dict[int, Handler] = {TokenKind.SET_RESET: set_reset}
HANDLERS: dict[bytes, Handler] = {b"AND_THEN": short_circuit, b"OR_ELSE": short_circuit}
