"""Typed literals the grammar rejects: enum values ``E_State#Run``, ``S5T#10S``, ``LT#1s``.

IEC 61131-3 clause 6.4.4.2 qualifies an enum value as ``E_State#Run``; the
grammar reads ``prefix#`` as a typed literal of an elementary type only, so
for any other prefix the ``#`` becomes ``.`` (``E_State.Run``, which CODESYS
also accepts). ``S5T#10S`` (the S5TIME of S7 timers) becomes ``  T#10S`` and
``LT#1s`` (a 64-bit LTIME) becomes `` T#1s``; the type is recorded so timer
resolution and range are not lost.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import Handler, Lowering, decode
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

# Prefixes of typed literals (IEC elementary types, their short forms, and
# Siemens' W#16#..., DW#..., B#..., C#..., L#..., P#... spellings).
LITERAL_PREFIXES = frozenset(
    b"""
    BOOL SINT INT DINT LINT USINT UINT UDINT ULINT BYTE WORD DWORD LWORD REAL LREAL
    STRING WSTRING CHAR WCHAR TIME LTIME T LT DATE LDATE D LD TIME_OF_DAY TOD LTOD
    LTIME_OF_DAY DATE_AND_TIME DT LDT LDATE_AND_TIME S5T S5TIME W DW B C L P
    """.split()
)


def typed_literal(lw: Lowering, index: int) -> int:
    """``E_State#Run`` -> ``E_State.Run``, ``S5T#10S`` -> ``  T#10S``, ``LT#1s`` -> `` T#1s``."""
    text = lw.text(index)
    hash_at = text.index(b"#")
    prefix, value = text[:hash_at].upper(), text[hash_at + 1 :]
    start = lw.starts[index]
    if prefix in (b"S5T", b"S5TIME"):
        lw.rewrite(
            RewriteKind.S5_TIME,
            start,
            lw.ends[index],
            [(start, start + 2, b"  ")],
            {"type": "S5TIME"},
        )
    elif prefix == b"LT":
        lw.rewrite(
            RewriteKind.LTIME_LITERAL,
            start,
            lw.ends[index],
            [(start, start + 1, b" ")],
            {"type": "LTIME"},
        )
    elif prefix not in LITERAL_PREFIXES and (value[:1].isalpha() or value[:1] == b"_"):
        at = start + hash_at
        detail = {"enum": decode(text[:hash_at]), "value": decode(value)}
        lw.rewrite(RewriteKind.ENUM_QUALIFIER, start, lw.ends[index], [(at, at + 1, b".")], detail)
    return index + 1


KIND_HANDLERS: dict[int, Handler] = {TokenKind.TYPED_LITERAL: typed_literal}
