"""POU headers and members: modifiers, missing return types, actions, members after the body.

IEC 61131-3 clause 6.6 declares a POU as a header line, variable sections and
a statement body; the object-oriented extension (6.6.5) adds methods and
properties inside function blocks. CODESYS and TwinCAT go further, and the
grammar werk parses with does not follow them all:

- ``FUNCTION_BLOCK ABSTRACT F`` / ``PUBLIC`` / ``FINAL``: modifiers on a function
  block, and orders such as ``METHOD PUBLIC FINAL`` the grammar does not take,
  are blanked and recorded.
- ``FUNCTION F`` without a return type gets ``: VOID`` inserted.
- ``ACTION A: ... END_ACTION`` (an action: a named piece of the block's body,
  sharing its variables) becomes ``METHOD A ... END_METHOD``.
- Text exports put actions and methods after the body; the grammar wants them
  before it, so such a block is moved in front of the first statement.
- A PROGRAM with actions or methods becomes a FUNCTION_BLOCK (the grammar
  takes members only there).
"""

from __future__ import annotations

from werk.tools.st.lowering.context import (
    ACTION,
    END_OF_POU,
    FUNCTION,
    FUNCTION_BLOCK,
    GET,
    INTERFACE,
    METHOD,
    POUS,
    PROGRAM,
    PROPERTY,
    SET,
    Frame,
    Handler,
    Lowering,
    Phase,
    decode,
)
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import TokenKind

ACCESS_MODIFIERS = frozenset(b"PUBLIC PRIVATE PROTECTED INTERNAL".split())
INHERITANCE_MODIFIERS = frozenset(b"ABSTRACT FINAL OVERRIDE".split())
MODIFIERS = ACCESS_MODIFIERS | INHERITANCE_MODIFIERS
TOP_LEVEL_POUS = frozenset({PROGRAM, FUNCTION_BLOCK, FUNCTION, INTERFACE})
_HAVE_ACTIONS = frozenset({PROGRAM, FUNCTION_BLOCK})


def open_pou(lw: Lowering, index: int, kind: bytes) -> int:
    """Open a POU at its keyword ``index``; lower its header; return the index after the header.

    The caller then calls ``lw.after_declaration_item`` with that index (a
    Siemens data block first looks for its instance type).
    """
    owner = lw.pou()
    frame = Frame(kind, index, Phase.HEADER)
    if kind in (METHOD, PROPERTY, ACTION):
        frame.move_from = lw.starts[index]
        _place_member(lw, frame, owner)
    lw.frames.append(frame)
    position = _lower_modifiers(lw, index + 1, kind)
    name = position
    if lw.is_name(position):
        position = lw.skip_dotted_name(position)
        frame.name = lw.name(name) if position == name + 1 else _dotted(lw, name, position)
    if kind == ACTION:
        _lower_action_header(lw, index, name, position)
        if lw.kind(position) == TokenKind.COLON:
            lw.done.add(position)
            position += 1
    elif lw.kind(position) == TokenKind.COLON:
        position = lw.skip_type(position + 1)
    elif kind == FUNCTION and position > name:
        at = lw.ends[position - 1]
        lw.rewrite(RewriteKind.MISSING_RETURN_TYPE, at, at, [(at, at, b" : VOID")])
    while lw.upper(position) in (b"EXTENDS", b"IMPLEMENTS"):
        position = lw.skip_dotted_name(position + 1)
        while lw.is_punct(position, b","):
            position = lw.skip_dotted_name(position + 1)
    # The name and the return type may hold constructs of their own
    # (an SCL "quoted name", STRING[80], REFERENCE TO ...).
    lw.walk(index + 1, position)
    frame.phase = Phase.DECLARATIONS
    return position


def _dotted(lw: Lowering, first: int, after: int) -> str:
    return decode(lw.source[lw.starts[first] : lw.ends[after - 1]])


def _place_member(lw: Lowering, frame: Frame, owner: Frame | None) -> None:
    """Decide whether a method/property/action must move before its owner's statements."""
    previous = lw.last_pou
    if owner is None and frame.kind == ACTION and previous and previous.kind in _HAVE_ACTIONS:
        # An action exported after its block's END_FUNCTION_BLOCK (or END_PROGRAM):
        # it goes before the block's statements, or before its END if it has none.
        owner = previous
        if owner.body_start is not None:
            frame.move_to = owner.body_start
        elif owner.end_keyword is not None:
            frame.move_to = lw.starts[owner.end_keyword]
    elif owner is not None and owner.phase is Phase.BODY and owner.body_start is not None:
        frame.move_to = owner.body_start
        # Its attributes (blanked here, the grammar takes none before a member) go with it.
        first = frame.keyword
        while lw.kind(first - 1) == TokenKind.PRAGMA:
            first -= 1
        frame.move_from = lw.starts[first]
    if owner is not None and owner.kind == PROGRAM and not owner.as_function_block:
        _lower_program_to_function_block(lw, owner)


def _lower_program_to_function_block(lw: Lowering, program: Frame) -> None:
    program.as_function_block = True
    detail = {"pou": "PROGRAM", "name": program.name}
    lw.replace_token(
        RewriteKind.PROGRAM_AS_FUNCTION_BLOCK, program.keyword, b"FUNCTION_BLOCK", detail
    )
    if program.end_keyword is not None:
        _lower_end_program(lw, program)


def _lower_end_program(lw: Lowering, program: Frame) -> None:
    assert program.end_keyword is not None
    detail = {"pou": "PROGRAM", "name": program.name}
    lw.replace_token(
        RewriteKind.PROGRAM_AS_FUNCTION_BLOCK, program.end_keyword, b"END_FUNCTION_BLOCK", detail
    )


def _lower_modifiers(lw: Lowering, index: int, kind: bytes) -> int:
    """Blank the modifiers the grammar does not take for ``kind``; return the index after them.

    The grammar takes ``METHOD [ABSTRACT|FINAL|OVERRIDE] [access] name``,
    ``PROPERTY [access] name`` and no modifier on other POUs.
    """
    slot = 0  # 0: nothing yet, 1: an inheritance modifier taken, 2: an access modifier taken
    while lw.upper(index) in MODIFIERS and (
        lw.is_name(index + 1) or lw.upper(index + 1) in MODIFIERS
    ):
        word = lw.upper(index)
        keep = False
        if kind == METHOD:
            if word in INHERITANCE_MODIFIERS and slot == 0:
                keep, slot = True, 1
            elif word in ACCESS_MODIFIERS and slot < 2:
                keep, slot = True, 2
        elif kind == PROPERTY and word in ACCESS_MODIFIERS and slot == 0:
            keep, slot = True, 2
        if not keep:
            lw.blank(
                RewriteKind.POU_MODIFIER,
                lw.starts[index],
                lw.ends[index],
                {"modifier": word.decode("ascii")},
            )
        index += 1
    return index


def _lower_action_header(lw: Lowering, keyword: int, name: int, colon: int) -> None:
    """``ACTION A:`` -> ``METHOD A ``."""
    action = _dotted(lw, name, colon) if name < colon else ""
    detail = {"name": action}
    start = lw.starts[keyword]
    edits = [(start, lw.ends[keyword], b"METHOD")]
    if lw.kind(colon) != TokenKind.COLON:
        lw.rewrite(RewriteKind.ACTION, start, lw.ends[keyword], edits, detail)
        return
    colon_edit = (lw.starts[colon], lw.ends[colon], b" ")
    if any(lw.kind(index) == TokenKind.QUOTED_NAME for index in range(name, colon)):
        # The name has a rewrite of its own; keep the spans apart.
        lw.rewrite(RewriteKind.ACTION, start, lw.ends[keyword], edits, detail)
        lw.rewrite(RewriteKind.ACTION, lw.starts[colon], lw.ends[colon], [colon_edit], detail)
        return
    lw.rewrite(RewriteKind.ACTION, start, lw.ends[colon], [*edits, colon_edit], detail)


def _opener(kind: bytes) -> Handler:
    def open_(lw: Lowering, index: int) -> int:
        if kind in (GET, SET):
            frame = lw.frame
            if frame is None or frame.kind != PROPERTY or lw.used_as_name(index):
                return index + 1
        position = open_pou(lw, index, kind)
        lw.after_declaration_item(position)
        return position

    open_.__doc__ = f"Open a {kind.decode()}."
    return open_


def close_pou(lw: Lowering, index: int) -> int:
    """An END_ keyword: close its POU, lower what depends on its end, and go on."""
    word = lw.upper(index)
    frame = lw.close(END_OF_POU[word])
    if frame is None:
        return index + 1
    frame.end_keyword = index
    if frame.kind == ACTION:
        lw.replace_token(RewriteKind.ACTION, index, b"END_METHOD", {"name": frame.name})
    elif frame.kind == PROGRAM and frame.as_function_block:
        _lower_end_program(lw, frame)
    if frame.move_to is not None:
        member = "ACTION" if frame.kind == ACTION else frame.kind.decode()
        lw.move(frame, lw.ends[index], {"member": member, "name": frame.name})
    if frame.kind in TOP_LEVEL_POUS and lw.pou() is None:
        lw.last_pou = frame
    lw.after_declaration_item(index + 1)
    return index + 1


HANDLERS: dict[bytes, Handler] = {
    kind: _opener(kind)
    for kind in (PROGRAM, FUNCTION_BLOCK, FUNCTION, METHOD, PROPERTY, ACTION, GET, SET, INTERFACE)
}
HANDLERS.update({word: close_pou for word, kind in END_OF_POU.items() if kind in POUS})
