"""What the user can type at the cursor, decided from the structure of the text before it.

Completion offers different things in different places of a POU (IEC
61131-3 §6.5, §7.3): section keywords and declarations between VAR and
END_VAR, types after ``name :``, values after ``:=``, statements and their
keywords in a body, members after ``x.``, enumeration values after
``E_State#``, parameters inside a call's parentheses, POU templates outside
any POU. ``wanted`` turns the ``CursorContext`` into one ``Wanted``; the
completion module turns that into items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from werk.lsp.features.cursor_context import (
    POU_OPENERS,
    CursorContext,
    OpenCall,
    chain_before,
)
from werk.lsp.features.st_tokens import Kind, Token


class Place(StrEnum):
    NOTHING = "nothing"  # a comment, a string, a literal: no completion
    TOP_LEVEL = "top-level"  # between POUs: templates
    POU_HEADER = "pou-header"  # ``FUNCTION_BLOCK FB_X EXTENDS |``
    DECLARATIONS = "declarations"  # a POU before its body: sections, methods, statements
    DECLARATION_NAME = "declaration-name"  # the start of a declaration inside VAR ... END_VAR
    TYPE = "type"  # after ``name :`` in a declaration, ``OF``, ``POINTER TO``...
    VALUE = "value"  # an expression: after ``:=``, an operator, IF...
    STATEMENT = "statement"  # the start of a statement in a body
    MEMBER = "member"  # after ``object.``
    ENUM_LITERAL = "enum-literal"  # after ``E_State#``
    ARGUMENT = "argument"  # the start of an argument in a call: parameter names and values


# Words after which an operand is complete and an operator or keyword may follow.
OPERATORS = ["AND", "OR", "XOR", "MOD", "AND_THEN", "OR_ELSE"]
CONTINUATIONS = {"IF": ["THEN"], "ELSIF": ["THEN"], "WHILE": ["DO"], "CASE": ["OF"], "UNTIL": []}
COMPARISONS = frozenset({"=", "<>", "<", ">", "<=", ">="})
VALUE_OPENERS = frozenset(
    {":=", "S=", "R=", "=>", "(", ",", "[", "+", "-", "*", "/", "**", "&", "..", *COMPARISONS}
)
VALUE_KEYWORDS = frozenset(
    {"IF", "ELSIF", "WHILE", "UNTIL", "CASE", "AND", "OR", "XOR", "NOT", "MOD", "TO", "BY",
     "AND_THEN", "OR_ELSE"}
)  # fmt: skip


@dataclass
class Wanted:
    place: Place
    prefix: str = ""
    chain: list[Token] = field(default_factory=list)  # MEMBER: the object; ENUM_LITERAL: type
    expected: list[Token] = field(default_factory=list)  # VALUE: a chain whose type is expected
    expected_type: str | None = None  # VALUE: a type as text (initial values, parameters)
    call: OpenCall | None = None  # ARGUMENT/VALUE inside a call
    parameter: str | None = None  # VALUE of a named argument: ``IN := |``
    after_operand: bool = False  # VALUE: an operand is complete, only keywords may follow
    keywords: list[str] = field(default_factory=list)  # keywords that fit right here
    section: str | None = None  # DECLARATION_NAME/TYPE: the section keyword
    pou_kind: str | None = None  # the innermost POU's kind (FUNCTION_BLOCK, METHOD...)
    header_word: str | None = None  # POU_HEADER: EXTENDS, IMPLEMENTS, or ":"
    case_selector: list[Token] = field(default_factory=list)  # inside CASE: its selector
    open_blocks: list[str] = field(default_factory=list)  # IF, CASE... open around the cursor


def wanted(context: CursorContext) -> Wanted:
    """What to offer at the cursor described by ``context``."""
    prefix = context.prefix
    if context.in_text:
        return Wanted(Place.NOTHING)
    if context.inside_value:
        return Wanted(Place.NOTHING, prefix)
    statement = context.statement
    last = statement[-1] if statement else None
    pou_frames = context.pou_frames
    pou_kind = pou_frames[-1].kind if pou_frames else None
    top = context.innermost
    if top is None:
        return Wanted(Place.TOP_LEVEL, prefix)
    if top.kind in ("VAR", "STRUCT", "TYPE"):
        return _in_declarations(context, prefix, pou_kind)
    if top.kind in POU_OPENERS and context.header:
        return _in_header(statement, prefix, top.kind)
    if last is not None and last.text == ".":
        return Wanted(Place.MEMBER, prefix, chain=chain_before(statement, len(statement) - 1))
    if last is not None and last.text == "#" and len(statement) >= 2:
        return Wanted(Place.ENUM_LITERAL, prefix, chain=statement[-2:-1])
    blocks = [frame.kind for frame in context.open_blocks]
    case = next((f for f in reversed(context.open_blocks) if f.kind == "CASE"), None)
    base = Wanted(
        Place.VALUE,
        prefix,
        pou_kind=pou_kind,
        open_blocks=blocks,
        case_selector=list(case.selector) if case is not None else [],
    )
    if top.kind in POU_OPENERS and not top.body:
        base.place = Place.DECLARATIONS
        return base
    return _in_body(context, base)


def _in_declarations(context: CursorContext, prefix: str, pou_kind: str | None) -> Wanted:
    frame = context.innermost
    assert frame is not None
    statement = context.statement
    section = frame.name if frame.kind == "VAR" else frame.kind
    words = [t.upper for t in statement]
    if frame.kind == "TYPE":
        if ":" in words and ":=" not in words:
            return Wanted(Place.TYPE, prefix, section="TYPE", keywords=["STRUCT"])
        return Wanted(Place.NOTHING, prefix)
    if ":=" in words and ":" in words:
        colon = words.index(":")
        assign = words.index(":=")
        type_text = " ".join(t.text for t in statement[colon + 1 : assign])
        last = statement[-1]
        if last.text == "." and len(statement) >= 2:
            chain = chain_before(statement, len(statement) - 1)
            return Wanted(Place.MEMBER, prefix, chain=chain)
        if last.text == "#" and len(statement) >= 2:
            return Wanted(Place.ENUM_LITERAL, prefix, chain=statement[-2:-1])
        return Wanted(Place.VALUE, prefix, expected_type=type_text, section=section)
    if ":" in words:
        last = statement[-1]
        if last.upper in ("AT",) or last.kind is Kind.ADDRESS:
            return Wanted(Place.NOTHING, prefix)
        return Wanted(Place.TYPE, prefix, section=section)
    if words and words[-1] == "AT":
        return Wanted(Place.NOTHING, prefix)
    closer = "END_STRUCT" if frame.kind == "STRUCT" else "END_VAR"
    keywords = [closer]
    if frame.kind == "VAR" and not statement and context.line == frame.line:
        keywords += ["CONSTANT", "RETAIN", "PERSISTENT"]
    return Wanted(
        Place.DECLARATION_NAME, prefix, keywords=keywords, section=section, pou_kind=pou_kind
    )


def _in_header(statement: list[Token], prefix: str, kind: str) -> Wanted:
    words = [t.upper for t in statement]
    for word in ("IMPLEMENTS", "EXTENDS", ":"):
        if word in words:
            return Wanted(Place.POU_HEADER, prefix, header_word=word, pou_kind=kind)
    if statement or prefix:  # the POU's name, or a modifier, is being typed
        keywords = ["EXTENDS", "IMPLEMENTS"] if kind in ("FUNCTION_BLOCK", "INTERFACE") else []
        return Wanted(Place.POU_HEADER, prefix, keywords=keywords, pou_kind=kind)
    return Wanted(Place.NOTHING, prefix)


def _in_body(context: CursorContext, base: Wanted) -> Wanted:
    statement = context.statement
    call = context.call
    if call is not None:
        arguments = context.arguments(call)
        current = arguments[-1] if arguments else []
        base.call = call
        if not current:
            base.place = Place.ARGUMENT
            return base
        words = [t.text for t in current]
        operator = next((o for o in (":=", "=>") if o in words), None)
        if operator is not None:
            at = words.index(operator)
            if at == 1 and current[0].kind is Kind.WORD:
                base.parameter = current[0].text
            return _after(current[at + 1 :], base, keywords=OPERATORS)
        return _after(current, base, keywords=OPERATORS)
    if not statement:
        base.place = Place.STATEMENT
        return base
    first = statement[0].upper
    last = statement[-1]
    if last.text in COMPARISONS or last.text in (":=", "S=", "R="):
        base.expected = chain_before(statement, len(statement) - 1)
        return base
    if first in CONTINUATIONS:
        return _after(statement[1:], base, keywords=[*CONTINUATIONS[first], *OPERATORS])
    if first == "FOR":
        return _after(statement[1:], base, keywords=["TO", "BY", "DO"])
    assignment = next((i for i, t in enumerate(statement) if t.text in (":=", "S=", "R=")), None)
    if assignment is not None:
        base.expected = chain_before(statement, assignment)
        return _after(statement[assignment + 1 :], base, keywords=OPERATORS)
    return _after(statement, base, keywords=[":="] if statement else [])


def _after(expression: list[Token], base: Wanted, keywords: list[str]) -> Wanted:
    """An expression typed so far: a value is wanted unless an operand just ended."""
    base.place = Place.VALUE
    if not expression:
        return base
    last = expression[-1]
    if last.text in VALUE_OPENERS or last.upper in VALUE_KEYWORDS:
        if last.upper in ("AND", "OR", "XOR", "NOT", "MOD"):
            base.expected = []  # the operand of a logical operator is not the target's type
        return base
    base.after_operand = True
    base.keywords = [k for k in keywords if k != ":="]
    return base
