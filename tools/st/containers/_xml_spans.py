"""Byte spans of XML 1.0 elements, attribute values, CDATA sections and text.

``xml.etree`` keeps no positions, and expat hands out character data after
normalising line ends (``\\r\\n`` → ``\\n``) and decoding entities, so neither
can say which bytes of the file a piece of ST came from. Here expat checks
that the file is well-formed and reports where each element starts and ends
(``CurrentByteIndex``); the bytes of a start tag and of an element's text are
then scanned directly. Every ``Segment`` of text therefore carries the exact
span of the file it is written in, CRLF line ends and entities included.

Only UTF-8 (and other ASCII-compatible encodings, passed through as bytes) is
supported: offsets are bytes of the file, and a UTF-16 file would need its
text transcoded. Entity declarations in a DTD are refused: they are never
used by TwinCAT or PLCopen tools, and refusing them keeps every reference one
of the five predefined entities or a character reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from werk.tools.st.containers.errors import ContainerError

_LT = ord("<")
_AMP = ord("&")
_WHITESPACE = b" \t\r\n"
_PREDEFINED_ENTITIES = {
    b"lt": b"<",
    b"gt": b">",
    b"amp": b"&",
    b"apos": b"'",
    b"quot": b'"',
}
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Segment:
    """Text as the XML means it, and the span of the file it is written as.

    Verbatim text (CDATA content, character data between markup) has
    ``len(text) == end - start`` and equals ``data[start:end]``; an entity
    reference such as ``&lt;`` decodes to fewer bytes than it spans.
    """

    text: bytes
    start: int
    end: int

    @property
    def verbatim(self) -> bool:
        return len(self.text) == self.end - self.start


@dataclass
class Element:
    """An XML element with the byte offsets of its tags and content."""

    name: str  # local name, without namespace prefix
    namespace: str  # namespace URI, "" when none
    attributes: dict[str, str]  # values as decoded by expat, keyed by local name
    start: int  # offset of the "<" of the start tag
    content_start: int  # just after the start tag
    name_span: tuple[int, int]  # the local name inside the start tag
    # The quoted values inside the start tag (without quotes), keyed by the
    # attribute's name as written.
    attribute_spans: dict[str, tuple[int, int]]
    content_end: int = -1  # the "<" of the end tag; content_start for "<x/>"
    end: int = -1  # just after the end tag
    children: list[Element] = field(default_factory=list)

    def child(self, *names: str) -> Element | None:
        """The first child element with one of ``names``."""
        return next((child for child in self.children if child.name in names), None)

    def children_named(self, *names: str) -> list[Element]:
        return [child for child in self.children if child.name in names]

    def first_child(self) -> Element | None:
        return self.children[0] if self.children else None


def parse_xml(path: Path, data: bytes) -> Element:
    """The root element of ``data``, or a ``ContainerError`` naming file:line:column."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise ContainerError(
            f"{path}:1:1: UTF-16 encoded XML is not supported",
            hint="save the file as UTF-8 (TwinCAT and CODESYS do so by default)",
        )
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[Element] = []
    roots: list[Element] = []

    def fail(message: str) -> NoReturn:
        line = parser.CurrentLineNumber
        column = parser.CurrentColumnNumber + 1
        raise ContainerError(f"{path}:{line}:{column}: {message}")

    def start_element(name: str, attributes: dict[str, str]) -> None:
        offset = parser.CurrentByteIndex
        namespace, _, local = name.rpartition(" ")
        element = _read_start_tag(data, offset, local, namespace, attributes)
        if element is None:
            fail(f"cannot locate the start tag of <{local}> in the file's bytes")
        if stack:
            stack[-1].children.append(element)
        else:
            roots.append(element)
        stack.append(element)

    def end_element(name: str) -> None:
        element = stack.pop()
        if element.content_end >= 0:  # "<x/>": both ends are known from the start tag
            return
        offset = parser.CurrentByteIndex
        close = data.find(b">", offset)
        if not data.startswith(b"</", offset) or close < 0:
            fail(f"cannot locate the end tag of <{element.name}> in the file's bytes")
        element.content_end = offset
        element.end = close + 1

    def refuse_entity_declaration(name: str, *_: object) -> None:
        fail(f"entity declarations are not supported (<!ENTITY {name} ...>)")

    parser.StartElementHandler = start_element
    parser.EndElementHandler = end_element
    parser.EntityDeclHandler = refuse_entity_declaration
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise ContainerError(
            f"{path}:{exc.lineno}:{exc.offset + 1}: not well-formed XML: {reason}",
            hint="open the file in TwinCAT, CODESYS or an XML editor and repair it there",
        ) from exc
    except (LookupError, ValueError) as exc:  # e.g. an unknown encoding="..." declaration
        raise ContainerError(
            f"{path}:1:1: cannot read the XML: {exc}",
            hint="save the file as UTF-8, as TwinCAT and CODESYS do",
        ) from exc
    if not roots:
        raise ContainerError(f"{path}:1:1: no XML element in the file")
    return roots[0]


def _read_start_tag(
    data: bytes, offset: int, local: str, namespace: str, attributes: dict[str, str]
) -> Element | None:
    """Scan the start tag at ``offset`` (already checked well-formed by expat)."""
    if offset < 0 or offset >= len(data) or data[offset] != _LT:
        return None
    position = offset + 1
    while position < len(data) and data[position] not in b" \t\r\n/>":
        position += 1
    qualified = data[offset + 1 : position]
    if qualified.rpartition(b":")[2] != local.encode("utf-8"):
        return None
    name_span = (position - len(local.encode("utf-8")), position)
    spans: dict[str, tuple[int, int]] = {}
    while position < len(data):
        while position < len(data) and data[position] in _WHITESPACE:
            position += 1
        if data.startswith((b"/>", b">"), position):
            empty = data[position] != ord(">")
            content_start = position + (2 if empty else 1)
            element = Element(
                local,
                namespace,
                _by_local_name(attributes),
                offset,
                content_start,
                name_span,
                spans,
            )
            if empty:  # "<x/>": no content, and no end tag to wait for
                element.content_end = element.end = content_start
            return element
        equals = data.find(b"=", position)
        if equals < 0:
            return None
        attribute = data[position:equals].strip().decode("utf-8", "replace")
        quote_at = equals + 1
        while quote_at < len(data) and data[quote_at] in _WHITESPACE:
            quote_at += 1
        if quote_at >= len(data):
            return None
        closing = data.find(data[quote_at : quote_at + 1], quote_at + 1)
        if closing < 0:
            return None
        spans[attribute] = (quote_at + 1, closing)
        position = closing + 1
    return None


def _by_local_name(attributes: dict[str, str]) -> dict[str, str]:
    return {name.rpartition(" ")[2]: value for name, value in attributes.items()}


def text_segments(data: bytes, element: Element, *, deep: bool = True) -> list[Segment]:
    """The character data of ``element`` (and, if ``deep``, of its descendants), as segments.

    CDATA sections become one verbatim segment each; text between markup is
    split at entity references, each reference its own segment; comments and
    processing instructions are skipped.
    """
    segments: list[Segment] = []
    pending: list[tuple[int, int, dict[int, Element]]] = [
        (element.content_start, element.content_end, _by_start(element))
    ]
    # An explicit stack rather than recursion: nesting depth is the file's to choose.
    while pending:
        position, end, by_start = pending.pop()
        while position < end:
            if data.startswith(b"<![CDATA[", position):
                content = position + len(b"<![CDATA[")
                close = data.find(b"]]>", content)
                close = end if close < 0 else close
                if close > content:
                    segments.append(Segment(data[content:close], content, close))
                position = close + len(b"]]>")
            elif data.startswith(b"<!--", position):
                close = data.find(b"-->", position + 4)
                position = end if close < 0 else close + 3
            elif data.startswith(b"<?", position):
                close = data.find(b"?>", position + 2)
                position = end if close < 0 else close + 2
            elif data[position] == _LT:
                child = by_start.get(position)
                if child is None:  # not an element we know: cannot happen after expat
                    break
                if deep:
                    pending.append((child.end, end, by_start))
                    pending.append((child.content_start, child.content_end, _by_start(child)))
                    break
                position = child.end
            elif data[position] == _AMP:
                segment = _reference(data, position, end)
                segments.append(segment)
                position = segment.end
            else:
                stop = _next_markup(data, position, end)
                segments.append(Segment(data[position:stop], position, stop))
                position = stop
    return segments


def _by_start(element: Element) -> dict[int, Element]:
    return {child.start: child for child in element.children}


def attribute_segments(data: bytes, element: Element, name: str) -> list[Segment] | None:
    """The value of attribute ``name`` as segments, or ``None`` when it is absent."""
    span = element.attribute_spans.get(name)
    if span is None:
        return None
    segments = []
    position, end = span
    while position < end:
        if data[position] == _AMP:
            segment = _reference(data, position, end)
        else:
            stop = _next_markup(data, position, end)
            segment = Segment(data[position:stop], position, stop)
        segments.append(segment)
        position = segment.end
    return segments


def _next_markup(data: bytes, position: int, end: int) -> int:
    stops = (data.find(b"<", position, end), data.find(b"&", position, end))
    return min((found for found in stops if found >= 0), default=end)


def _reference(data: bytes, position: int, end: int) -> Segment:
    """The entity or character reference at ``position`` (an unknown one stays verbatim)."""
    semicolon = data.find(b";", position, end)
    if semicolon < 0:
        return Segment(data[position : position + 1], position, position + 1)
    name = data[position + 1 : semicolon]
    decoded = _PREDEFINED_ENTITIES.get(name)
    if decoded is None and name.startswith(b"#"):
        try:
            code = int(name[2:], 16) if name[1:2] in (b"x", b"X") else int(name[1:])
            decoded = chr(code).encode("utf-8")
        except (ValueError, OverflowError):
            decoded = None
    if decoded is None:
        return Segment(data[position : semicolon + 1], position, semicolon + 1)
    return Segment(decoded, position, semicolon + 1)


def joined(segments: Sequence[Segment]) -> bytes:
    return b"".join(segment.text for segment in segments)


def stripped(segments: Sequence[Segment]) -> list[Segment]:
    """``segments`` without leading and trailing whitespace, spans adjusted."""
    result = list(segments)
    while result:
        first = result[0]
        text = first.text.lstrip(_WHITESPACE)
        if not text:
            result.pop(0)
            continue
        if first.verbatim:
            result[0] = Segment(text, first.end - len(text), first.end)
        break
    while result:
        last = result[-1]
        text = last.text.rstrip(_WHITESPACE)
        if not text:
            result.pop()
            continue
        if last.verbatim:
            result[-1] = Segment(text, last.start, last.start + len(text))
        break
    return result
