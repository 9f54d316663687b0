"""A comment- and string-aware lexer for Structured Text, over raw bytes.

Lowering must never touch text inside comments or string literals, and must
keep working on files whose comments hold bytes that are not UTF-8 (old
projects saved in Windows-1252 are common in plants). So the source is
tokenised once, as bytes, by one compiled regular expression; whitespace and
ordinary comments are set aside, and the lowering passes only look at the
significant tokens.

Token kinds follow IEC 61131-3 (3rd edition) clause 6.1 (character set,
identifiers, keywords, comments, pragmas) and the literals of clause 6.3, plus
the vendor spellings the lowering has to see: Siemens ``"quoted names"`` and
``#locals``, CODESYS ``S=``/``R=``, bit access ``x.3``/``x.%X3``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from werk.tools.st.document import Dialect


class TokenKind(IntEnum):
    """What a token is; the values are the group numbers of the lexer's regex."""

    LINE_COMMENT = 1  # // to the end of the line
    BLOCK_COMMENT = 2  # (* ... *) without nesting
    NESTED_COMMENT = 3  # (* ... (* ... *) ... *), CODESYS nests comments
    OPEN_COMMENT = 4  # (* never closed, or nested deeper than the regex follows
    PRAGMA = 5  # { ... }
    STRING = 6  # '...' and, outside SCL, "..." (WSTRING)
    QUOTED_NAME = 7  # SCL "Motor DB": a name, not a string
    DIRECT_ADDRESS = 8  # %IX0.0, %QW4, %I*, %DB1.DBX0.0
    PARTIAL_ACCESS = 9  # .3 or .%X3 after an operand: a bit (or byte/word) of it
    SET_RESET = 10  # S= or R= (CODESYS set/reset assignment, when after an operand)
    TYPED_LITERAL = 11  # prefix#value: T#1s, INT#3, E_State#Run
    KEYWORD = 12  # a reserved or contextual word (upper-case it to know which)
    IDENTIFIER = 13
    NUMBER = 14
    HASH = 15  # a lone # (SCL marks local names with it)
    ASSIGN = 16  # :=
    COLON = 17
    SEMICOLON = 18
    PUNCT = 19  # any other operator or delimiter
    OTHER = 20  # a byte that starts no token (e.g. non-ASCII outside strings)


# Reserved words (IEC 61131-3 Annex C plus the CODESYS and SCL ones the
# lowering reacts to): never a name.
KEYWORDS = frozenset(
    b"""
    PROGRAM END_PROGRAM FUNCTION_BLOCK END_FUNCTION_BLOCK FUNCTION END_FUNCTION
    METHOD END_METHOD PROPERTY END_PROPERTY END_GET END_SET ACTION END_ACTION
    INTERFACE END_INTERFACE ORGANIZATION_BLOCK END_ORGANIZATION_BLOCK
    DATA_BLOCK END_DATA_BLOCK TYPE END_TYPE STRUCT END_STRUCT UNION END_UNION
    VAR VAR_INPUT VAR_OUTPUT VAR_IN_OUT VAR_TEMP VAR_GLOBAL VAR_EXTERNAL
    VAR_INST VAR_STAT VAR_CONFIG VAR_ACCESS END_VAR CONSTANT RETAIN NON_RETAIN
    PERSISTENT IF THEN ELSIF ELSE END_IF CASE OF END_CASE FOR TO BY DO END_FOR
    WHILE END_WHILE REPEAT UNTIL END_REPEAT EXIT CONTINUE RETURN JMP GOTO
    AND OR XOR NOT MOD AND_THEN OR_ELSE REF_TO POINTER ARRAY STRING WSTRING
    AT EXTENDS IMPLEMENTS END_REGION TRUE FALSE NAMESPACE END_NAMESPACE
    """.split()
)

# Words that are keywords only in some positions; elsewhere they are names
# (a variable may well be called ``Name``, ``Version`` or ``Set``). Both sets
# scan as KEYWORD tokens, so the walk hands them to their handlers.
CONTEXTUAL_WORDS = frozenset(
    b"""
    BEGIN REGION TITLE VERSION AUTHOR FAMILY NAME KNOW_HOW_PROTECT UNLINKED
    READ_ONLY DB_SPECIFIC GET SET REFERENCE PUBLIC PRIVATE PROTECTED INTERNAL
    FINAL ABSTRACT OVERRIDE
    """.split()
)


# (kind, start, end): plain tuples, because a large file has 100,000s of them.
Token = tuple[int, int, int]


@dataclass(frozen=True)
class Scan:
    """The significant tokens of a source (as parallel lists), and its comments, in source order."""

    kinds: list[int]
    starts: list[int]
    ends: list[int]
    comments: list[Token]


def _word_trie(words: frozenset[bytes]) -> bytes:
    """A case-insensitive regex for ``words`` as a letter trie: one branch per letter, so fast."""
    root: dict[int, dict] = {}
    for word in words:
        node = root
        for letter in word.upper():
            node = node.setdefault(letter, {})
        node[-1] = {}  # a word ends here

    def emit(node: dict[int, dict]) -> bytes:
        branches = [
            re.escape(bytes([letter])) + emit(node[letter])
            for letter in sorted(node)
            if letter >= 0
        ]
        if not branches:
            return b""
        group = b"(?:" + b"|".join(branches) + b")"
        return group + b"?" if -1 in node else group

    return b"(?i:" + emit(root) + b")(?![\\w#])"


def _nested_comment(depth: int) -> bytes:
    """``(* ... *)`` with up to ``depth`` levels of nesting inside."""
    pattern = rb"\(\*(?:[^*(]++|\*(?!\))|\((?!\*))*+\*\)"
    for _ in range(depth):
        pattern = rb"\(\*(?:[^*(]++|\*(?!\))|\((?!\*)|" + pattern + rb")*+\*\)"
    return pattern


_FLAT_COMMENT = rb"\(\*(?:[^*(]++|\*(?!\))|\((?!\*))*+\*\)"
_SINGLE_QUOTED = rb"'(?:[^'$\r\n]|\$[^\r\n])*+'?"
_DOUBLE_QUOTED = rb'"(?:[^"$\r\n]|\$[^\r\n])*+"?'


def _lexer(quoted_names: bool) -> re.Pattern[bytes]:
    strings = _SINGLE_QUOTED if quoted_names else _SINGLE_QUOTED + b"|" + _DOUBLE_QUOTED
    names = rb'"[^"\r\n]*+"?' if quoted_names else rb"(?!)"
    groups = [
        rb"//[^\r\n]*+",  # LINE_COMMENT
        _FLAT_COMMENT,  # BLOCK_COMMENT
        _nested_comment(6),  # NESTED_COMMENT
        rb"\(\*[\s\S]*",  # OPEN_COMMENT: the rest; the scanner finds the real end
        rb"\{(?:[^}]*+\}|[^}\r\n]*+)",  # PRAGMA (one never closed ends with its line)
        strings,  # STRING
        names,  # QUOTED_NAME
        rb"%[IQMiqm][XBWDLxbwdl]?(?:\d+(?:\.\d+)*|\*)|%DB\d+\.DB[XBWDxbwd]\d+(?:\.\d+)?",
        rb"\.(?:%[XBWDxbwd])?\d+",  # PARTIAL_ACCESS
        rb"[SsRr]=(?![=>])",  # SET_RESET
        # TYPED_LITERAL: T#1s, TOD#12:00:00, DT#2020-01-01-12:00, WORD#16#FF, E_State#Run
        rb"[A-Za-z_]\w*+#(?:'[^'\r\n]*'?|\"[^\"\r\n]*\"?|[-+]?\d[\w.:#]*+(?:-\d[\w.:]*+)*+|\w*+)",
        _word_trie(KEYWORDS | CONTEXTUAL_WORDS),  # KEYWORD
        rb"[A-Za-z_]\w*+",  # IDENTIFIER
        rb"\d[\d_]*+(?:\#[0-9A-Fa-f_]+|(?:\.\d[\d_]*+)?(?:[eE][+-]?\d+)?)",  # NUMBER
        rb"\#",  # HASH
        rb":=",  # ASSIGN
        rb":",  # COLON
        rb";",  # SEMICOLON
        rb"=>|\.\.|<=|>=|<>|\*\*|\?=|[,()\[\].^=+\-*/&<>@]",  # PUNCT
        rb"[\s\S]",  # OTHER
    ]
    assert len(groups) == len(TokenKind)
    body = b"|".join(b"(" + group + b")" for group in groups)
    return re.compile(rb"[ \t\r\n\f\v]*+(?:" + body + rb")")


_SCL_LEXER = _lexer(quoted_names=True)
_IEC_LEXER = _lexer(quoted_names=False)
_COMMENT_DELIMITER = re.compile(rb"\(\*|\*\)")


def comment_end(source: bytes, start: int) -> int:
    """The end of the (possibly nested) comment opening at ``start``; the text's end if unclosed."""
    depth = 0
    for delimiter in _COMMENT_DELIMITER.finditer(source, start):
        depth += 1 if delimiter.group() == b"(*" else -1
        if depth == 0:
            return delimiter.end()
    return len(source)


def inner_comment_delimiters(source: bytes, start: int, end: int) -> list[int]:
    """Offsets of the ``(*``/``*)`` pairs nested inside the comment ``source[start:end]``."""
    depth = 0
    inner = []
    for delimiter in _COMMENT_DELIMITER.finditer(source, start, end):
        opening = delimiter.group() == b"(*"
        if not opening:
            depth -= 1
        if depth > 0:
            inner.append(delimiter.start())
        if opening:
            depth += 1
    return inner


def scan(source: bytes, dialect: Dialect) -> Scan:
    """Tokenise ``source``; in SCL ``"..."`` is a name, elsewhere a WSTRING literal."""
    lexer = _SCL_LEXER if dialect is Dialect.SCL else _IEC_LEXER
    found: list[Token] = []
    position = 0
    while True:
        found += [
            (kind, match.start(kind), match.end())
            for match in lexer.finditer(source, position)
            for kind in (match.lastindex or 0,)
        ]
        if not found or found[-1][0] != TokenKind.OPEN_COMMENT:
            break
        # Nested deeper than the regex follows, or never closed: find the end
        # by counting, then carry on lexing after it.
        start = found.pop()[1]
        position = comment_end(source, start)
        nested = bool(inner_comment_delimiters(source, start, position))
        kind = TokenKind.NESTED_COMMENT if nested else TokenKind.BLOCK_COMMENT
        found.append((kind, start, position))
        if position >= len(source):
            break
    significant = [token for token in found if token[0] > TokenKind.OPEN_COMMENT]
    comments = [token for token in found if token[0] <= TokenKind.OPEN_COMMENT]
    return Scan(
        [token[0] for token in significant],
        [token[1] for token in significant],
        [token[2] for token in significant],
        comments,
    )
