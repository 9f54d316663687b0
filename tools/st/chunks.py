"""Split a plain ST file into its top-level declarations.

Each top-level declaration (a POU, a TYPE block, a global list, a
configuration) becomes its own unit: lowered, parsed and read on its own. An
edit inside one POU then re-processes that POU only, which is what keeps
re-analysis after a keystroke within milliseconds on a 30,000-line file.
Comments, pragmas and blank lines between declarations belong to the
declaration that follows them, so documentation and attributes stay with it.

Boundaries are found on lines that start with a top-level keyword, outside
comments and strings, and only where the open declaration's END keyword has
been seen: a ``VAR_GLOBAL`` inside a CONFIGURATION or a commented-out POU
does not split anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENERS: dict[bytes, bytes] = {
    b"FUNCTION_BLOCK": b"END_FUNCTION_BLOCK",
    b"FUNCTION": b"END_FUNCTION",
    b"PROGRAM": b"END_PROGRAM",
    b"TYPE": b"END_TYPE",
    b"VAR_GLOBAL": b"END_VAR",
    b"INTERFACE": b"END_INTERFACE",
    b"CONFIGURATION": b"END_CONFIGURATION",
    b"NAMESPACE": b"END_NAMESPACE",
    b"ORGANIZATION_BLOCK": b"END_ORGANIZATION_BLOCK",
    b"DATA_BLOCK": b"END_DATA_BLOCK",
    b"ACTION": b"END_ACTION",  # a textual export may put actions after their POU
}
# Declarations that are never nested in another one.
STANDALONE = frozenset(
    {
        b"FUNCTION_BLOCK",
        b"FUNCTION",
        b"PROGRAM",
        b"TYPE",
        b"INTERFACE",
        b"CONFIGURATION",
        b"ORGANIZATION_BLOCK",
        b"DATA_BLOCK",
    }
)
# Declarations that contain others (``PROGRAM x WITH task`` lines inside a RESOURCE).
CONTAINERS = frozenset({b"END_CONFIGURATION", b"END_NAMESPACE"})
# Openers count at the start of a line; END keywords anywhere (``TYPE E : (A, B); END_TYPE``).
_OPENER_WORDS: list[bytes] = sorted(OPENERS, key=lambda word: -len(word))
_CLOSER_WORDS: list[bytes] = sorted(set(OPENERS.values()), key=lambda word: -len(word))
_KEYWORDS = re.compile(
    rb"^[ \t]*(?P<open>"
    + b"|".join(_OPENER_WORDS)
    + rb")\b|\b(?P<close>"
    + b"|".join(_CLOSER_WORDS)
    + rb")\b",
    re.MULTILINE | re.IGNORECASE,
)
# Block comments, line comments and string literals: no keyword inside them counts.
_NOT_CODE = re.compile(
    rb"\(\*.*?\*\)|/\*.*?\*/|//[^\n]*|'(?:[^'$\n]|\$.)*'|\"(?:[^\"$\n]|\$.)*\"", re.DOTALL
)


def _masked(text: bytes) -> bytes:
    """``text`` with comments and strings blanked (same length, newlines kept)."""
    return _NOT_CODE.sub(lambda m: re.sub(rb"[^\n]", b" ", m.group()), text)


def chunk_boundaries(text: bytes) -> list[int]:
    """Offsets where a new top-level declaration's chunk begins (after the first at 0)."""
    return _scan(text).boundaries


def ends_open(text: bytes) -> bool:
    """Whether ``text``'s last chunk runs on into what follows it.

    It does when its declaration lacks the END keyword, or when it holds no
    declaration at all (stray text belongs to the declaration after it).
    """
    scan = _scan(text)
    return scan.closing is not None or not scan.declared_since_boundary


def starts_with_action(text: bytes) -> bool:
    """Whether the first declaration in ``text`` is an ACTION (it joins the POU before it)."""
    return _scan(text).first_opener == b"ACTION"


@dataclass
class _Scan:
    boundaries: list[int] = field(default_factory=list)
    closing: bytes | None = None
    declared_since_boundary: bool = False
    first_opener: bytes | None = None


def _scan(text: bytes) -> _Scan:
    code = _masked(text)
    scan = _Scan()
    boundaries = scan.boundaries
    for match in _KEYWORDS.finditer(code):
        opener = match.group("open")
        word = (opener or match.group("close")).upper()
        if opener is not None and scan.first_opener is None:
            scan.first_opener = word
        if scan.closing is None:
            if opener is not None:
                scan.closing = OPENERS[word]
                scan.declared_since_boundary = True
                if word == b"ACTION" and boundaries:
                    boundaries.pop()  # an action exported after its POU belongs to it
            continue
        if opener is not None and word in STANDALONE and scan.closing not in CONTAINERS:
            # A declaration that cannot be nested starts here: the open one lacks
            # its END keyword. Split anyway, so one missing END_FUNCTION_BLOCK
            # breaks one POU and not every POU after it.
            start = match.start("open")
            line_start = code.rfind(b"\n", 0, start) + 1
            if line_start > 0:
                boundaries.append(line_start)
            scan.closing = OPENERS[word]
            scan.declared_since_boundary = True
            continue
        if opener is None and word == scan.closing:
            line_end = code.find(b"\n", match.end())
            end = len(text) if line_end < 0 else line_end + 1
            if end < len(text):
                boundaries.append(end)
                scan.declared_since_boundary = False
            scan.closing = None
    return scan


def split_chunks(text: bytes) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text``'s chunks; together they cover all of it."""
    starts = [0, *chunk_boundaries(text)]
    ends = [*starts[1:], len(text)]
    return list(zip(starts, ends, strict=True))


def has_open_comment(text: bytes) -> bool:
    """Whether ``text`` opens a block comment it does not close (it swallows what follows)."""
    code = _masked(text)
    return b"(*" in code or b"/*" in code


def has_stray_closer(text: bytes) -> bool:
    """Whether ``text`` closes a block comment it did not open (one opened before it)."""
    code = _masked(text)
    return b"*)" in code or b"*/" in code
