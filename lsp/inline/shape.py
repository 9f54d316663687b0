"""How much to suggest at the cursor: nothing, the rest of the line, or a block.

Decided from the syntax around the cursor, before any model is asked: in a
comment or a string, or in the middle of existing code, a suggestion would
only get in the way; at the end of a line the rest of one statement fits; on
an empty line, or after a keyword that opens a block (``THEN``, ``DO``,
``ELSE``, ``OF``, ``VAR``...), several lines do. ``Shape`` is every
language's; ``shape_at`` is Structured Text's rule (``python_syntax`` and
``c_syntax`` hold the others').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Shape(StrEnum):
    NONE = "none"
    LINE = "line"
    BLOCK = "block"


OPENS_BLOCK = re.compile(
    r"\b(THEN|DO|ELSE|OF|REPEAT|VAR(_INPUT|_OUTPUT|_IN_OUT|_TEMP|_GLOBAL|_INST|_STAT)?"
    r"|FUNCTION_BLOCK\s+\w+|PROGRAM\s+\w+|METHOD\s+\w+(\s*:\s*\w+)?|FUNCTION\s+\w+\s*:\s*\w+)\s*$",
    re.IGNORECASE,
)
CLOSING_ONLY = re.compile(r"^[\s);\]]*$")


@dataclass(frozen=True)
class ShapeRules:
    """What one language says about the cursor's surroundings."""

    in_literal: Callable[[str], bool]
    """Whether the text before the cursor ends inside a comment or a string."""
    closing_only: re.Pattern[str]
    """What may follow the cursor on its line for a suggestion to fit (closing brackets)."""
    opens_block: Callable[[str], bool]
    """Whether the line before the cursor opens a block."""


def shape_with(rules: ShapeRules, prefix: str, suffix: str) -> Shape:
    """``prefix`` and ``suffix`` are the document's text before and after the cursor."""
    if rules.in_literal(prefix):
        return Shape.NONE
    before = prefix[prefix.rfind("\n") + 1 :]
    line_end = suffix.find("\n")
    after = suffix if line_end < 0 else suffix[:line_end]
    if not rules.closing_only.match(after):
        return Shape.NONE  # mid-line: the rest of the line is the user's
    if not before.strip() or rules.opens_block(before):
        return Shape.BLOCK
    return Shape.LINE


def literal_at_end(literal: re.Pattern[str], prefix: str) -> re.Match[str] | None:
    """The comment or string ``literal`` matches that reaches the end of ``prefix``, if any
    (scanning from the start, so quotes inside comments and the reverse are skipped)."""
    last = None
    for last in literal.finditer(prefix):  # noqa: B007 - only the last literal matters
        pass
    return last if last is not None and last.end() == len(prefix) else None


def shape_at(prefix: str, suffix: str) -> Shape:
    """Structured Text's shape at the cursor."""
    return shape_with(ST_RULES, prefix, suffix)


def in_comment_or_string(prefix: str) -> bool:
    """Approximate, from the text before the cursor only (the suffix may be half typed)."""
    opened = prefix.rfind("(*")
    if opened > prefix.rfind("*)"):
        return True
    line = prefix[prefix.rfind("\n") + 1 :]
    without_strings = re.sub(r"'[^']*'|\"[^\"]*\"", "", line)
    if "'" in without_strings or '"' in without_strings:
        return True
    return "//" in without_strings


ST_RULES = ShapeRules(
    in_comment_or_string, CLOSING_ONLY, lambda line: OPENS_BLOCK.search(line) is not None
)
