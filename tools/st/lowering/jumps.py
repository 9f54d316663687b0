"""Jump labels and jumps: ``retry:``, ``JMP retry;`` and SCL ``GOTO retry;``.

CODESYS and SCL allow jumps inside a statement list; the grammar has no
labels. A label at the start of a statement and the ``JMP label``/``GOTO label``
of a jump are blanked (the jump's ``;`` stays, an empty statement) and the
label is recorded, so control-flow rules can still follow the jump. A
``name:`` directly inside a CASE is a case label, not a jump label.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import Handler, Lowering
from werk.tools.st.lowering.rewrite import RewriteKind


def jump(lw: Lowering, index: int) -> int:
    """``JMP retry`` / ``GOTO retry`` -> blanks, ``;`` kept."""
    if lw.in_body() is None or not lw.at_statement_start(index) or not lw.is_name(index + 1):
        return index + 1
    detail = {"label": lw.name(index + 1)}
    lw.blank_tokens(RewriteKind.JUMP, index, index + 1, detail)
    return index + 2


def jump_label(lw: Lowering, colon: int) -> int:
    """``retry:`` at the start of a statement -> blanks."""
    frame = lw.in_body()
    label = colon - 1
    if frame is None or (frame.blocks and frame.blocks[-1] == b"CASE"):
        return colon + 1
    if lw.is_name(label) and lw.at_statement_start(label):
        detail = {"label": lw.name(label)}
        lw.blank_tokens(RewriteKind.JUMP_LABEL, label, colon, detail)
    return colon + 1


HANDLERS: dict[bytes, Handler] = {b"JMP": jump, b"GOTO": jump}
