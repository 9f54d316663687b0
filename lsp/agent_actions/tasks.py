"""Which agent actions fit the cursor, and the task each one gives the agent.

- "werk: fix with agent": a werk diagnostic under the cursor;
- "werk: implement from comment": the cursor is on a comment inside a POU;
- "werk: write tests for this FB": the cursor is inside a FUNCTION_BLOCK.

Tasks quote the user's code between fences: it is data for the agent, not
instructions to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIX = "werk.fixWithAgent"
IMPLEMENT = "werk.implementFromComment"
WRITE_TESTS = "werk.writeTests"
TITLES = {
    FIX: "werk: fix with agent",
    IMPLEMENT: "werk: implement from comment",
    WRITE_TESTS: "werk: write tests for this FB",
}
COMMENT_LINE = re.compile(r"^\s*(\(\*(?P<block>.*?)\*\)|//(?P<line>.*))\s*$")
POU_START = re.compile(
    r"^\s*(FUNCTION_BLOCK|PROGRAM|FUNCTION|METHOD)\b(\s+(PUBLIC|PRIVATE|PROTECTED|INTERNAL|"
    r"ABSTRACT|FINAL))*\s+(?P<name>\w+)",
    re.IGNORECASE | re.MULTILINE,
)
POU_END = re.compile(
    r"^\s*END_(FUNCTION_BLOCK|PROGRAM|FUNCTION|METHOD)\b", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class Enclosing:
    kind: str
    name: str


def enclosing_pou(text: str, offset: int) -> Enclosing | None:
    """The POU whose declaration contains ``offset`` (by its keywords)."""
    before = text[:offset]
    starts = list(POU_START.finditer(before))
    if not starts:
        return None
    last = starts[-1]
    if any(end.start() > last.start() for end in POU_END.finditer(before)):
        return None
    return Enclosing(last.group(1).upper(), last.group("name"))


def comment_at(text: str, line: int) -> str | None:
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    match = COMMENT_LINE.match(lines[line])
    if match is None:
        return None
    comment = (match.group("block") or match.group("line") or "").strip()
    return comment or None


def fix_task(relative: str, line: int, code: str, message: str, source_line: str) -> str:
    return (
        f"Fix the finding {code} in {relative}, line {line + 1}: {message}\n"
        f"The line is:\n```st\n{source_line.rstrip()}\n```\n"
        "Change only what the fix needs; keep the behaviour otherwise."
    )


def implement_task(relative: str, pou: Enclosing, line: int, comment: str) -> str:
    return (
        f"In {relative}, {pou.kind} {pou.name}: implement what the comment on line {line + 1} "
        f"describes, right after the comment.\nThe comment is:\n```\n{comment}\n```"
    )


def tests_task(relative: str, pou: Enclosing) -> str:
    return (
        f"Write tests for the function block {pou.name} ({relative}) in the style this "
        "project's tests already use (trace or scenario files, or ST unit tests); cover its "
        "normal cycle and its edge cases, and run them with the run_tests tool."
    )
