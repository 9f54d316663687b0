"""Ghost text in Python: where to suggest, where the cursor's block ends, whether it parses.

Python marks blocks by indentation, so the block being written ends at the
first line indented less than the cursor's line (or no deeper than it, when
the cursor's line opens the block with ``:``). A suggestion is checked with
``ast``: the function or class around the cursor is compiled with and
without it (``keeps_syntax``), and a suggestion that makes parsable code
unparsable is dropped.
"""

from __future__ import annotations

import ast
import re

from werk.lsp.inline.shape import Shape, ShapeRules, literal_at_end, shape_with

LITERAL = re.compile(
    r"""(?P<comment>\#[^\n]*)
    | (?P<long>[rRbBuUfF]{0,2}(?P<delim>\"\"\"|''')
        (?:\\.|(?!(?P=delim)).)*(?P<long_end>(?P=delim))?)
    | (?P<short>[rRbBuUfF]{0,2}(?P<quote>["'])
        (?:\\.|(?!(?P=quote))[^\\\n])*(?P<short_end>(?P=quote))?)
    """,
    re.VERBOSE | re.DOTALL,
)
CLOSING_ONLY = re.compile(r"^[\s)\]}:,;]*$")
DEFINITION = re.compile(r"[ \t]*(async\s+def|def|class)\b")
CONTINUES = re.compile(r"(else|elif|except|finally)\b|[)\]}]")
BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def shape_at(prefix: str, suffix: str) -> Shape:
    """A block on an empty line or after a line that opens one with ``:``, else a line."""
    return shape_with(RULES, prefix, suffix)


def in_comment_or_string(prefix: str) -> bool:
    """Whether the cursor is inside a ``#`` comment or a string (triple-quoted ones too)."""
    last = literal_at_end(LITERAL, prefix)
    if last is None:
        return False
    if last.group("comment") is not None:
        return True
    if last.group("long") is not None:
        return last.group("long_end") is None
    return last.group("short_end") is None


def opens_block(line: str) -> bool:
    """``if x:``, ``def f():``, ``else:`` — not a dict entry or a slice left open."""
    code = _without_literals(line).rstrip()
    return code.endswith(":") and _bracket_depth(code) == 0


def stop_at_block_end(text: str, prefix: str) -> str:
    """Cut the suggestion at the first line dedented out of the cursor's block."""
    lines = text.split("\n")
    cursor_line = prefix[prefix.rfind("\n") + 1 :] + lines[0]
    base = _indentation(cursor_line)
    opens = opens_block(cursor_line)
    kept = [lines[0]]
    for line in lines[1:]:
        if line.strip():
            depth = _indentation(line)
            if depth < base or (opens and depth <= base):
                break
        kept.append(line)
    return "\n".join(kept)


def keeps_syntax(before: str, suggestion: str, after: str) -> bool:
    """False when the suggestion leaves unparsable code that parsed, or could parse, without it.

    "Could parse": the cursor often sits in a block with no body yet, which
    Python rejects on its own; with ``pass`` at the cursor it parses, and so
    must the suggestion. Tried on the function or class around the cursor
    first (compiling a whole large module twice per suggestion costs tens of
    milliseconds), then on the whole module; code that is broken elsewhere
    says nothing either way, and the suggestion is kept.
    """
    first_line = suggestion.split("\n", 1)[0]
    for head, tail in (enclosing_region(before, first_line, after), (before, after)):
        if _parses(head + suggestion + tail):
            return True
        if _parses(head + tail) or _parses(head + _placeholder(head) + tail):
            return False
    return True


def enclosing_region(before: str, first_line: str, after: str) -> tuple[str, str]:
    """The definition (or top-level statement) around the cursor, as code that parses alone.

    Walks back from the cursor's line to the nearest less-indented ``def`` or
    ``class`` line, and forward to the first line indented no deeper than it;
    an indented region gets an ``if 1:`` header so its indentation is legal.
    """
    line_start = before.rfind("\n") + 1
    cursor_line = before[line_start:] + first_line
    start, depth = line_start, _indentation(cursor_line)
    position = line_start
    while not DEFINITION.match(before, start) and depth > 0 and position > 0:
        previous = before.rfind("\n", 0, position - 1) + 1
        line = before[previous : position - 1]
        position = previous
        if line.strip() and not line.lstrip().startswith("#") and _indentation(line) < depth:
            start, depth = previous, _indentation(line)
    end = _region_end(after, depth)
    header = "if 1:\n" if depth > 0 else ""
    return header + before[start:], after[:end]


def _placeholder(before: str) -> str:
    """A statement to stand in for the suggestion where an empty block would not parse."""
    line = before[before.rfind("\n") + 1 :]
    if not line.strip():
        return "pass"
    return " pass" if opens_block(line) else ""


def as_comment(text: str) -> str:
    return "\n".join(f"# {line}" if line else "#" for line in text.split("\n"))


def _parses(source: str) -> bool:
    try:
        compile(source, "<ghost text>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _region_end(after: str, depth: int) -> int:
    """Where the first line after the cursor's line indented ``depth`` or less begins."""
    position = after.find("\n") + 1
    while position > 0:
        end = after.find("\n", position)
        if _leaves_region(after[position : len(after) if end < 0 else end], depth):
            return position
        position = end + 1
    return len(after)


def _leaves_region(line: str, depth: int) -> bool:
    code = line.lstrip()
    if not code or code.startswith("#") or _indentation(line) > depth:
        return False
    return not (_indentation(line) == depth and CONTINUES.match(code))


def _indentation(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def _without_literals(line: str) -> str:
    return LITERAL.sub(lambda found: "" if found.group("comment") else '""', line)


def _bracket_depth(code: str) -> int:
    return sum(BRACKETS.get(char, 0) for char in code)


RULES = ShapeRules(in_comment_or_string, CLOSING_ONLY, opens_block)
