"""Where things are: the symbol under an LSP position, and model spans as LSP locations.

The editor speaks in LSP positions of the user's file (inside the XML for
TwinCAT files, in the client's position encoding); the semantic model speaks
in spans of a unit's lowered text. Every navigation feature crosses between
the two here, so the crossing is written once.

A TwinCAT POU is one unit whose lowered text lays the methods, properties and
actions out after the FB's declaration, although the file keeps each in its
own XML element further down. Which unit holds a file offset is therefore
decided by mapping the offset into the unit and back
(``werk.lsp.cursor.unit_holding``), not by the unit's first and last byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.cursor import SymbolAt, pou_at, unit_holding
from werk.lsp.cursor import symbol_at as cursor_symbol_at
from werk.lsp.encoding import PositionConverter
from werk.lsp.features.mentions import MentionResolver, mentions_in
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.symbols import EnumMember, GlobalList, Location, Pou, TypeDecl, Variable
from werk.tools.st.model.uses import Symbol
from werk.tools.st.unit import StUnit

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

# The element of a TwinCAT file that names a global variable list.
GVL_ELEMENT = re.compile(rb"<GVL\b[^>]*?\bName=\"([^\"]*)\"")


@dataclass(frozen=True)
class Span:
    """Bytes ``[start, end)`` of the user's file (inside the XML for TwinCAT files)."""

    path: Path
    start: int
    end: int

    def covers(self, other: Span) -> bool:
        return self.path == other.path and self.start <= other.start and other.end <= self.end


def span_of(location: Location) -> Span:
    start, end = location.file_span()
    return Span(location.unit.path, start, end)


def join(first: Span, second: Span) -> Span:
    """The smallest span of one file holding both (the second's file must be the first's)."""
    return Span(first.path, min(first.start, second.start), max(first.end, second.end))


# --- the symbol under the cursor --------------------------------------------------------


def symbol_at(workspace: StWorkspace, path: Path, offset: int) -> SymbolAt | None:
    """The symbol named at file ``offset``: a use in code, a declared name, or a name
    mentioned in a declaration (``EXTENDS FB_Base``, a field's type)."""
    found = cursor_symbol_at(workspace, path, offset)
    if found is not None:
        return found
    source = workspace.files.get(path)
    held = unit_holding(source, offset) if source is not None else None
    return mention_at(workspace, *held) if held is not None else None


def mention_at(workspace: StWorkspace, unit: StUnit, lowered: int) -> SymbolAt | None:
    """A name used in a declaration: ``EXTENDS FB_Base``, a field's type, an initial value."""
    project = workspace.project
    for mentions in mentions_in(project, unit).values():
        for mention in mentions:
            if mention.start <= lowered <= mention.end:
                symbol = MentionResolver(project).resolve(mention)
                if symbol is None:
                    return None
                location = Location(unit, mention.start, mention.end)
                return SymbolAt(symbol, location, None, mention.pou)
    return None


def pou_holding(workspace: StWorkspace, path: Path, offset: int) -> Pou | None:
    """The innermost POU whose declaration holds file ``offset``."""
    source = workspace.files.get(path)
    held = unit_holding(source, offset) if source is not None else None
    return pou_at(*held) if held is not None else None


# --- where a symbol is declared ---------------------------------------------------------


def is_user_symbol(workspace: StWorkspace, symbol: Symbol) -> bool:
    """Declared in a file of the project (not the standard library)."""
    return not workspace.project.is_standard(symbol)


def name_span(workspace: StWorkspace, symbol: Symbol) -> Span | None:
    """The declared name: what definition selects and rename rewrites.

    A global variable list has no name of its own in ST: TwinCAT keeps it in
    the ``<GVL Name="...">`` element; a plain file is named after the file, and
    there the ``VAR_GLOBAL`` keyword stands for it.
    """
    if not is_user_symbol(workspace, symbol):
        return None
    if isinstance(symbol, GlobalList):
        block = span_of(symbol.location)
        found = GVL_ELEMENT.search(workspace.data(block.path))
        if (
            found is not None
            and symbol.name
            and found.group(1).lower() == symbol.name.lower().encode()
        ):
            return Span(block.path, found.start(1), found.end(1))
        return Span(block.path, block.start, min(block.end, block.start + len("VAR_GLOBAL")))
    return span_of(symbol.location)


def extent_span(workspace: StWorkspace, symbol: Symbol) -> Span | None:
    """The whole declaration: a variable's line, a POU or a type from header to end."""
    if not is_user_symbol(workspace, symbol):
        return None
    name = name_span(workspace, symbol)
    if name is None:
        return None
    whole: Location | None = None
    if isinstance(symbol, Variable):
        whole = symbol.declaration
    elif isinstance(symbol, Pou | TypeDecl):
        whole = symbol.span
    elif isinstance(symbol, GlobalList | EnumMember):
        whole = symbol.location
    if whole is None:
        return name
    extent = span_of(whole)
    return join(extent, name) if extent.path == name.path else name


def body_span(pou: Pou) -> Span:
    """A POU's statements (its whole declaration when it has none)."""
    if pou.body:
        first, last = pou.body[0], pou.body[-1]
        return span_of(Location(pou.location.unit, first.start_byte, last.end_byte))
    return span_of(pou.span)


# --- LSP locations ----------------------------------------------------------------------


class Places:
    """LSP positions for one server, with one position converter kept per file version."""

    def __init__(self, ls: WerkLanguageServer) -> None:
        self.ls = ls
        self._converters: dict[Path, tuple[bytes, PositionConverter]] = {}

    @property
    def workspace(self) -> StWorkspace | None:
        return self.ls.st

    def converter(self, path: Path) -> PositionConverter:
        """The converter of the file as werk sees it now (rebuilt only when it changed)."""
        workspace = self.ls.st
        data = workspace.data(path) if workspace is not None else b""
        cached = self._converters.get(path)
        if cached is not None and cached[0] is data:
            return cached[1]
        converter = PositionConverter(data, self.ls.encoding)
        self._converters[path] = (data, converter)
        return converter

    def st_path(self, uri: str) -> Path | None:
        """The path of a loaded ST file, or None."""
        workspace = self.ls.st
        path = self.ls.path(uri)
        if workspace is None or path is None or path not in workspace.files:
            return None
        return path

    def offset(self, path: Path, position: types.Position) -> int:
        return self.converter(path).offset(position)

    def at(self, uri: str, position: types.Position) -> tuple[Path, int] | None:
        """The loaded ST file and byte offset of an LSP position."""
        path = self.st_path(uri)
        if path is None:
            return None
        return path, self.offset(path, position)

    def symbol_at(self, uri: str, position: types.Position) -> SymbolAt | None:
        workspace = self.ls.st
        found = self.at(uri, position)
        if workspace is None or found is None:
            return None
        return symbol_at(workspace, *found)

    def range(self, span: Span) -> types.Range:
        return self.converter(span.path).range(span.start, span.end)

    def location(self, span: Span) -> types.Location:
        return types.Location(uri=self.ls.uri(span.path), range=self.range(span))

    def link(self, extent: Span, name: Span, origin: Span | None) -> types.LocationLink:
        """A link to a declaration: ``extent`` shown, ``name`` selected, ``origin`` underlined."""
        if not extent.covers(name):
            extent = name
        return types.LocationLink(
            target_uri=self.ls.uri(extent.path),
            target_range=self.range(extent),
            target_selection_range=self.range(name),
            origin_selection_range=self.range(origin) if origin is not None else None,
        )
