"""Definitions and references of one file, found by its language's tags query.

A ``Tag`` is one identifier: where a symbol is defined (``kind="def"``) or
used (``kind="ref"``), with the category the query gave it (``function``,
``class``, ``call``, ``type``...). Queries follow tree-sitter's tags
convention (``@name`` inside ``@definition.<category>`` or
``@reference.<category>``). Positions are byte offsets of the name in the
user's file, as everywhere in ``werk.tools``; ``line`` is 1-based because it
is shown to people and models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from tree_sitter import Node, QueryCursor

from werk.tools.code.languages import LanguageSupport
from werk.tools.text.lines import LineIndex
from werk.tools.text.offsets import PositionMap

TagKind = Literal["def", "ref"]

# Long source lines (minified or generated code) are cut so one line cannot eat a map's budget.
MAX_SIGNATURE_CHARS = 200


class Tag(NamedTuple):
    """One named definition or reference in a file.

    A named tuple rather than a dataclass: an index holds hundreds of
    thousands, and they are rebuilt from the cache on every warm start.
    """

    path: str
    """POSIX path relative to the repository root."""
    name: str
    """As spelled in the source."""
    kind: TagKind
    category: str
    line: int
    """1-based line of the name."""
    start_byte: int
    """Byte span of the name in the file."""
    end_byte: int
    signature_line: str
    """The definition's source line, right-stripped (empty for references)."""
    end_line: int
    """1-based last line of the definition (the name's line for references)."""
    key: str
    """The name as linked: lower case for case-insensitive languages (ST)."""


@dataclass(frozen=True)
class FileTags:
    """What tagging one file produced."""

    tags: list[Tag]
    has_parse_errors: bool


class _Found(NamedTuple):
    pattern: int
    kind: TagKind
    category: str
    name: Node
    node: Node


def extract_tags(path: str, source: bytes, language: LanguageSupport) -> FileTags:
    """Parse ``source`` and run ``language``'s tags query over it."""
    view = language.prepare(source, path) if language.prepare is not None else None
    text = view.text if view is not None else source
    tree = language.parser().parse(text)
    if tree is None:
        return FileTags([], has_parse_errors=True)

    # The first pattern in the query wins when several tag the same identifier.
    chosen: dict[tuple[TagKind, int], _Found] = {}
    roles: dict[int, tuple[str, TagKind, str] | None] = {}
    for pattern, captures in QueryCursor(language.query).matches(tree.root_node):
        if pattern in roles:
            role = roles[pattern]
        else:
            role = roles[pattern] = _role(captures)
        name_nodes = captures.get("name")
        if role is None or not name_nodes:
            continue
        capture, kind, category = role
        name_node = name_nodes[0]
        slot = (kind, name_node.start_byte)
        previous = chosen.get(slot)
        if previous is None or pattern < previous.pattern:
            chosen[slot] = _Found(pattern, kind, category, name_node, captures[capture][0])

    to_file = view.to_file if view is not None else None
    tags = _make_tags(path, source, text, language, chosen.values(), to_file)
    tags.sort(key=lambda tag: (tag.start_byte, tag.kind))
    return FileTags(tags, has_parse_errors=tree.root_node.has_error)


def _role(captures: dict[str, list[Node]]) -> tuple[str, TagKind, str] | None:
    """The capture that says what a pattern tags: ``(capture, kind, category)``."""
    for capture in captures:
        role, _, category = capture.partition(".")
        if role == "definition":
            return capture, "def", category
        if role == "reference":
            return capture, "ref", category
    return None


def _make_tags(
    path: str,
    source: bytes,
    text: bytes,
    language: LanguageSupport,
    found: Iterable[_Found],
    to_file: PositionMap | None,
) -> list[Tag]:
    """Tags at the file's own offsets: through ``to_file`` when the parser saw derived text."""
    lines = LineIndex(source) if to_file is not None else None
    rename = language.category_names
    tags: list[Tag] = []
    for match in found:
        name_node, node = match.name, match.node
        # A definition ends on the line of its last byte (a macro's node includes its newline).
        last_byte = max(node.start_byte, node.end_byte - 1)
        if to_file is None or lines is None:
            start, end = name_node.start_byte, name_node.end_byte
            line = name_node.start_point.row + 1
            last_line = node.end_point.row + (1 if node.end_point.column > 0 else 0)
        else:
            start = to_file.to_original(name_node.start_byte, "right")
            end = max(start, to_file.to_original(name_node.end_byte, "left"))
            line = lines.position(start).line + 1
            last_line = lines.position(to_file.to_original(last_byte, "left")).line + 1
        name = (name_node.text or b"").decode("utf-8", "replace")
        if match.kind == "def":
            if to_file is None:
                signature = _line_text(source, start)
            else:
                signature = _signature_through_map(source, text, to_file, name_node.start_byte)
            end_line = max(line, last_line)
        else:
            signature = ""
            end_line = line
        category = rename.get(match.category, match.category)
        tags.append(
            Tag(
                path,
                name,
                match.kind,
                category,
                line,
                start,
                end,
                signature,
                end_line,
                language.key(name),
            )
        )
    return tags


def _line_span(text: bytes, offset: int) -> tuple[int, int]:
    start = text.rfind(b"\n", 0, offset) + 1
    end = text.find(b"\n", offset)
    return start, len(text) if end == -1 else end


def _line_text(source: bytes, offset: int) -> str:
    start, end = _line_span(source, offset)
    return _shown(source[start:end])


def _signature_through_map(source: bytes, text: bytes, to_file: PositionMap, offset: int) -> str:
    """The user's own spelling of the line the parser saw, when it is one line of the file.

    A dialect's line (``PRG Main`` lowered to ``PROGRAM Main``) shows as written; a
    line put together from several places (TwinCAT XML) shows as the parser saw it.
    """
    start, end = _line_span(text, offset)
    original_start = to_file.to_original(start, "right")
    original_end = to_file.to_original(end, "left")
    original = source[original_start:original_end]
    if original_start < original_end and b"\n" not in original:
        return _shown(original)
    return _shown(text[start:end])


def _shown(line: bytes) -> str:
    text = line.decode("utf-8", "replace").rstrip()
    if len(text) > MAX_SIGNATURE_CHARS:
        text = text[: MAX_SIGNATURE_CHARS - 1] + "…"
    return text
