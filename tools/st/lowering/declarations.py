"""Variable sections and the types in them: VAR_INST, PERSISTENT, REFERENCE TO, STRING[n], ARRAY[*].

IEC 61131-3 clause 6.5.1 defines the variable sections; CODESYS adds
``VAR_INST`` (method variables kept between calls, stored in the function
block instance) and ``VAR_STAT`` (static variables), and ``PERSISTENT``
(values that survive a download). The lowering turns them into ``VAR`` and
records what they were, because the difference matters to a plant: a
persistent recipe value is not reset by a new download, a ``VAR_TEMP`` is
reset every scan.

Type spellings of CODESYS and SCL the grammar rejects: ``REFERENCE TO`` (the
standard spells it ``REF_TO``), ``STRING[80]`` (standard ``STRING(80)``) and
``ARRAY[*]`` (variable-length arrays of VAR_IN_OUT parameters).
"""

from __future__ import annotations

from werk.tools.st.lowering.context import (
    VAR,
    VAR_KEYWORDS,
    VAR_QUALIFIERS,
    Frame,
    Handler,
    Lowering,
    decode,
)
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

_RENAMED_SECTIONS = {b"VAR_INST": RewriteKind.VAR_INST, b"VAR_STAT": RewriteKind.VAR_STAT}
# A length is a number, a constant, or a constant expression of them.
_LENGTH_TOKENS = frozenset({TokenKind.NUMBER, TokenKind.IDENTIFIER, TokenKind.PUNCT})
_QUALIFIERS_THE_GRAMMAR_LACKS = frozenset({b"PERSISTENT", b"DB_SPECIFIC"})


def var_section(lw: Lowering, index: int) -> int:
    """``VAR_INST`` -> ``VAR     ``; ``PERSISTENT`` and ``DB_SPECIFIC`` qualifiers blanked."""
    word = lw.upper(index)
    if word in _RENAMED_SECTIONS:
        text = lw.text(index)
        lw.replace_token(_RENAMED_SECTIONS[word], index, b"VAR" + b" " * (len(text) - 3))
    lw.frames.append(Frame(VAR, index))
    position = index + 1
    while lw.upper(position) in VAR_QUALIFIERS and not lw.used_as_name(position):
        qualifier = lw.upper(position)
        if qualifier in _QUALIFIERS_THE_GRAMMAR_LACKS:
            detail = {"qualifier": decode(qualifier)}
            lw.blank(RewriteKind.VAR_QUALIFIER, lw.starts[position], lw.ends[position], detail)
        position += 1
    return position


def end_var(lw: Lowering, index: int) -> int:
    lw.close(VAR)
    lw.after_declaration_item(index + 1)
    return index + 1


def reference_to(lw: Lowering, index: int) -> int:
    """``REFERENCE TO`` -> ``REF_TO      `` (whatever lies between the words is kept)."""
    if lw.upper(index + 1) != b"TO":
        return index + 1
    edits = [
        (lw.starts[index], lw.ends[index], b"REF_TO   "),
        (lw.starts[index + 1], lw.ends[index + 1], b"  "),
    ]
    lw.rewrite(RewriteKind.REFERENCE_TO, lw.starts[index], lw.ends[index + 1], edits)
    return index + 2


def string_length(lw: Lowering, index: int) -> int:
    """``STRING[80]`` -> ``STRING(80)``; the length is recorded (a number or a constant's name)."""
    if not lw.is_punct(index + 1, b"["):
        return index + 1
    closing = lw.matching(index + 1)
    if not lw.is_punct(closing, b"]") or not all(
        lw.kind(position) in _LENGTH_TOKENS for position in range(index + 2, closing)
    ):
        return index + 1
    inner = lw.source[lw.ends[index + 1] : lw.starts[closing]].strip()
    length: object = int(inner) if inner.isdigit() else decode(inner)
    edits = [
        (lw.starts[index + 1], lw.ends[index + 1], b"("),
        (lw.starts[closing], lw.ends[closing], b")"),
    ]
    lw.rewrite(
        RewriteKind.STRING_LENGTH, lw.starts[index], lw.ends[closing], edits, {"length": length}
    )
    return index + 2


def array_bounds(lw: Lowering, index: int) -> int:
    """``ARRAY[*]`` -> ``ARRAY[0..0]``: a variable-length dimension, recorded by its position."""
    if not lw.is_punct(index + 1, b"["):
        return index + 1
    closing = lw.matching(index + 1)
    dimension = 0
    for position in range(index + 2, closing):
        if lw.is_punct(position, b","):
            dimension += 1
        elif (
            lw.is_punct(position, b"*")
            and (lw.is_punct(position - 1, b"[") or lw.is_punct(position - 1, b","))
            and (lw.is_punct(position + 1, b"]") or lw.is_punct(position + 1, b","))
        ):
            lw.replace_token(
                RewriteKind.VARIABLE_LENGTH_ARRAY, position, b"0..0", {"dimension": dimension}
            )
    return index + 2


HANDLERS: dict[bytes, Handler] = {word: var_section for word in VAR_KEYWORDS}
HANDLERS.update(
    {
        b"END_VAR": end_var,
        b"REFERENCE": reference_to,
        b"STRING": string_length,
        b"WSTRING": string_length,
        b"ARRAY": array_bounds,
    }
)
