"""Helpers shared by the container tests: fixtures, parsing, span lookups."""

from __future__ import annotations

import re
from pathlib import Path

import tree_sitter_iec61131_3_st
from tree_sitter import Language, Node, Parser

from werk.tools.st.document import StDocument

FIXTURES = Path(__file__).parent / "fixtures"
_PARSER = Parser(Language(tree_sitter_iec61131_3_st.language()))


def fixture(name: str) -> tuple[Path, bytes]:
    path = FIXTURES / name
    return path, path.read_bytes()


def with_actions_as_methods(text: bytes) -> bytes:
    """What the dialect-lowering stage does to actions, same lengths: ACTION x: -> METHOD x."""
    text = re.sub(rb"ACTION (\w+):", lambda match: b"METHOD " + match.group(1) + b" ", text)
    return text.replace(b"END_ACTION", b"END_METHOD")


def syntax_errors(text: bytes) -> list[str]:
    """The ERROR and MISSING nodes of ``text`` parsed as ST, as readable strings."""
    errors: list[str] = []
    pending: list[Node] = [_PARSER.parse(text).root_node]
    while pending:
        node = pending.pop()
        if node.is_error or node.is_missing:
            errors.append(f"{node.start_point}: {text[node.start_byte : node.end_byte][:60]!r}")
        elif node.has_error:
            pending.extend(node.children)
    return errors


def find(document: StDocument, needle: bytes, *, after: bytes = b"", occurrence: int = 0) -> int:
    """Offset in ``document.text`` of ``needle`` (the n-th one after ``after``)."""
    start = document.text.index(after) + len(after) if after else 0
    for _ in range(occurrence + 1):
        start = document.text.index(needle, start) + 1
    return start - 1


def file_span(document: StDocument, start: int, end: int) -> tuple[int, int]:
    """Where ``document.text[start:end]`` is in the file."""
    return document.to_file.to_original(start, "right"), document.to_file.to_original(end, "left")


def mapped_bytes(
    document: StDocument, data: bytes, needle: bytes, *, after: bytes = b"", occurrence: int = 0
) -> bytes:
    """The file's bytes under ``needle`` found in the document (see ``find``)."""
    start = find(document, needle, after=after, occurrence=occurrence)
    original_start, original_end = file_span(document, start, start + len(needle))
    return data[original_start:original_end]


def by_name(documents: list[StDocument], name: str | None) -> StDocument:
    matches = [document for document in documents if document.container_name == name]
    assert len(matches) == 1, [document.container_name for document in documents]
    return matches[0]
