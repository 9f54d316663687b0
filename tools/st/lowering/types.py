"""Data type declarations: typed enums, unions, struct inheritance, missing semicolons and colons.

IEC 61131-3 clause 6.4.4 declares user types in ``TYPE ... END_TYPE``. The
vendor forms the grammar rejects:

- CODESYS enums with a base type, ``(Idle := 0, Running) INT``: the base type
  is blanked and recorded (it decides the enum's size in a mapped I/O image).
- ``UNION ... END_UNION`` (overlapping fields, e.g. a WORD seen as bits):
  lowered to a STRUCT and recorded, so the semantic model knows the fields share
  memory.
- ``TYPE S2 EXTENDS S1 : STRUCT``: the base is blanked and recorded.
- ``END_STRUCT`` without ``;`` (CODESYS accepts it): a ``;`` is inserted.
- Siemens UDTs ``TYPE "UDT Motor" ... STRUCT``: the colon is inserted.
- STEP 7 style data blocks declare their variables as ``STRUCT ... END_STRUCT;``:
  lowered to ``VAR ... END_VAR``.
"""

from __future__ import annotations

from werk.tools.st.lowering.context import (
    DATA_BLOCK,
    STRUCT,
    TYPE,
    VAR,
    Frame,
    Handler,
    Lowering,
    Phase,
    decode,
    padded,
)
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

_DB = {"block": "DATA_BLOCK", "section": "STRUCT"}


def type_block(lw: Lowering, index: int) -> int:
    """``TYPE``: notice a Siemens UDT header (a name, then no colon)."""
    frame = Frame(TYPE, index)
    lw.frames.append(frame)
    name = index + 1
    if not lw.is_name(name):
        return index + 1
    following = lw.kind(name + 1)
    if following == TokenKind.COLON or lw.upper(name + 1) in (b"EXTENDS", b"END_TYPE", b""):
        return index + 1
    at = lw.ends[name]
    lw.rewrite(RewriteKind.TYPE_COLON, at, at, [(at, at, b":")], {"name": lw.name(name)})
    frame.scl_header = True
    return index + 1


def end_type(lw: Lowering, index: int) -> int:
    lw.close(TYPE)
    return index + 1


def struct(lw: Lowering, index: int) -> int:
    frame = lw.frame
    if frame is not None and frame.kind == TYPE:
        frame.scl_header = False
    opened = Frame(STRUCT, index)
    if frame is not None and frame.kind == DATA_BLOCK and frame.phase is not Phase.BODY:
        # A STEP 7 style data block declares its variables as a STRUCT.
        lw.replace_token(RewriteKind.DATA_BLOCK, index, padded(b"VAR", len(lw.text(index))), _DB)
        opened.as_var_section = True
    lw.frames.append(opened)
    return index + 1


def union(lw: Lowering, index: int) -> int:
    """``UNION`` -> ``STRUCT``."""
    lw.replace_token(RewriteKind.UNION, index, b"STRUCT")
    return struct(lw, index)


def end_struct(lw: Lowering, index: int) -> int:
    """``END_STRUCT`` (and ``END_UNION``, lowered to it), with ``;`` after it if missing."""
    if lw.upper(index) == b"END_UNION":
        lw.replace_token(RewriteKind.UNION, index, b"END_STRUCT")
    frame = lw.close(STRUCT)
    if frame is not None and frame.as_var_section:
        end_var = padded(b"END_VAR", len(lw.text(index)))
        edits = [(lw.starts[index], lw.ends[index], end_var)]
        end = lw.ends[index]
        if lw.kind(index + 1) == TokenKind.SEMICOLON:
            end = lw.ends[index + 1]
            edits.append((lw.starts[index + 1], end, b" "))
        lw.rewrite(RewriteKind.DATA_BLOCK, lw.starts[index], end, edits, _DB)
        following = index + 2 if len(edits) == 2 else index + 1
        lw.after_declaration_item(following)
        return following
    if lw.kind(index + 1) != TokenKind.SEMICOLON:
        at = lw.ends[index]
        lw.rewrite(RewriteKind.STRUCT_SEMICOLON, at, at, [(at, at, b";")])
    return index + 1


def extends(lw: Lowering, index: int) -> int:
    """``TYPE S2 EXTENDS S1 : STRUCT``: the base struct is blanked and recorded."""
    frame = lw.frame
    if frame is None or frame.kind != TYPE:
        return index + 1
    after = lw.skip_dotted_name(index + 1)
    if after == index + 1:
        return index + 1
    base = decode(lw.source[lw.starts[index + 1] : lw.ends[after - 1]])
    lw.blank_tokens(RewriteKind.STRUCT_EXTENDS, index, after - 1, {"base": base})
    return after


def enum_base_type(lw: Lowering, index: int) -> int:
    """``: (Idle := 0, Running) INT``: the base type after the values is blanked and recorded."""
    frame = lw.frame
    if frame is None or frame.kind not in (TYPE, VAR) or not lw.is_punct(index + 1, b"("):
        return index + 1
    closing = lw.matching(index + 1)
    base = closing + 1
    if lw.is_punct(closing, b")") and lw.is_name(base):
        detail = {"base_type": decode(lw.text(base))}
        lw.blank(RewriteKind.TYPED_ENUM, lw.starts[base], lw.ends[base], detail)
        lw.done.add(base)
    return index + 1


HANDLERS: dict[bytes, Handler] = {
    b"TYPE": type_block,
    b"END_TYPE": end_type,
    b"STRUCT": struct,
    b"UNION": union,
    b"END_STRUCT": end_struct,
    b"END_UNION": end_struct,
    b"EXTENDS": extends,
}
