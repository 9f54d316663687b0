"""TwinCAT 3 PLC object files (.TcPOU, .TcGVL, .TcDUT, .TcIO) as ST documents.

Format: the XML that TwinCAT 3 XAE writes for each PLC object,
``<TcPlcObject Version="1.1.0.1" ProductVersion="3.1.4024.x">`` holding one
``<POU>``, ``<GVL>``, ``<DUT>`` or ``<Itf>``. Every piece of ST sits in its
own CDATA section: the POU's ``<Declaration>`` (without ``END_FUNCTION_BLOCK``),
its ``<Implementation><ST>`` body, and one ``<Method>``, ``<Property>`` (with
``<Get>``/``<Set>``) or ``<Action>`` element per member.

The parser wants one source, so each object becomes one ST document laid out
as follows (copied parts are byte-for-byte the file's CDATA content, CRLF
included; the rest is synthesised)::

    <Declaration>                              FUNCTION_BLOCK FB_Pump ... END_VAR
    per Method:    <Declaration> <body> END_METHOD
    per Action:    ACTION <Name>: <body> END_ACTION
    per Property:  <Declaration>
                   GET <Get Declaration> <Get body> END_GET
                   SET <Set Declaration> <Set body> END_SET
                   END_PROPERTY
    <body>
    END_FUNCTION_BLOCK | END_PROGRAM | END_FUNCTION | END_INTERFACE

Methods come first, then actions, then properties, then the body: the ST
grammar accepts members only before the body statements, and no METHOD after
a PROPERTY; the dialect-lowering stage turns each ACTION into a method. A
GVL or DUT document is its declaration alone. Implementations in LD, FBD,
SFC, IL or CFC are left out, with a note on the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.st.containers._layout import LaidOutText, leading_keyword
from werk.tools.st.containers._xml_spans import (
    Element,
    Segment,
    attribute_segments,
    parse_xml,
    text_segments,
)
from werk.tools.st.containers.errors import ContainerError
from werk.tools.st.document import Dialect, Origin, StDocument
from werk.tools.text.lines import LineIndex

__all__ = ["extract_twincat"]

# Which keyword ends the POU a declaration opens; TwinCAT stores none of them.
_CLOSING_KEYWORDS = {
    "FUNCTION_BLOCK": b"END_FUNCTION_BLOCK",
    "PROGRAM": b"END_PROGRAM",
    "FUNCTION": b"END_FUNCTION",
    "INTERFACE": b"END_INTERFACE",
}
_ACCESSOR_KEYWORDS = {"Get": b"GET", "Set": b"SET"}


def extract_twincat(path: Path, data: bytes) -> list[StDocument]:
    """One ST document per PLC object in a TwinCAT 3 file (in practice one per file)."""
    root = parse_xml(path, data)
    objects = root.children if root.name == "TcPlcObject" else [root]
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    documents = []
    for element in objects:
        if element.name in ("POU", "Itf"):
            documents.append(_PouLayout(path, data, element, LaidOutText(newline)).document())
        elif element.name in ("GVL", "DUT"):
            documents.append(_declaration_document(path, data, element))
    if not documents:
        where = LineIndex(data).position(root.start)
        raise ContainerError(
            f"{path}:{where}: no <POU>, <GVL>, <DUT> or <Itf> element in this TwinCAT file",
            hint="werk reads .TcPOU, .TcGVL, .TcDUT and .TcIO files written by TwinCAT 3",
        )
    return documents


def _declaration_document(path: Path, data: bytes, element: Element) -> StDocument:
    """A GVL or DUT: its declaration is already a complete ST source."""
    text = LaidOutText()
    text.copy(_declaration(data, element))
    source, to_file = text.build()
    return StDocument(
        path,
        source,
        to_file,
        Dialect.TWINCAT,
        Origin.TWINCAT,
        container_name=element.attributes.get("Name"),
    )


def _declaration(data: bytes, element: Element) -> list[Segment]:
    declaration = element.child("Declaration")
    return [] if declaration is None else text_segments(data, declaration)


@dataclass
class _PouLayout:
    """Lays out a POU or interface and its members as one ST source (see module docstring)."""

    path: Path
    data: bytes
    pou: Element
    text: LaidOutText
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.pou.attributes.get("Name", "")

    def document(self) -> StDocument:
        declaration = _declaration(self.data, self.pou)
        self.text.copy(declaration)
        for method in self.pou.children_named("Method"):
            self._method(method)
        for action in self.pou.children_named("Action"):
            self._action(action)
        for member in self.pou.children_named("Property"):
            self._property(member)
        body = self._implementation(self.pou, self.name)
        if body:
            self.text.line(body[0].start)
            self.text.copy(body)
        keyword = leading_keyword(declaration)
        closing = _CLOSING_KEYWORDS.get(keyword or "")
        if closing is None:
            self.notes.append(
                f"{self.name}: the declaration does not open a FUNCTION_BLOCK, PROGRAM, "
                "FUNCTION or INTERFACE; no END_ keyword was added"
            )
        else:
            self._close(closing, self.pou)
        source, to_file = self.text.build()
        return StDocument(
            self.path,
            source,
            to_file,
            Dialect.TWINCAT,
            Origin.TWINCAT,
            container_name=self.name or None,
            notes=self.notes,
        )

    def _method(self, method: Element) -> None:
        self.text.line(method.start)
        self.text.copy(_declaration(self.data, method))
        label = f"{self.name}.{method.attributes.get('Name', '?')}"
        body = self._implementation(method, label)
        if body:
            self.text.line(body[0].start)
            self.text.copy(body)
        self._close(b"END_METHOD", method)

    def _action(self, action: Element) -> None:
        name = attribute_segments(self.data, action, "Name")
        if not name:
            self.notes.append(f"{self.name}: an action without a Name attribute was skipped")
            return
        body = self._implementation(action, f"{self.name}.{action.attributes.get('Name')}")
        if body is None:
            return
        self.text.line(action.start)
        self.text.insert(b"ACTION ", action.start)
        self.text.copy(name)
        self.text.insert(b":", name[-1].end)
        if body:
            self.text.line(body[0].start)
            self.text.copy(body)
        self._close(b"END_ACTION", action)

    def _property(self, member: Element) -> None:
        self.text.line(member.start)
        self.text.copy(_declaration(self.data, member))
        for accessor in member.children_named("Get", "Set"):
            keyword = _ACCESSOR_KEYWORDS[accessor.name]
            self.text.line(accessor.start)
            # TwinCAT names the accessors "Get" and "Set": the keyword maps onto
            # that name, so a diagnostic on GET lands on Name="Get".
            span = accessor.attribute_spans.get("Name")
            if span is not None and self.data[span[0] : span[1]].upper() == keyword:
                self.text.stand_for(keyword, *span)
            else:
                self.text.insert(keyword, accessor.start)
            declaration = _declaration(self.data, accessor)
            if declaration:
                self.text.line(declaration[0].start)
                self.text.copy(declaration)
            label = f"{self.name}.{member.attributes.get('Name', '?')}.{accessor.name}"
            body = self._implementation(accessor, label)
            if body:
                self.text.line(body[0].start)
                self.text.copy(body)
            self._close(b"END_" + keyword, accessor)
        self._close(b"END_PROPERTY", member)

    def _implementation(self, element: Element, label: str) -> list[Segment] | None:
        """The ST body of ``element``; ``None`` (and a note) when written in another language."""
        implementation = element.child("Implementation")
        language = None if implementation is None else implementation.first_child()
        if language is None:
            return []
        if language.name == "ST":
            return text_segments(self.data, language)
        self.notes.append(f"{label}: implementation is in {language.name}, not ST: skipped")
        return None

    def _close(self, keyword: bytes, element: Element) -> None:
        """Append ``keyword`` where ``element``'s own text ends (or at its end tag)."""
        anchor = self.text.last_copied_end
        if anchor is None or not element.start <= anchor <= element.end:
            anchor = element.content_end
        self.text.line(anchor)
        self.text.insert(keyword + self.text.newline, anchor)
