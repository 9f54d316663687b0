"""Ghost text in C and C++: where to suggest, where the cursor's block ends, whether it parses.

Blocks are braces: the block being written ends at a ``}`` the suggestion
did not open. A suggestion is checked with the tree-sitter grammar werk
indexes C and C++ with (``werk.tools.code.languages``): the file is parsed
with and without it, and a suggestion that adds error or missing nodes is
dropped. Tree-sitter recovers from errors, so counting them is meaningful
even in a file that is half typed.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from werk.lsp.inline.shape import Shape, ShapeRules, literal_at_end, shape_with
from werk.tools.code.languages import LanguageSupport

LITERAL = re.compile(
    r"""(?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?(?P<block_end>\*/|\Z))
    | (?P<string>(?P<quote>["'])(?:\\.|(?!(?P=quote))[^\\\n])*(?P<string_end>(?P=quote))?)
    """,
    re.VERBOSE | re.DOTALL,
)
CLOSING_ONLY = re.compile(r"^[\s)\]};,]*$")


def shape_at(prefix: str, suffix: str) -> Shape:
    """A block on an empty line or after a line ending in ``{``, else a line."""
    return shape_with(RULES, prefix, suffix)


def in_comment_or_string(prefix: str) -> bool:
    """Whether the cursor is inside a comment, a string or a character literal."""
    last = literal_at_end(LITERAL, prefix)
    if last is None:
        return False
    if last.group("line_comment") is not None:
        return True
    if last.group("block_comment") is not None:
        return last.group("block_end") != "*/"
    return last.group("string_end") is None


def stop_at_block_end(text: str, prefix: str) -> str:
    """Cut the suggestion before the line that closes a brace it did not open."""
    depth = 0
    kept: list[str] = []
    for line in text.split("\n"):
        for char in code_of(line):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                return "\n".join(kept)
        kept.append(line)
    return "\n".join(kept)


def keeps_syntax(language: LanguageSupport, before: str, suggestion: str, after: str) -> bool:
    """True unless the suggestion adds syntax errors to the file."""
    baseline = error_count(language, before + after)
    return error_count(language, before + suggestion + after) <= baseline


def error_count(language: LanguageSupport, text: str) -> int:
    """Error and missing nodes tree-sitter finds in ``text``."""
    tree = language.parser().parse(text.encode("utf-8"))
    count = 0
    pending: list[Node] = [tree.root_node]
    while pending:
        node = pending.pop()
        if node.is_error or node.is_missing:
            count += 1
        pending.extend(child for child in node.children if child.has_error or child.is_missing)
    return count


def as_comment(text: str) -> str:
    return "\n".join(f"// {line}" if line else "//" for line in text.split("\n"))


def code_of(line: str) -> str:
    """The line without its comments and literals (their braces do not count)."""
    return LITERAL.sub(lambda found: '""' if found.group("string") else "", line)


RULES = ShapeRules(
    in_comment_or_string, CLOSING_ONLY, lambda line: code_of(line).rstrip().endswith("{")
)
