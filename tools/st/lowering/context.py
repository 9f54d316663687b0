"""The state of one lowering pass: the tokens, where the pass is in the code, the edits so far.

The lowering does not parse; it follows just enough of the structure of
IEC 61131-3 POUs (clause 6.6: header, variable sections, body; methods and
properties of clause 6.6.5) to tell a construct's place: a pragma after a
function block's header is not where a pragma inside a statement list is, a
``retry:`` at the start of a statement is a jump label while ``Idle:`` in a
CASE is a case label. Construct families (one module each) register handlers
for the keywords and token kinds they care about; ``Lowering.walk`` calls them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from werk.tools.st.lowering.layout import Move, Replacement
from werk.tools.st.lowering.rewrite import RewriteKind
from werk.tools.st.lowering.scanner import CONTEXTUAL_WORDS, Scan, TokenKind

Handler = Callable[["Lowering", int], int]
"""Handles the token at an index; returns the index of the next token to look at."""

# Frame kinds.
PROGRAM = b"PROGRAM"
FUNCTION_BLOCK = b"FUNCTION_BLOCK"
FUNCTION = b"FUNCTION"
METHOD = b"METHOD"
ACTION = b"ACTION"
PROPERTY = b"PROPERTY"
GET = b"GET"
SET = b"SET"
INTERFACE = b"INTERFACE"
ORGANIZATION_BLOCK = b"ORGANIZATION_BLOCK"
DATA_BLOCK = b"DATA_BLOCK"
VAR = b"VAR"
TYPE = b"TYPE"
STRUCT = b"STRUCT"

POUS_WITH_BODY = frozenset(
    {PROGRAM, FUNCTION_BLOCK, FUNCTION, METHOD, ACTION, GET, SET, ORGANIZATION_BLOCK, DATA_BLOCK}
)
POUS_WITHOUT_BODY = frozenset({INTERFACE, PROPERTY})
POUS = POUS_WITH_BODY | POUS_WITHOUT_BODY
MEMBER_KEYWORDS = frozenset({b"METHOD", b"PROPERTY", b"ACTION"})
END_OF_POU = {
    b"END_PROGRAM": PROGRAM,
    b"END_FUNCTION_BLOCK": FUNCTION_BLOCK,
    b"END_FUNCTION": FUNCTION,
    b"END_METHOD": METHOD,
    b"END_ACTION": ACTION,
    b"END_PROPERTY": PROPERTY,
    b"END_GET": GET,
    b"END_SET": SET,
    b"END_INTERFACE": INTERFACE,
    b"END_ORGANIZATION_BLOCK": ORGANIZATION_BLOCK,
    b"END_DATA_BLOCK": DATA_BLOCK,
}
VAR_KEYWORDS = frozenset(
    b"""VAR VAR_INPUT VAR_OUTPUT VAR_IN_OUT VAR_TEMP VAR_GLOBAL VAR_EXTERNAL VAR_INST
    VAR_STAT VAR_CONFIG VAR_ACCESS""".split()
)
VAR_QUALIFIERS = frozenset(b"CONSTANT RETAIN NON_RETAIN PERSISTENT DB_SPECIFIC".split())
# Siemens block attributes written as `NAME : value` / `TITLE = text` lines in a header.
SCL_HEADER_ATTRIBUTES = frozenset(b"TITLE VERSION AUTHOR FAMILY NAME".split())
# Siemens block attributes written as a bare word in a header.
SCL_BARE_ATTRIBUTES = frozenset(b"KNOW_HOW_PROTECT UNLINKED READ_ONLY NON_RETAIN".split())
# After these a new statement starts.
STATEMENT_BOUNDARY_WORDS = frozenset(
    b"""THEN ELSE DO REPEAT BEGIN END_VAR END_IF END_CASE END_FOR END_WHILE END_REPEAT
    END_REGION END_METHOD END_ACTION END_PROPERTY END_GET END_SET""".split()
)
# Operators spelled as words: a word before S= that is one of these is no operand.
OPERATOR_WORDS = frozenset(b"AND OR XOR NOT MOD AND_THEN OR_ELSE".split())

_BLANK = bytes(byte if byte in (0x0A, 0x0D) else 0x20 for byte in range(256))


class Phase(IntEnum):
    """Where a POU's text is: its header line, its declarations, or its statements."""

    HEADER = 0
    DECLARATIONS = 1
    BODY = 2


@dataclass(eq=False)
class Frame:
    """An open POU, variable section, TYPE or STRUCT."""

    kind: bytes
    keyword: int  # token index of the opening keyword
    phase: Phase = Phase.DECLARATIONS
    name: str = ""
    body_start: int | None = None  # offset of the first statement
    blocks: list[bytes] = field(default_factory=list)  # open IF/CASE/FOR/WHILE/REPEAT
    move_from: int = 0  # a member: where its text starts (its attributes included)
    move_to: int | None = None  # a member after its owner's body: where it goes
    end_keyword: int | None = None  # token index of the END_ keyword, once closed
    as_function_block: bool = False  # a PROGRAM with members, lowered to a FUNCTION_BLOCK
    scl_header: bool = False  # a TYPE written the Siemens way, without a colon
    as_var_section: bool = False  # a STRUCT declaring a data block's variables (STEP 7 style)


@dataclass
class PendingRewrite:
    """A rewrite as the pass records it; its lowered span is known once the text is laid out."""

    kind: RewriteKind
    start: int
    end: int
    edits: list[int]  # indices into Lowering.edits, in source order
    detail: dict[str, object]
    move: int | None = None  # index into Lowering.moves, for MEMBER_MOVED


class Lowering:
    """One pass over one source: token access, structure, and the rewrites made."""

    def __init__(
        self,
        source: bytes,
        scan: Scan,
        keyword_handlers: Mapping[bytes, Handler],
        kind_handlers: Mapping[int, Handler],
    ) -> None:
        self.source = source
        self.kinds = scan.kinds
        self.starts = scan.starts
        self.ends = scan.ends
        self.comments = scan.comments
        self._comment_starts = [comment[1] for comment in scan.comments]
        self.count = len(scan.kinds)
        self.edits: list[Replacement] = []
        self.rewrites: list[PendingRewrite] = []
        self.moves: list[Move] = []
        self.frames: list[Frame] = []
        self.last_pou: Frame | None = None  # the last top-level POU closed
        self.statement_starts: set[int] = set()  # token indices known to start a statement
        self.declaration_tokens: set[int] = set()  # tokens found to be declaration items
        self.done: set[int] = set()  # tokens already handled ahead of the walk
        self.regions: list[str] = []
        self._keyword_handlers = keyword_handlers
        self._handler_by_spelling: dict[bytes, Handler | None] = {}  # spelled as in the source
        by_kind: list[Handler | None] = [None] * (max(TokenKind) + 1)
        for kind, handler in kind_handlers.items():
            by_kind[kind] = handler
        by_kind[TokenKind.KEYWORD] = Lowering._dispatch_keyword
        self._by_kind = by_kind

    # -- the walk -------------------------------------------------------------

    def walk(self, index: int, stop: int) -> None:
        """Hand each interesting token in ``[index, stop)`` to its handler."""
        kinds, by_kind, done = self.kinds, self._by_kind, self.done
        while index < stop:
            handler = by_kind[kinds[index]]
            if handler is None or index in done:
                index += 1
            else:
                index = max(index + 1, handler(self, index))

    def _dispatch_keyword(self, index: int) -> int:
        text = self.source[self.starts[index] : self.ends[index]]
        try:
            handler = self._handler_by_spelling[text]
        except KeyError:
            handler = self._handler_by_spelling[text] = self._keyword_handlers.get(text.upper())
        return handler(self, index) if handler else index + 1

    # -- tokens ---------------------------------------------------------------

    def kind(self, index: int) -> int:
        """The kind of token ``index``; 0 past either end."""
        return self.kinds[index] if 0 <= index < self.count else 0

    def text(self, index: int) -> bytes:
        return (
            self.source[self.starts[index] : self.ends[index]] if 0 <= index < self.count else b""
        )

    def upper(self, index: int) -> bytes:
        return self.text(index).upper()

    def name(self, index: int) -> str:
        """The text of token ``index`` as a name (quotes of an SCL name removed)."""
        text = self.text(index)
        if self.kind(index) == TokenKind.QUOTED_NAME:
            text = text.strip(b'"')
        return decode(text)

    def is_name(self, index: int) -> bool:
        """Whether token ``index`` can be an identifier (a contextual word can)."""
        kind = self.kind(index)
        if kind == TokenKind.IDENTIFIER or kind == TokenKind.QUOTED_NAME:
            return True
        return kind == TokenKind.KEYWORD and self.upper(index) in CONTEXTUAL_WORDS

    def is_punct(self, index: int, text: bytes) -> bool:
        return self.kind(index) == TokenKind.PUNCT and self.text(index) == text

    def used_as_name(self, index: int) -> bool:
        """Whether the next token shows ``index`` is a variable: ``Begin := 1``, ``Region.x``."""
        following = self.kind(index + 1)
        if following in (TokenKind.ASSIGN, TokenKind.SET_RESET, TokenKind.PARTIAL_ACCESS):
            return True
        return following == TokenKind.PUNCT and self.text(index + 1) in (b".", b"(", b"[", b"^")

    def matching(self, index: int) -> int:
        """The index of the bracket closing the one at ``index`` (the last token if unclosed)."""
        opening = self.text(index)
        closing = {b"(": b")", b"[": b"]"}[opening]
        depth = 0
        for current in range(index, self.count):
            if self.kinds[current] != TokenKind.PUNCT:
                continue
            text = self.text(current)
            if text == opening:
                depth += 1
            elif text == closing:
                depth -= 1
                if depth == 0:
                    return current
        return self.count - 1

    def skip_dotted_name(self, index: int) -> int:
        """The index after a name such as ``Lib.FB_Base`` starting at ``index``."""
        if not self.is_name(index):
            return index
        index += 1
        while self.is_punct(index, b".") and self.is_name(index + 1):
            index += 2
        return index

    def skip_type(self, index: int) -> int:
        """The index after a type such as ``ARRAY[0..9] OF STRING[80]`` starting at ``index``."""
        word = self.upper(index)
        if word in (b"POINTER", b"REFERENCE"):
            index += 2 if self.upper(index + 1) == b"TO" else 1
            return self.skip_type(index)
        if word == b"REF_TO":
            return self.skip_type(index + 1)
        if word == b"ARRAY":
            index += 1
            if self.is_punct(index, b"["):
                index = self.matching(index) + 1
            if self.upper(index) == b"OF":
                index += 1
            return self.skip_type(index)
        if word in (b"STRING", b"WSTRING"):
            index += 1
            if self.is_punct(index, b"[") or self.is_punct(index, b"("):
                index = self.matching(index) + 1
            return index
        return self.skip_dotted_name(index)

    def first_token_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def line_content_end(self, offset: int) -> int:
        """The end of the line holding ``offset``, before any comment and trailing blanks."""
        end = self.source.find(b"\n", offset)
        if end == -1:
            end = len(self.source)
        comment = bisect.bisect_left(self._comment_starts, offset)
        if comment < len(self._comment_starts) and self._comment_starts[comment] < end:
            end = self._comment_starts[comment]
        while end > offset and self.source[end - 1] in b" \t\r":
            end -= 1
        return end

    # -- structure ------------------------------------------------------------

    @property
    def frame(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def pou(self) -> Frame | None:
        """The innermost open POU (program, function block, method...), if any."""
        for frame in reversed(self.frames):
            if frame.kind in POUS:
                return frame
        return None

    def in_body(self) -> Frame | None:
        """The POU whose statements the walk is in, if it is in statements."""
        frame = self.frame
        if frame is not None and frame.kind in POUS_WITH_BODY and frame.phase is Phase.BODY:
            return frame
        return None

    def close(self, kind: bytes) -> Frame | None:
        """Close the innermost open frame of ``kind`` (and any left open inside it)."""
        for depth in range(len(self.frames) - 1, -1, -1):
            if self.frames[depth].kind == kind:
                frame = self.frames[depth]
                del self.frames[depth:]
                return frame
        return None

    def previous_significant(self, index: int) -> int:
        """The token before ``index``, pragmas skipped."""
        index -= 1
        while index >= 0 and self.kinds[index] == TokenKind.PRAGMA:
            index -= 1
        return index

    def next_significant(self, index: int) -> int:
        """The token at or after ``index`` that is not a pragma."""
        while index < self.count and self.kinds[index] == TokenKind.PRAGMA:
            index += 1
        return index

    def at_statement_start(self, index: int) -> bool:
        """Whether token ``index`` begins a statement (pragmas before it do not count)."""
        previous = self.previous_significant(index)
        if previous < 0 or previous + 1 in self.statement_starts:
            return True
        kind = self.kinds[previous]
        if kind == TokenKind.SEMICOLON or kind == TokenKind.COLON:
            return True
        return kind == TokenKind.KEYWORD and self.upper(previous) in STATEMENT_BOUNDARY_WORDS

    def at_declaration_start(self, index: int) -> bool:
        """Whether token ``index`` begins a variable or field declaration."""
        previous = self.previous_significant(index)
        if previous < 0 or self.kinds[previous] == TokenKind.SEMICOLON:
            return True
        word = self.upper(previous)
        return word in VAR_KEYWORDS or word in VAR_QUALIFIERS or word in (b"STRUCT", b"UNION")

    def is_declaration_item(self, index: int, frame: Frame) -> bool:
        """Whether token ``index`` continues ``frame``'s declarations (rather than its body)."""
        if index in self.declaration_tokens:
            return True
        if self.kind(index) != TokenKind.KEYWORD:
            return False
        word = self.upper(index)
        if word in VAR_KEYWORDS or word in MEMBER_KEYWORDS or word in END_OF_POU:
            return True
        if word == b"BEGIN":
            return not self.used_as_name(index)
        if word == b"STRUCT":  # a STEP 7 style data block's variables
            return frame.kind == DATA_BLOCK
        if word in SCL_HEADER_ATTRIBUTES:
            return self.kind(index + 1) == TokenKind.COLON or self.is_punct(index + 1, b"=")
        return word in SCL_BARE_ATTRIBUTES and not self.used_as_name(index)

    def after_declaration_item(self, index: int) -> None:
        """Called with the token after a header or declaration item: does the body start there?"""
        frame = self.frame
        if frame is None or frame.kind not in POUS_WITH_BODY or frame.phase is Phase.BODY:
            return
        frame.phase = Phase.DECLARATIONS
        self.statement_starts.add(index)
        following = self.next_significant(index)
        if following >= self.count or self.is_declaration_item(following, frame):
            return
        frame.phase = Phase.BODY
        frame.body_start = self.starts[index]

    # -- rewriting ------------------------------------------------------------

    def rewrite(
        self,
        kind: RewriteKind,
        start: int,
        end: int,
        edits: Iterable[tuple[int, int, bytes]],
        detail: Mapping[str, object] | None = None,
    ) -> None:
        """Record that ``source[start:end]`` is construct ``kind``, lowered by ``edits``."""
        first = len(self.edits)
        self.edits.extend(edits)
        indices = list(range(first, len(self.edits)))
        self.rewrites.append(PendingRewrite(kind, start, end, indices, dict(detail or {})))

    def replace(
        self,
        kind: RewriteKind,
        start: int,
        end: int,
        replacement: bytes,
        detail: Mapping[str, object] | None = None,
    ) -> None:
        self.rewrite(kind, start, end, [(start, end, replacement)], detail)

    def blank(
        self, kind: RewriteKind, start: int, end: int, detail: Mapping[str, object] | None = None
    ) -> None:
        """Replace ``source[start:end]`` by spaces, keeping its line breaks."""
        self.replace(kind, start, end, blanked(self.source[start:end]), detail)

    def blank_tokens(
        self,
        kind: RewriteKind,
        first: int,
        last: int,
        detail: Mapping[str, object] | None = None,
    ) -> None:
        """Blank tokens ``first`` to ``last``; comments between them stay."""
        edits = [
            (self.starts[index], self.ends[index], blanked(self.text(index)))
            for index in range(first, last + 1)
        ]
        self.rewrite(kind, self.starts[first], self.ends[last], edits, detail)

    def replace_token(
        self,
        kind: RewriteKind,
        index: int,
        replacement: bytes,
        detail: Mapping[str, object] | None = None,
    ) -> None:
        self.replace(kind, self.starts[index], self.ends[index], replacement, detail)

    def move(self, frame: Frame, end: int, detail: Mapping[str, object]) -> None:
        """Move the member ``frame`` (closed at offset ``end``) to ``frame.move_to``."""
        if frame.move_to is None:
            return
        start = frame.move_from
        self.moves.append(Move(start, end, frame.move_to))
        self.rewrites.append(
            PendingRewrite(
                RewriteKind.MEMBER_MOVED, start, end, [], dict(detail), move=len(self.moves) - 1
            )
        )


def blanked(text: bytes) -> bytes:
    """``text`` with every byte but line breaks turned into a space."""
    return text.translate(_BLANK)


def padded(word: bytes, length: int) -> bytes:
    """``word`` followed by spaces up to ``length`` bytes (never cut)."""
    return word + b" " * max(0, length - len(word))


def decode(text: bytes) -> str:
    """Bytes of the source as text for a rewrite's detail; invalid UTF-8 does not stop us."""
    return text.decode("utf-8", errors="replace")
