"""Parsing standard Structured Text with tree-sitter, and its syntax errors.

The grammar is ``tree-sitter-iec61131-3-st`` from PyPI. It is only ever given
text that the dialect-lowering stage has turned into standard ST; errors it
still reports are real syntax errors in the user's code.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import tree_sitter_iec61131_3_st
from tree_sitter import Language, Node, Parser, Tree

LANGUAGE = Language(tree_sitter_iec61131_3_st.language())
_local = threading.local()


def parser() -> Parser:
    """A parser for this thread (tree-sitter parsers must not be shared across threads)."""
    current: Parser | None = getattr(_local, "parser", None)
    if current is None:
        current = Parser(LANGUAGE)
        _local.parser = current
    return current


def parse(text: bytes, old_tree: Tree | None = None) -> Tree:
    """Parse ``text``; given an ``edit``-ed ``old_tree``, reuse its unchanged subtrees."""
    if old_tree is None:
        return parser().parse(text)
    return parser().parse(text, old_tree)


@dataclass(frozen=True)
class SyntaxIssue:
    """A syntax error at a span of the parsed (lowered) text."""

    start: int
    end: int
    message: str


def syntax_issues(tree: Tree, text: bytes, limit: int = 200) -> list[SyntaxIssue]:
    """ERROR and MISSING nodes as messages an engineer can act on."""
    issues: list[SyntaxIssue] = []
    if not tree.root_node.has_error:
        return issues
    stack = [tree.root_node]
    while stack and len(issues) < limit:
        node = stack.pop()
        if node.is_missing:
            issues.append(
                SyntaxIssue(node.start_byte, node.end_byte, f"missing {_shown(node.type)}")
            )
            continue
        if node.is_error:
            issues.append(_error_issue(node, text))
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    return sorted(issues, key=lambda issue: issue.start)


def _error_issue(node: Node, text: bytes) -> SyntaxIssue:
    snippet = text[node.start_byte : node.end_byte].decode("utf-8", "replace").strip()
    first = snippet.split()[0] if snippet.split() else ""
    if len(first) > 40:
        first = first[:39] + "…"
    message = f"unexpected {first!r}" if first else "syntax error"
    # Report the first token only: the whole ERROR node can span many lines.
    end = node.start_byte + len(first.encode()) if first else node.end_byte
    start = node.start_byte
    leading = len(text[start : node.end_byte]) - len(text[start : node.end_byte].lstrip())
    return SyntaxIssue(
        start + leading, max(start + leading, min(end + leading, node.end_byte)), message
    )


def _shown(kind: str) -> str:
    return f"'{kind}'" if not kind.isidentifier() or kind.isupper() else kind
