"""A forgiving lexer for the Structured Text the user is typing.

The semantic model sees the code as it last parsed; editing features must
also understand the half-written line before the cursor (``IF fbPump.``),
which no parser accepts. This lexer turns any text into tokens and never
fails: it knows the lexical rules of IEC 61131-3 §6.1 and the dialects
(nested ``(* *)`` comments of CODESYS, ``//`` and ``/* */`` comments,
``{pragmas}``, ``'strings'`` with ``$`` escapes, typed literals such as
``T#5s`` and ``16#FF``, direct addresses ``%IX0.1``, ``S=``/``R=``) and says
whether the text ends inside a comment or a string, where nothing is to be
completed. Offsets are of the bytes given, so callers can map them back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    WORD = "word"  # identifiers and keywords alike; ``Token.upper`` tells them apart
    NUMBER = "number"
    LITERAL = "literal"  # T#5s, DATE#2024-01-01: a value the user is typing, not a name
    STRING = "string"
    ADDRESS = "address"  # %IX0.1, %Q*
    COMMENT = "comment"
    PRAGMA = "pragma"
    SYMBOL = "symbol"  # punctuation and operators


class Token(NamedTuple):
    kind: Kind
    text: str
    start: int  # byte offsets into the lexed text
    end: int
    line: int  # zero-based line of the start

    @property
    def upper(self) -> str:
        return self.text.upper()

    def is_word(self, *words: str) -> bool:
        return self.kind is Kind.WORD and self.text.upper() in words


@dataclass(frozen=True)
class Lexed:
    tokens: list[Token]  # comments and pragmas included, in order
    open_comment: bool  # the text ends inside a comment
    open_string: bool  # ... or inside a string literal
    open_pragma: bool = False

    @property
    def code(self) -> list[Token]:
        """The tokens that carry meaning (no comments, no pragmas)."""
        return [t for t in self.tokens if t.kind not in (Kind.COMMENT, Kind.PRAGMA)]

    @property
    def ends_in_text(self) -> bool:
        """The end is inside a comment, string or pragma: no code completion there."""
        return self.open_comment or self.open_string or self.open_pragma


# Literal prefixes whose ``#`` starts a value, not an enumeration member.
LITERAL_PREFIXES = frozenset(
    {
        "T",
        "TIME",
        "LT",
        "LTIME",
        "D",
        "DATE",
        "LD",
        "LDATE",
        "TOD",
        "TIME_OF_DAY",
        "LTOD",
        "LTIME_OF_DAY",
        "DT",
        "DATE_AND_TIME",
        "LDT",
        "LDATE_AND_TIME",
        "S5T",
        "S5TIME",
    }
)

_LITERAL_WORDS = "|".join(sorted(LITERAL_PREFIXES, key=len, reverse=True)).encode()
# Whitespace matches nothing, so ``finditer`` skips it in C; every other byte matches.
_TOKEN = re.compile(
    rb"""
    (?P<line_comment>//[^\n]*)
    |(?P<block_comment>\(\*|/\*)
    |(?P<pragma>\{[^}]*\}?)
    |(?P<string>'(?:\$.|[^'$\n])*'?|"(?:\$.|[^"$\n])*"?)
    |(?P<literal>(?i:"""
    + _LITERAL_WORDS
    + rb""")\#[0-9A-Za-z_.:+\-]*)
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<number>\d[\d_]*(?:\#[0-9A-Fa-f_]*)?(?:\.(?!\.)[\d_]*)?(?:[eE][+-]?\d+)?)
    |(?P<address>%[IQMiqm][XBWDLxbwdl]?(?:\*|[\d.]*))
    |(?P<symbol>:=|=>|<=|>=|<>|\.\.|\*\*|[^\s\x80-\xff]|[\x80-\xff][\x80-\xbf]*)
    """,
    re.VERBOSE | re.DOTALL,
)
_KINDS = {
    "line_comment": Kind.COMMENT,
    "block_comment": Kind.COMMENT,
    "pragma": Kind.PRAGMA,
    "string": Kind.STRING,
    "literal": Kind.LITERAL,
    "word": Kind.WORD,
    "number": Kind.NUMBER,
    "address": Kind.ADDRESS,
    "symbol": Kind.SYMBOL,
}
_LATCHES = frozenset({b"S", b"s", b"R", b"r"})


def lex(data: bytes, start: int = 0, line: int = 0) -> Lexed:
    """Tokens of ``data`` from offset ``start`` (on ``line``, which must not be inside a
    comment or string); never raises, whatever the text."""
    tokens: list[Token] = []
    append = tokens.append
    length = len(data)
    text = data.decode("ascii") if data.isascii() else None
    newlines = [m.start() for m in _NEWLINE.finditer(data, start)]
    newline_count = len(newlines)
    passed = 0  # newlines before the current token
    position = start
    while position < length:
        for match in _TOKEN.finditer(data, position):
            group = match.lastgroup
            begin, end = match.span()
            while passed < newline_count and newlines[passed] < begin:
                passed += 1
            kind = _KINDS[group or "symbol"]
            if kind is Kind.WORD or kind is Kind.SYMBOL or kind is Kind.NUMBER:
                if (
                    end == begin + 1
                    and kind is Kind.WORD
                    and data[begin:end] in _LATCHES
                    and data[end : end + 1] == b"="
                    and data[end + 1 : end + 2] != b"="
                    and tokens
                    and (tokens[-1].kind is Kind.WORD or tokens[-1].text in ("]", ")", "^"))
                ):
                    # ``bRun S= x``: a latching assignment, not the name S
                    append(
                        Token(
                            Kind.SYMBOL,
                            data[begin : end + 1].decode(),
                            begin,
                            end + 1,
                            line + passed,
                        )
                    )
                    position = end + 1
                    break
                value = (
                    text[begin:end]
                    if text is not None
                    else data[begin:end].decode("utf-8", "replace")
                )
                append(Token(kind, value, begin, end, line + passed))
                continue
            closed = True
            if group == "block_comment":
                end, closed = _block_comment(data, begin)
            elif group == "line_comment":
                closed = end < length
            elif group == "pragma":
                closed = data[end - 1 : end] == b"}"
            elif group == "string":
                quote = data[begin : begin + 1]
                closed = (end - begin > 1 and data[end - 1 : end] == quote) or end < length
            value = (
                text[begin:end] if text is not None else data[begin:end].decode("utf-8", "replace")
            )
            append(Token(kind, value, begin, end, line + passed))
            if not closed:
                return Lexed(
                    tokens,
                    open_comment=kind is Kind.COMMENT,
                    open_string=kind is Kind.STRING,
                    open_pragma=kind is Kind.PRAGMA,
                )
            if group == "block_comment":  # its end is past what the expression matched
                position = end
                break
        else:
            break
    return Lexed(tokens, open_comment=False, open_string=False)


_NEWLINE = re.compile(rb"\n")


def _block_comment(data: bytes, start: int) -> tuple[int, bool]:
    """The end of the comment opening at ``start``; ``(* *)`` nests (CODESYS), ``/* */`` too."""
    opener = data[start : start + 2]
    closer = b"*)" if opener == b"(*" else b"*/"
    depth = 1
    position = start + 2
    while True:
        close = data.find(closer, position)
        if close < 0:
            return len(data), False
        nested = data.find(opener, position, close)
        if nested >= 0:
            depth += 1
            position = nested + 2
            continue
        depth -= 1
        position = close + 2
        if depth == 0:
            return position, True
