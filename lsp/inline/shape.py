"""How much to suggest at the cursor: nothing, the rest of the line, or a block.

Decided from the syntax around the cursor, before any model is asked: in a
comment or a string, or in the middle of existing code, a suggestion would
only get in the way; at the end of a line the rest of one statement fits; on
an empty line, or after a keyword that opens a block (``THEN``, ``DO``,
``ELSE``, ``OF``, ``VAR``...), several lines do.
"""

from __future__ import annotations

import re
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


def shape_at(prefix: str, suffix: str) -> Shape:
    """``prefix`` and ``suffix`` are the document's text before and after the cursor."""
    if in_comment_or_string(prefix):
        return Shape.NONE
    line_start = prefix.rfind("\n") + 1
    before = prefix[line_start:]
    line_end = suffix.find("\n")
    after = suffix if line_end < 0 else suffix[:line_end]
    if not CLOSING_ONLY.match(after):
        return Shape.NONE  # mid-line: the rest of the line is the user's
    if not before.strip():
        return Shape.BLOCK
    if OPENS_BLOCK.search(before):
        return Shape.BLOCK
    return Shape.LINE


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
