"""Property expressions: ST expressions over ``instance.var`` paths, parsed without ``eval``.

A requirement parameter is an expression as PLCverif reads it: variables of
the checked instance (``instance.bRun``, ``instance.fbTimer.Q``,
``instance.aValues[2]``), global variables (``GVL_IO.bStart``) and direct
addresses (``%QX0.0``); ST literals (``TRUE``, ``16#FF``, ``T#500ms``,
``INT#-5``, ``E_State#Running``, ``1.5E3``); the ST operators with the
precedence of IEC 61131-3 (3rd ed.) Table 71 -- unary ``-``/``+``/``NOT``,
``**``, ``* / MOD``, ``+ -``, the comparisons, ``AND``/``&``, ``XOR``,
``OR`` -- and PLCverif's implication ``-->``, weakest of all and
right-associative (``a --> b --> c`` is ``a --> (b --> c)``). A call of a
standard function (``ABS(instance.x) < 5``) is parsed; the binder decides
which functions it supports.

This is a small recursive-descent parser of its own rather than the ST
grammar: a parameter is an expression, not a statement list, and errors
must point into the parameter text ("column 14: expected an operand").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werk.tools.errors import WerkError


class ExpressionError(WerkError):
    """A property expression that cannot be read; ``column`` is 1-based in its text."""

    def __init__(self, text: str, column: int, message: str) -> None:
        super().__init__(f"column {column}: {message} in {text!r}")
        self.text = text
        self.column = column
        self.reason = message


# --- syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    start: int  # offsets in the expression text
    end: int


@dataclass(frozen=True)
class Literal(Node):
    text: str  # as written: ``16#FF``, ``T#5s``, ``TRUE``, ``1.5``


@dataclass(frozen=True)
class EnumValue(Node):
    type_name: str | None  # ``E_State#Running``; None for a bare member found later
    member: str


@dataclass(frozen=True)
class Segment:
    name: str
    indexes: tuple[int, ...] = ()

    def __str__(self) -> str:
        if not self.indexes:
            return self.name
        return f"{self.name}[{', '.join(str(i) for i in self.indexes)}]"


@dataclass(frozen=True)
class Name(Node):
    """``instance.fbTimer.Q``, ``aValues[2]``: a path of names with constant indexes."""

    segments: tuple[Segment, ...]

    @property
    def path(self) -> str:
        return ".".join(str(segment) for segment in self.segments)


@dataclass(frozen=True)
class Address(Node):
    text: str  # ``%QX0.1``


@dataclass(frozen=True)
class Unary(Node):
    op: str  # ``-``, ``+``, ``NOT``
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # upper case: ``AND``, ``MOD``, ``-->``, ``<=``...
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    arguments: tuple[Node, ...]


def names_in(node: Node) -> list[Name]:
    """Every variable path the expression mentions, in order."""
    if isinstance(node, Name):
        return [node]
    if isinstance(node, Unary):
        return names_in(node.operand)
    if isinstance(node, Binary):
        return names_in(node.left) + names_in(node.right)
    if isinstance(node, Call):
        return [name for argument in node.arguments for name in names_in(argument)]
    return []


# --- tokens -----------------------------------------------------------------------------------

_KEYWORDS = frozenset({"AND", "OR", "XOR", "NOT", "MOD", "TRUE", "FALSE"})
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<implies>-->)
  | (?P<op><=|>=|<>|\*\*|:=|=>|[-+*/=<>&(),\[\].])
  | (?P<address>%[IQM][XBWDL]?\d+(?:\.\d+)*)
  | (?P<typed>[A-Za-z_][A-Za-z0-9_]*\#(?:
        [+-]?\d[\dA-Za-z_]*\#[0-9A-Fa-f_]+                            # INT#16#FF
      | \d{1,4}-\d{1,2}-\d{1,2}(?:-\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?)?  # D#, DT#
      | [+-]?[0-9A-Za-z_.:]+                                          # T#1s, E#Member, INT#-5
    ))
  | (?P<based>\d+\#[0-9A-Fa-f_]+)
  | (?P<number>\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>'[^']*'|"[^"]*")
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # op, implies, address, typed, based, number, name, keyword, end
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(text, position + 1, f"unexpected {text[position]!r}")
        kind = match.lastgroup or ""
        value = match.group(0)
        if kind == "string":
            raise ExpressionError(text, position + 1, "strings are not supported in properties")
        if kind == "name" and value.upper() in _KEYWORDS:
            kind = "keyword"
            value = value.upper()
        if kind == "op" and value in (":=", "=>"):
            raise ExpressionError(text, position + 1, f"{value!r} is not an operator here")
        if kind != "space":
            found.append(Token(kind, value, match.start(), match.end()))
        position = match.end()
    found.append(Token("end", "", len(text), len(text)))
    return found


# --- parser -----------------------------------------------------------------------------------

# Binary operators from the weakest to the strongest binding (IEC 61131-3 Table 71).
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("-->",),
    ("OR",),
    ("XOR",),
    ("AND", "&"),
    ("=", "<>", "<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "MOD"),
    ("**",),
)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokens(text)
        self.position = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.position]

    def advance(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def fail(self, token: Token, message: str) -> ExpressionError:
        return ExpressionError(self.text, token.start + 1, message)

    def operator_of(self, token: Token) -> str | None:
        if token.kind in ("op", "implies") or (
            token.kind == "keyword" and token.text in ("AND", "OR", "XOR", "MOD")
        ):
            return token.text
        return None

    def expect(self, text: str) -> Token:
        token = self.current
        if token.text != text:
            shown = repr(token.text) if token.text else "the end"
            raise self.fail(token, f"expected {text!r}, found {shown}")
        return self.advance()

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise self.fail(self.current, "empty expression")
        node = self.binary(0)
        if self.current.kind != "end":
            raise self.fail(self.current, f"unexpected {self.current.text!r}")
        return node

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        if _LEVELS[level] == ("-->",):
            left = self.binary(level + 1)
            if self.operator_of(self.current) == "-->":
                self.advance()
                right = self.binary(level)  # right-associative
                return Binary(left.start, right.end, "-->", left, right)
            return left
        node = self.binary(level + 1)
        while (op := self.operator_of(self.current)) in _LEVELS[level]:
            self.advance()
            right = self.binary(level + 1)
            node = Binary(node.start, right.end, "AND" if op == "&" else op or "", node, right)
        return node

    def unary(self) -> Node:
        token = self.current
        if (token.kind == "op" and token.text in ("-", "+")) or token.text == "NOT":
            self.advance()
            operand = self.unary()
            return Unary(token.start, operand.end, token.text, operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.text == "(":
            self.advance()
            inner = self.binary(0)
            self.expect(")")
            return inner
        if token.kind in ("number", "based") or (
            token.kind == "keyword" and token.text in ("TRUE", "FALSE")
        ):
            self.advance()
            return Literal(token.start, token.end, token.text)
        if token.kind == "typed":
            self.advance()
            prefix, _, body = token.text.partition("#")
            if body and (body[0].isalpha() or body[0] == "_") and not _is_literal_prefix(prefix):
                return EnumValue(token.start, token.end, prefix, body)
            return Literal(token.start, token.end, token.text)
        if token.kind == "address":
            self.advance()
            return Address(token.start, token.end, token.text)
        if token.kind == "name":
            return self.name_or_call()
        shown = repr(token.text) if token.text else "the end"
        raise self.fail(token, f"expected an operand, found {shown}")

    def name_or_call(self) -> Node:
        first = self.advance()
        if self.current.text == "(":
            self.advance()
            arguments: list[Node] = []
            if self.current.text != ")":
                arguments.append(self.binary(0))
                while self.current.text == ",":
                    self.advance()
                    arguments.append(self.binary(0))
            close = self.expect(")")
            return Call(first.start, close.end, first.text, tuple(arguments))
        segments = [self.segment(first)]
        end = self.tokens[self.position - 1].end
        while self.current.text == ".":
            self.advance()
            token = self.current
            if token.kind != "name":
                raise self.fail(token, "expected a name after '.'")
            self.advance()
            segments.append(self.segment(token))
            end = self.tokens[self.position - 1].end
        return Name(first.start, end, tuple(segments))

    def segment(self, token: Token) -> Segment:
        indexes: list[int] = []
        if self.current.text == "[":
            self.advance()
            indexes.append(self.index())
            while self.current.text == ",":
                self.advance()
                indexes.append(self.index())
            self.expect("]")
        return Segment(token.text, tuple(indexes))

    def index(self) -> int:
        sign = 1
        if self.current.text in ("-", "+"):
            sign = -1 if self.advance().text == "-" else 1
        token = self.current
        if token.kind != "number" or not token.text.replace("_", "").isdigit():
            raise self.fail(token, "array indexes in properties must be integer literals")
        self.advance()
        return sign * int(token.text.replace("_", ""))


_LITERAL_PREFIXES = frozenset(
    {"T", "TIME", "LT", "LTIME", "D", "DATE", "LD", "LDATE", "TOD", "TIME_OF_DAY", "LTOD"}
    | {"LTIME_OF_DAY", "DT", "DATE_AND_TIME", "LDT", "LDATE_AND_TIME", "BOOL", "BYTE", "WORD"}
    | {"DWORD", "LWORD", "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT"}
    | {"REAL", "LREAL"}
)


def _is_literal_prefix(prefix: str) -> bool:
    return prefix.upper() in _LITERAL_PREFIXES


def parse(text: str) -> Node:
    """The syntax tree of one property expression; ``ExpressionError`` if it is malformed."""
    return _Parser(text).parse()
