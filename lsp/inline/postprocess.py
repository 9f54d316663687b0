"""From the model's answer to a suggestion the editor can show.

Models wrap code in fences, repeat the line the cursor is on, re-type the
lines that already follow the cursor, and run on past the end of the block
being written. Each of these is undone here, in that order; the shape of
the request (line or block) limits the length last. Where a block ends
depends on the language: ``stop_at_block_end`` here is Structured Text's,
the other languages bring theirs (``languages``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from werk.lsp.inline.prompt import CURSOR
from werk.lsp.inline.shape import Shape

FENCE = re.compile(r"^\s*```[\w+-]*\s*\n(.*?)(\n\s*```\s*)?$", re.DOTALL)
OPENERS = {
    "IF": "END_IF",
    "FOR": "END_FOR",
    "WHILE": "END_WHILE",
    "REPEAT": "END_REPEAT",
    "CASE": "END_CASE",
}
CLOSERS = {closer: opener for opener, closer in OPENERS.items()}
OUTER_END = re.compile(r"^\s*END_(FUNCTION_BLOCK|FUNCTION|PROGRAM|METHOD|PROPERTY|ACTION|TYPE)\b")
WORD = re.compile(r"\b(END_IF|END_FOR|END_WHILE|END_REPEAT|END_CASE|IF|FOR|WHILE|REPEAT|CASE)\b")


def clean(
    answer: str,
    prefix: str,
    suffix: str,
    shape: Shape,
    block_end: Callable[[str, str], str] | None = None,
) -> str:
    """The text to insert at the cursor, or "" when nothing useful is left.

    ``block_end(text, prefix)`` cuts the text where the cursor's block ends;
    Structured Text's rule when not given.
    """
    text = unfence(answer).replace(CURSOR, "")
    text = drop_repeated_line_start(text, prefix)
    text = drop_suffix_lines(text, suffix)
    text = block_end(text, prefix) if block_end is not None else stop_at_block_end(text)
    if shape is Shape.LINE:
        text = text.split("\n", 1)[0]
    text = text.rstrip()
    return text if text.strip() else ""


def unfence(answer: str) -> str:
    match = FENCE.match(answer)
    return match.group(1) if match else answer


def drop_repeated_line_start(text: str, prefix: str) -> str:
    """The model began with what the user typed on this line: keep only the rest."""
    typed = prefix[prefix.rfind("\n") + 1 :]
    stripped = typed.strip()
    if not stripped:  # only indentation typed: the model's own indentation repeats it
        return text[len(typed) :] if typed and text.startswith(typed) else text
    if stripped and text.lstrip().startswith(stripped):
        return text.lstrip()[len(stripped) :]
    return text


def drop_suffix_lines(text: str, suffix: str) -> str:
    """Remove the trailing lines of ``text`` that repeat the lines after the cursor."""
    lines = text.split("\n")
    following = [line.strip() for line in suffix.split("\n") if line.strip()]
    if not following:
        return text
    for start in range(len(lines)):
        tail = [line.strip() for line in lines[start:] if line.strip()]
        if tail and tail == following[: len(tail)]:
            return "\n".join(lines[:start])
    return text


def stop_at_block_end(text: str) -> str:
    """Cut before a line that closes a block the suggestion did not open, or the POU."""
    depth: list[str] = []
    kept: list[str] = []
    for line in text.split("\n"):
        code = re.sub(r"\(\*.*?\*\)|//.*$|'[^']*'", "", line).upper()
        if OUTER_END.match(code):
            break
        closes_outer = False
        for word in WORD.findall(code):
            if word in OPENERS:
                depth.append(word)
            elif depth and depth[-1] == CLOSERS[word]:
                depth.pop()
            else:
                closes_outer = True
                break
        if closes_outer:
            break
        kept.append(line)
    return "\n".join(kept)
