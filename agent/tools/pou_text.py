"""A POU, METHOD, PROPERTY or ACTION written by a model, read before it goes into a file.

``replace_pou`` must know, before writing anything, that the new text parses
(after dialect lowering, as every werk feature reads ST), that it declares
what it replaces (a METHOD for a method), and, for TwinCAT files, where its
declaration ends and its body begins: TwinCAT keeps them in two CDATA
sections. Members are parsed inside a throw-away FUNCTION_BLOCK, as they
would be in a file; syntax errors are reported at lines of the model's own
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from werk.agent.tools.st_syntax import SyntaxProblem
from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.symbols import Pou, PouKind
from werk.tools.st.unit import StUnit
from werk.tools.text.lines import LineIndex

MEMBER_KINDS = (PouKind.METHOD, PouKind.PROPERTY, PouKind.ACTION)
_WRAPPER_NAME = "WERK_REPLACEMENT_OWNER"
_END_KEYWORD = re.compile(
    r"\bEND_(?:FUNCTION_BLOCK|FUNCTION|PROGRAM|INTERFACE|METHOD|PROPERTY|ACTION)\s*;?\s*\Z",
    re.IGNORECASE,
)
_END_VAR = re.compile(r"\bEND_VAR\b", re.IGNORECASE)
_ACTION_HEADER = re.compile(r"\A\s*ACTION\s+\w+\s*:?", re.IGNORECASE)


@dataclass
class PouText:
    """What the new text declares, and its parts as TwinCAT stores them."""

    text: str
    kind: PouKind | None
    name: str | None
    declaration: str  # header and variable sections
    body: str  # statements, without the END_ keyword
    members: list[str] = field(default_factory=list)  # methods, properties, actions inside it
    problems: list[SyntaxProblem] = field(default_factory=list)


def read_pou_text(text: str, expected: PouKind, dialect: Dialect, *, end_optional: bool) -> PouText:
    """Parse ``text`` as a declaration of kind ``expected``.

    ``end_optional``: the END_ keyword may be left out (TwinCAT stores none); it is
    assumed for parsing.
    """
    if dialect is Dialect.IEC and expected is PouKind.ACTION:
        dialect = Dialect.CODESYS  # actions exist in CODESYS and TwinCAT only
    source = text
    if end_optional and not _END_KEYWORD.search(text.rstrip()):
        source = text.rstrip() + f"\nEND_{expected.value}\n"
    member = expected in MEMBER_KINDS
    prefix = f"FUNCTION_BLOCK {_WRAPPER_NAME}\n" if member else ""
    suffix = "\nEND_FUNCTION_BLOCK\n" if member else ""
    data = (prefix + source + suffix).encode("utf-8")
    unit = StUnit.from_document(StDocument.plain(Path("replacement.st"), data, dialect))
    offset = len(prefix.encode("utf-8"))
    result = PouText(text, None, None, text, "")
    lines = LineIndex(source.encode("utf-8"))
    for issue in unit.issues:
        start = max(0, unit.file_span(issue.start, issue.end)[0] - offset)
        position = lines.position(start)
        result.problems.append(SyntaxProblem(position.line + 1, position.column + 1, issue.message))
    pous = unit.declarations.pous
    target: Pou | None = None
    if member:
        owner = pous[0] if pous else None
        found = [] if owner is None else _members(owner)
        if len(found) != 1:
            result.problems.append(_count_problem(len(found), expected))
        target = found[0] if found else None
    else:
        if len(pous) != 1:
            result.problems.append(_count_problem(len(pous), expected))
        target = pous[0] if pous else None
    if target is None:
        return result
    result.kind, result.name = target.kind, target.name
    result.members = [m.name for m in _members(target)]
    _split(result, unit, target, offset)
    return result


def _members(pou: Pou) -> list[Pou]:
    return [*pou.methods.values(), *pou.properties.values(), *pou.actions.values()]


def _split(result: PouText, unit: StUnit, target: Pou, offset: int) -> None:
    """Cut the text where the statements begin (after the last END_VAR before them)."""
    text = result.text
    encoded = text.encode("utf-8")
    end_match = _END_KEYWORD.search(text.rstrip())
    end = end_match.start() if end_match else len(text)
    if target.kind is PouKind.ACTION:
        header = _ACTION_HEADER.match(text)
        start = header.end() if header else 0
        result.declaration = ""
        result.body = text[start:end].strip("\r\n")
        return
    body_start = end
    if target.body:
        byte = unit.file_span(target.body[0].start_byte, target.body[0].end_byte)[0] - offset
        body_start = min(end, len(encoded[: max(0, byte)].decode("utf-8", "replace")))
    declaration_end = body_start
    var_ends = [m.end() for m in _END_VAR.finditer(text, 0, body_start)]
    if var_ends:
        declaration_end = var_ends[-1]
    elif target.body:
        name_byte = unit.file_span(target.location.start, target.location.end)[1] - offset
        name_end = len(encoded[: max(0, name_byte)].decode("utf-8", "replace"))
        line_end = text.find("\n", name_end)
        declaration_end = min(body_start, len(text) if line_end < 0 else line_end + 1)
    result.declaration = text[:declaration_end].rstrip() + "\n"
    result.body = text[declaration_end:end].strip("\r\n").rstrip()


def _count_problem(count: int, expected: PouKind) -> SyntaxProblem:
    what = "none" if count == 0 else str(count)
    return SyntaxProblem(
        0, 0, f"the text must declare exactly one {expected.value}; it declares {what}"
    )
