"""Where the cursor is, read from the text before it: POU, section, open blocks and calls.

While the user types, the line at the cursor rarely parses, and the parse
around it may be lost for a while. What an editor needs to know (inside which
POU and method, in which VAR section or in the body, inside which IF/CASE,
inside which call's argument list, what the statement typed so far is) can
be read from the tokens before the cursor alone, the way IEC 61131-3 §6.5
and §7.3 structure a POU: a header line, variable sections, methods and
properties, then statements. Declarations met on the way are collected too,
so a variable declared a line above is known before anything parses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werk.lsp.features.st_tokens import Kind, Lexed, Token

POU_OPENERS = {
    "PROGRAM": "END_PROGRAM",
    "FUNCTION_BLOCK": "END_FUNCTION_BLOCK",
    "FUNCTION": "END_FUNCTION",
    "METHOD": "END_METHOD",
    "PROPERTY": "END_PROPERTY",
    "ACTION": "END_ACTION",
    "INTERFACE": "END_INTERFACE",
    "ORGANIZATION_BLOCK": "END_ORGANIZATION_BLOCK",
    "DATA_BLOCK": "END_DATA_BLOCK",
}
POU_CLOSERS = {closer: opener for opener, closer in POU_OPENERS.items()}
SECTIONS = frozenset(
    {
        "VAR",
        "VAR_INPUT",
        "VAR_OUTPUT",
        "VAR_IN_OUT",
        "VAR_TEMP",
        "VAR_INST",
        "VAR_STAT",
        "VAR_GLOBAL",
        "VAR_EXTERNAL",
        "VAR_CONFIG",
        "VAR_ACCESS",
    }
)
QUALIFIERS = frozenset({"CONSTANT", "RETAIN", "NON_RETAIN", "PERSISTENT"})
MODIFIERS = frozenset({"PUBLIC", "PRIVATE", "PROTECTED", "INTERNAL", "ABSTRACT", "FINAL"})
STATEMENT_BLOCKS = {
    "IF": "END_IF",
    "CASE": "END_CASE",
    "FOR": "END_FOR",
    "WHILE": "END_WHILE",
    "REPEAT": "END_REPEAT",
}
BLOCK_CLOSERS = {closer: opener for opener, closer in STATEMENT_BLOCKS.items()}
VALUE_KINDS = frozenset({Kind.NUMBER, Kind.LITERAL, Kind.STRING, Kind.ADDRESS})
# Keywords after which a new statement (or a condition) begins.
STATEMENT_BREAKS = frozenset({"THEN", "ELSE", "DO", "OF", "BEGIN"})


@dataclass
class Frame:
    """One open construct: a POU, a VAR section, a TYPE, a STRUCT, a statement block."""

    kind: str  # "FUNCTION_BLOCK", "METHOD", ..., "VAR", "TYPE", "STRUCT", "IF", "GET"...
    name: str = ""  # a POU's name; a VAR frame's section keyword
    line: int = -1  # the line of its opening keyword
    qualifiers: set[str] = field(default_factory=set)
    body: bool = False  # a POU frame whose statements have begun
    selector: list[Token] = field(default_factory=list)  # a CASE's selector expression


@dataclass
class OpenCall:
    """An argument list being typed: ``fbPump(bStart := x, ``."""

    callee: list[Token]  # the tokens naming what is called (``fbPump``, ``fb.Start``)
    start: int  # the index in the statement of the first token after ``(``
    open_paren: Token

    def arguments(self, statement: list[Token]) -> list[list[Token]]:
        """The arguments typed so far; the last one is the one at the cursor."""
        found: list[list[Token]] = [[]]
        depth = 0
        for token in statement[self.start :]:
            if token.text in ("(", "["):
                depth += 1
            elif token.text in (")", "]"):
                depth -= 1
            elif token.text == "," and depth == 0:
                found.append([])
                continue
            found[-1].append(token)
        return found


@dataclass
class ScannedDeclaration:
    """A variable declaration read from the text (``a, b : INT := 5;``)."""

    pou: tuple[str, ...]  # the POU path it belongs to
    section: str  # VAR_INPUT, VAR..., or STRUCT for a field
    names: list[str]
    type_text: str
    qualifiers: frozenset[str] = frozenset()
    initial_value: str | None = None
    address: str | None = None


@dataclass
class CursorContext:
    frames: list[Frame]
    statement: list[Token]  # the statement (or declaration) typed so far, partial word excluded
    brackets: list[OpenCall | None]  # open ``(`` and ``[``: a call, or None for grouping/index
    declarations: list[ScannedDeclaration]
    partial: Token | None  # the word being typed, ending at the cursor
    in_text: bool  # inside a comment, string or pragma
    header: bool = False  # on the header line of the innermost POU (its name, EXTENDS, type)
    line: int = -1  # the cursor's line (zero-based, in the text scanned)
    inside_value: bool = False  # right at the end of a number, literal, string or address

    @property
    def pou_frames(self) -> list[Frame]:
        return [f for f in self.frames if f.kind in POU_OPENERS]

    @property
    def pou_path(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.pou_frames if f.name)

    @property
    def innermost(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    @property
    def section(self) -> Frame | None:
        """The VAR section (or STRUCT) the cursor is in, if any."""
        top = self.innermost
        return top if top is not None and top.kind in ("VAR", "STRUCT", "TYPE") else None

    @property
    def open_blocks(self) -> list[Frame]:
        """Statement blocks open in the innermost POU body, outermost first."""
        blocks: list[Frame] = []
        for frame in reversed(self.frames):
            if frame.kind in POU_OPENERS:
                break
            if frame.kind in STATEMENT_BLOCKS:
                blocks.append(frame)
        return list(reversed(blocks))

    @property
    def call(self) -> OpenCall | None:
        """The innermost open call, when the cursor is directly in its argument list."""
        return self.brackets[-1] if self.brackets else None

    def arguments(self, call: OpenCall) -> list[list[Token]]:
        return call.arguments(self.statement)

    @property
    def prefix(self) -> str:
        return self.partial.text if self.partial is not None else ""


def scan(lexed: Lexed, cursor: int, line: int = -1) -> CursorContext:
    """Read the structure of the tokens that end at or before ``cursor`` (on ``line``)."""
    reader = StructureReader()
    tokens, partial, inside_value = split_partial(
        [t for t in lexed.code if t.start < cursor], cursor
    )
    for token in tokens:
        reader.feed(token)
    if line < 0:
        line = partial.line if partial is not None else (tokens[-1].line if tokens else -1)
    return reader.context(partial, lexed.ends_in_text, line, inside_value)


def split_partial(tokens: list[Token], cursor: int) -> tuple[list[Token], Token | None, bool]:
    """The tokens before the word being typed, that word, and whether the cursor is at the
    end of a value (a number, literal, string or address)."""
    last = tokens[-1] if tokens else None
    inside_value = last is not None and last.end == cursor and last.kind in VALUE_KINDS
    if last is not None and last.kind is Kind.WORD and last.end == cursor:
        return tokens[:-1], last, inside_value
    return tokens, None, inside_value


@dataclass(frozen=True)
class Checkpoint:
    """The reader's state between two statements: reading may resume here."""

    offset: int  # where lexing resumes (just after a ``;``)
    line: int
    frames: tuple[Frame, ...]
    declarations: int  # how many declarations had been read (the list only grows)


class StructureReader:
    """Feeds on tokens in order and keeps the structure they open and close."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self.statement: list[Token] = []
        self.brackets: list[OpenCall | None] = []
        self.declarations: list[ScannedDeclaration] = []
        self._awaiting_name: Frame | None = None

    @classmethod
    def resume(
        cls, checkpoint: Checkpoint, declarations: list[ScannedDeclaration]
    ) -> StructureReader:
        reader = cls()
        reader.frames = [_copy(frame) for frame in checkpoint.frames]
        reader.declarations = declarations[: checkpoint.declarations]
        return reader

    def checkpoint(self, offset: int, line: int) -> Checkpoint | None:
        """The state to resume from at ``offset``, if it is between statements."""
        if self.statement or self.brackets or self._awaiting_name is not None:
            return None
        return Checkpoint(
            offset, line, tuple(_copy(f) for f in self.frames), len(self.declarations)
        )

    def context(
        self, partial: Token | None, in_text: bool, line: int, inside_value: bool
    ) -> CursorContext:
        header = False
        pous = [f for f in self.frames if f.kind in POU_OPENERS]
        if pous and self.frames[-1] is pous[-1]:
            header = line == pous[-1].line and not pous[-1].body
        return CursorContext(
            frames=self.frames,
            statement=self.statement,
            brackets=self.brackets,
            declarations=self.declarations,
            partial=partial,
            in_text=in_text,
            header=header,
            line=line,
            inside_value=inside_value,
        )

    # --- frames ------------------------------------------------------------------------------

    def top(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def pou(self) -> Frame | None:
        return next((f for f in reversed(self.frames) if f.kind in POU_OPENERS), None)

    def pop_to(self, kind: str) -> None:
        """Close the innermost frame of ``kind`` and everything opened inside it."""
        for index in range(len(self.frames) - 1, -1, -1):
            if self.frames[index].kind == kind:
                del self.frames[index:]
                return

    def body_begins(self, token: Token) -> None:
        """The first token at POU level below the header that no declaration keyword claims
        starts the statements; the header's tokens are done with."""
        pou = self.pou()
        if pou is None or pou.body or self.top() is not pou or token.line == pou.line:
            return
        word = token.upper if token.kind is Kind.WORD else ""
        if word in SECTIONS or word in POU_OPENERS or word in POU_CLOSERS or word == "BEGIN":
            return
        if word in ("GET", "SET") and pou.kind == "PROPERTY":
            return
        pou.body = True
        self.reset_statement()

    def reset_statement(self) -> None:
        self.statement = []
        self.brackets = []

    # --- tokens ------------------------------------------------------------------------------

    def feed(self, token: Token) -> None:
        word = token.upper if token.kind is Kind.WORD else ""
        top = self.top()
        if self._awaiting_name is not None:
            if token.kind is Kind.WORD and word not in MODIFIERS:
                self._awaiting_name.name = token.text
                self._awaiting_name = None
                return
            if token.kind is Kind.STRING and token.text.startswith('"'):
                self._awaiting_name.name = token.text.strip('"')  # SCL "Motor Control"
                self._awaiting_name = None
                return
        self.body_begins(token)
        if word and self.structure(token, word, top):
            return
        if token.kind is Kind.SYMBOL:
            self.symbol(token, top)
            return
        self.statement.append(token)

    def structure(self, token: Token, word: str, top: Frame | None) -> bool:
        """Keywords that open or close a construct; True when ``token`` was one."""
        in_declarations = top is not None and top.kind in ("VAR", "STRUCT", "TYPE")
        if (
            word in POU_OPENERS
            and not self.brackets
            and not in_declarations
            and (word in ("PROPERTY", "METHOD", "ACTION") or not self.statement)
        ):
            frame = Frame(word, line=token.line)
            self.frames.append(frame)
            self._awaiting_name = frame
            self.reset_statement()
            return True
        if word in POU_CLOSERS:
            self.pop_to(POU_CLOSERS[word])
            self.reset_statement()
            return True
        if word in SECTIONS and not in_declarations:
            self.frames.append(Frame("VAR", word, token.line))
            self.reset_statement()
            return True
        if word == "END_VAR":
            if top is not None and top.kind == "VAR":
                self.frames.pop()
            self.reset_statement()
            return True
        if word in QUALIFIERS and top is not None and top.kind == "VAR" and not self.statement:
            top.qualifiers.add(word)
            return True
        if word == "TYPE" and not self.statement and (top is None or top.kind == "TYPE"):
            self.frames.append(Frame("TYPE", line=token.line))
            self.reset_statement()
            return True
        if word == "END_TYPE":
            self.pop_to("TYPE")
            self.reset_statement()
            return True
        if word in ("STRUCT", "UNION"):
            self.frames.append(Frame("STRUCT", line=token.line))
            self.reset_statement()
            return True
        if word in ("END_STRUCT", "END_UNION"):
            self.pop_to("STRUCT")
            self.reset_statement()
            return True
        if in_declarations:
            return False
        return self.statement_keyword(token, word, top)

    def statement_keyword(self, token: Token, word: str, top: Frame | None) -> bool:
        pou = self.pou()
        if word in ("GET", "SET") and top is not None and top.kind == "PROPERTY":
            self.frames.append(Frame(word, line=token.line))
            self.reset_statement()
            return True
        if word in ("END_GET", "END_SET"):
            self.pop_to(word[4:])
            self.reset_statement()
            return True
        if word == "BEGIN" and pou is not None:  # SCL: the statements start here
            pou.body = True
            self.reset_statement()
            return True
        if word in STATEMENT_BLOCKS and not self.brackets:
            self.frames.append(Frame(word, line=token.line))
            self.reset_statement()
            if word != "REPEAT":
                self.statement.append(token)  # the condition follows: keep the keyword
            return True
        if word in BLOCK_CLOSERS:
            self.pop_to(BLOCK_CLOSERS[word])
            self.reset_statement()
            return True
        if word in ("ELSIF", "UNTIL"):
            self.reset_statement()
            self.statement.append(token)
            return True
        if word == "OF" and top is not None and top.kind == "CASE" and not top.selector:
            top.selector = [t for t in self.statement if not t.is_word("CASE")]
            self.reset_statement()
            return True
        if word in STATEMENT_BREAKS:
            self.reset_statement()
            return True
        return False

    def symbol(self, token: Token, top: Frame | None) -> None:
        text = token.text
        if text == ";" and not self.brackets:
            if top is not None and top.kind in ("VAR", "STRUCT"):
                self.declaration(top)
            self.reset_statement()
            return
        if text in ("(", "["):
            callee = callee_tokens(self.statement) if text == "(" else []
            self.statement.append(token)
            call = OpenCall(callee, len(self.statement), token) if callee else None
            self.brackets.append(call)
            return
        if text in (")", "]"):
            if self.brackets:
                self.brackets.pop()
            self.statement.append(token)
            return
        if (
            text == ":"
            and not self.brackets
            and top is not None
            and top.kind == "CASE"
            and top.selector
            and not any(t.text in (":=", "S=", "R=") for t in self.statement)
        ):
            self.reset_statement()  # ``Idle:`` ends a CASE label; its statements follow
            return
        self.statement.append(token)

    def declaration(self, frame: Frame) -> None:
        pou = tuple(f.name for f in self.frames if f.kind in POU_OPENERS and f.name)
        section = frame.name if frame.kind == "VAR" else "STRUCT"
        for tokens in declaration_lines(self.statement):
            found = read_declaration(tokens)
            if found is None:
                continue
            names, type_text, initial, address = found
            self.declarations.append(
                ScannedDeclaration(
                    pou, section, names, type_text, frozenset(frame.qualifiers), initial, address
                )
            )


def declaration_lines(tokens: list[Token]) -> list[list[Token]]:
    """A declaration, or several when an unfinished one runs into the next line's
    (``tonX :`` typed above ``tonDelay : TON;``): a line that starts with a name and
    has its own ``:`` starts a declaration of its own."""
    groups: list[list[Token]] = []
    for index, token in enumerate(tokens):
        starts_line = index == 0 or token.line != tokens[index - 1].line
        if starts_line and token.kind is Kind.WORD and groups:
            rest = [t for t in tokens[index:] if t.line == token.line]
            if any(t.text == ":" for t in rest):
                groups.append([token])
                continue
        if not groups:
            groups.append([])
        groups[-1].append(token)
    return groups


def _copy(frame: Frame) -> Frame:
    return Frame(
        frame.kind,
        frame.name,
        frame.line,
        set(frame.qualifiers),
        frame.body,
        list(frame.selector),
    )


def callee_tokens(statement: list[Token]) -> list[Token]:
    """The name chain just before a ``(``: ``fbPump``, ``fb.Start``, ``THIS^.Reset``."""
    chain = chain_before(statement, len(statement))
    if not chain or chain[-1].kind is not Kind.WORD:
        return []
    if chain[-1].upper in ("IF", "ELSIF", "WHILE", "UNTIL", "AND", "OR", "XOR", "NOT", "MOD"):
        return []
    return chain


def chain_before(tokens: list[Token], end: int) -> list[Token]:
    """The access chain ending just before ``tokens[end]``: ``a.b[i]^.c`` (may be empty)."""
    index = end - 1
    expect_name = True
    while index >= 0:
        token = tokens[index]
        if expect_name:
            if token.kind is Kind.WORD:
                index -= 1
                expect_name = False
                continue
            if token.text == "]":
                index = _matching_open(tokens, index, "[", "]")
                if index < 0:
                    return []
                index -= 1
                continue
            if token.text == ")":
                index = _matching_open(tokens, index, "(", ")")
                if index < 0:
                    return []
                index -= 1
                continue
            if token.text == "^":
                index -= 1
                continue
            break
        if token.text == "." and token.line == tokens[index + 1].line:
            # ``stMotor.`` left unfinished at the end of a line does not join the next one.
            index -= 1
            expect_name = True
            continue
        if token.text in ("[", "^"):
            expect_name = True
            continue
        break
    chain = tokens[index + 1 : end]
    while chain and chain[0].text in (".", "^", "]", ")"):
        chain = chain[1:]
    return chain


def _matching_open(tokens: list[Token], index: int, opener: str, closer: str) -> int:
    depth = 0
    while index >= 0:
        text = tokens[index].text
        if text == closer:
            depth += 1
        elif text == opener:
            depth -= 1
            if depth == 0:
                return index
        index -= 1
    return -1


def read_declaration(tokens: list[Token]) -> tuple[list[str], str, str | None, str | None] | None:
    """``a, b AT %IX0.0 : INT := 5`` -> names, type text, initial value, address."""
    colon = next((i for i, t in enumerate(tokens) if t.text == ":"), -1)
    if colon <= 0:
        return None
    names = [t.text for t in tokens[:colon] if t.kind is Kind.WORD and t.upper != "AT"]
    address = next((t.text for t in tokens[:colon] if t.kind is Kind.ADDRESS), None)
    assign = next((i for i, t in enumerate(tokens) if t.text == ":=" and i > colon), len(tokens))
    type_text = " ".join(t.text for t in tokens[colon + 1 : assign])
    initial = " ".join(t.text for t in tokens[assign + 1 :]) or None
    if not names or not type_text:
        return None
    return names, type_text, initial, address
