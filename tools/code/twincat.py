"""Structured Text laid out from TwinCAT XML files, for tagging.

TwinCAT 3 keeps each POU in an XML file (``.TcPOU``, ``.TcGVL``, ``.TcDUT``)
whose ST sits in CDATA sections: the POU's declaration and implementation,
then one element per method, property accessor and action. The grammar
expects one ST text in which methods come inside their function block,
before its body, and every block is closed (``END_METHOD``...). This module
lays the sections out in that order, synthesises the missing keywords, and
returns an ``OffsetMap`` so that every name found maps back to its bytes in
the XML file. Actions become methods (as CODESYS itself treats them), named
from their ``Name`` attribute, which is where their tag points.

It is deliberately small: the dialect-aware ST front end (``werk.tools.st``)
does the full job and replaces the plain ST language support when ready.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werk.tools.text.offsets import OffsetMap, Piece

_TOKEN = re.compile(
    rb"<!\[CDATA\[(?P<cdata>.*?)\]\]>"
    rb"|<!--.*?-->"
    rb"|<\?.*?\?>"
    rb"|<(?P<close>/?)(?P<tag>[A-Za-z_][\w.:-]*)(?P<attrs>[^>]*?)(?P<empty>/?)>",
    re.DOTALL,
)
_NAME_ATTRIBUTE = re.compile(rb'\bName\s*=\s*"([^"]*)"')
_POU_KEYWORD = re.compile(rb"\b(FUNCTION_BLOCK|PROGRAM|FUNCTION|INTERFACE)\b", re.IGNORECASE)

# Elements that hold one unit of ST, and how each is opened and closed.
_UNITS = {"POU", "Itf", "GVL", "DUT", "Method", "Property", "Get", "Set", "Action", "Transition"}
_MEMBERS = {"Method", "Property", "Action", "Get", "Set"}


@dataclass(frozen=True)
class LaidOut:
    """The ST text of a TwinCAT file and the map from its offsets to the XML bytes."""

    text: bytes
    to_file: OffsetMap


@dataclass
class _Unit:
    tag: str
    name: tuple[int, int] | None  # span of the Name attribute's value
    declaration: list[tuple[int, int]] = field(default_factory=list)
    implementation: list[tuple[int, int]] = field(default_factory=list)
    members: list[_Unit] = field(default_factory=list)


def layout(source: bytes) -> LaidOut | None:
    """The ST text of a TwinCAT XML file, or ``None`` if ``source`` is not XML with CDATA."""
    if source.lstrip()[:1] != b"<" or b"<![CDATA[" not in source:
        return None
    roots = _read_units(source)
    if not roots:
        return None
    writer = _Writer(source)
    for unit in roots:
        writer.unit(unit)
    return LaidOut(b"".join(writer.chunks), OffsetMap(writer.pieces))


def _read_units(source: bytes) -> list[_Unit]:
    roots: list[_Unit] = []
    units: list[_Unit] = []
    elements: list[tuple[str, _Unit | None]] = []
    for match in _TOKEN.finditer(source):
        if match.group("cdata") is not None:
            if units and elements:
                span = (match.start("cdata"), match.end("cdata"))
                inside = {tag for tag, _ in elements}
                if "Implementation" in inside:
                    units[-1].implementation.append(span)
                elif "Declaration" in inside:
                    units[-1].declaration.append(span)
            continue
        tag = match.group("tag")
        if tag is None:
            continue
        name = tag.decode("ascii", "replace")
        if match.group("close"):
            while elements:
                closed, unit = elements.pop()
                if unit is not None:
                    units.pop()
                if closed == name:
                    break
            continue
        if match.group("empty"):
            continue
        unit = None
        if name in _UNITS:
            found = _NAME_ATTRIBUTE.search(match.group("attrs") or b"")
            offset = match.start("attrs")
            name_span = (offset + found.start(1), offset + found.end(1)) if found else None
            unit = _Unit(name, name_span)
            if units and name in _MEMBERS:
                units[-1].members.append(unit)
            else:
                roots.append(unit)
            units.append(unit)
        elements.append((name, unit))
    return roots


class _Writer:
    def __init__(self, source: bytes) -> None:
        self.source = source
        self.chunks: list[bytes] = []
        self.pieces: list[Piece] = []
        self.length = 0
        self.anchor = 0  # where synthesised text maps to in the file

    def copy(self, start: int, end: int) -> None:
        self._append(self.source[start:end], start, end)
        self.anchor = end

    def synthesise(self, text: bytes) -> None:
        self._append(text, self.anchor, self.anchor)

    def _append(self, text: bytes, start: int, end: int) -> None:
        if not text:
            return
        self.pieces.append(Piece(self.length, self.length + len(text), start, end))
        self.chunks.append(text)
        self.length += len(text)

    def sections(self, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            self.copy(start, end)
            self.synthesise(b"\n")

    def unit(self, unit: _Unit) -> None:
        if unit.tag in {"Get", "Set"}:
            self.synthesise(b"\n" + unit.tag.upper().encode() + b"\n")
        elif unit.tag in {"Action", "Transition"}:
            self.synthesise(b"\nMETHOD ")
            if unit.name is not None:
                self.copy(*unit.name)
            self.synthesise(b"\n")
        self.sections(unit.declaration)
        for member in unit.members:
            self.unit(member)
        self.sections(unit.implementation)
        closing = self._closing_keyword(unit)
        if closing:
            self.synthesise(b"\n" + closing + b"\n")

    def _closing_keyword(self, unit: _Unit) -> bytes | None:
        if unit.tag in {"Method", "Action", "Transition"}:
            return b"END_METHOD"
        if unit.tag in {"Property", "Get", "Set"}:
            return b"END_" + unit.tag.upper().encode()
        if unit.tag in {"POU", "Itf"} and unit.declaration:
            start, end = unit.declaration[0]
            keyword = _POU_KEYWORD.search(self.source, start, end)
            if keyword:
                return b"END_" + keyword.group(1).upper()
        return None
