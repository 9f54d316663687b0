"""Document symbols (the outline of a file) and workspace symbols (go to any symbol).

LSP methods ``textDocument/documentSymbol`` and ``workspace/symbol``. The
outline is hierarchical for clients that support it (POUs holding their
methods, properties, actions and variables; types their fields or members;
global lists their variables, each with its type as detail), a flat list
with container names for the others. Python, C and C++ files are outlined
from their tags.

Workspace symbols are found by ``symbol_search``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.features.guard import guarded
from werk.lsp.features.other_languages import CodeIndex
from werk.lsp.features.places import Places, Span, join, name_span, span_of
from werk.lsp.features.symbol_kinds import TYPE_KINDS, pou_kind, type_kind, variable_kind
from werk.lsp.features.symbol_search import search
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Pou,
    TypeDecl,
    Variable,
)
from werk.tools.st.unit import StUnit
from werk.tools.text.offsets import Shift

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

OUTLINE = "werk.lsp.outline"


def register(server: WerkLanguageServer, places: Places, code: CodeIndex) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(list)
    def document_symbol(
        ls: WerkLanguageServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
        uri = params.text_document.uri
        if code.handles(uri):
            outline = code.document_symbols(uri)
        else:
            path = places.st_path(uri)
            if path is None or ls.st is None:
                return []
            outline = [
                symbol for unit in ls.st.files[path].units for symbol in unit_outline(places, unit)
            ]
        if _hierarchical(ls):
            return outline
        return list(flatten(outline, uri, None))

    @server.feature(types.WORKSPACE_SYMBOL)
    @guarded(list)
    def workspace_symbol(
        ls: WerkLanguageServer, params: types.WorkspaceSymbolParams
    ) -> list[types.SymbolInformation]:
        if ls.st is None:
            return []
        found = search(ls.st, params.query)
        return [
            types.SymbolInformation(
                name=entry.name,
                kind=entry.kind,
                location=places.location(span_of(entry.location)),
                container_name=entry.container,
            )
            for entry in found
        ]


def _hierarchical(ls: WerkLanguageServer) -> bool:
    documents = ls.client_capabilities.text_document
    client = documents.document_symbol if documents is not None else None
    return bool(client is not None and client.hierarchical_document_symbol_support)


# --- the outline of a file ----------------------------------------------------------------


@dataclass
class Outline:
    """One symbol of the outline, in spans of the file."""

    name: str
    kind: types.SymbolKind
    extent: Span
    selection: Span
    detail: str | None = None
    children: list[Outline] = field(default_factory=list)

    def symbol(self, places: Places) -> types.DocumentSymbol:
        extent = self.extent
        for child in self.children:  # TwinCAT keeps methods outside their FB's span
            if child.extent.path == extent.path:
                extent = join(extent, child.extent)
        if not extent.covers(self.selection):
            extent = join(extent, self.selection)
        return types.DocumentSymbol(
            name=self.name,
            kind=self.kind,
            range=places.range(extent),
            selection_range=places.range(self.selection),
            detail=self.detail,
            children=[child.symbol(places) for child in self.children] or None,
        )


@dataclass(frozen=True)
class Built:
    """A unit's outline as sent, and where the unit started in the file then."""

    anchor: tuple[int, int, int]  # file offset, line and column of the unit's first byte
    encoding: str
    symbols: list[types.DocumentSymbol]


@dataclass
class LastBuilt:
    built: Built | None = None


def unit_outline(places: Places, unit: StUnit) -> list[types.DocumentSymbol]:
    """One unit's outline, rebuilt only when the unit changed.

    A keystroke replaces one unit of a plain file and moves the others by a
    few bytes; when the lines did not move, the outline sent last is still
    right, and when they did, a unit's outline moves by as many lines (a
    30,000-line file has ten thousand symbols: mapping each again on every
    keystroke would cost more than the rest of the request).
    """
    workspace = places.workspace
    if workspace is None:
        return []
    last = workspace.project.derived_from_unit(unit, OUTLINE, lambda _: LastBuilt())
    to_file = unit.document.to_file
    offset = to_file.to_original(0)
    start = places.converter(unit.path).position(offset)
    anchor = (offset, start.line, start.character)
    built = last.built
    if built is not None and built.encoding == places.ls.encoding:
        if built.anchor == anchor:
            return built.symbols
        if isinstance(to_file, Shift) and built.anchor[2] == anchor[2]:
            lines = anchor[1] - built.anchor[1]
            symbols = [_moved(s, lines) for s in built.symbols] if lines else built.symbols
            last.built = Built(anchor, built.encoding, symbols)
            return symbols
    symbols = [entry.symbol(places) for entry in outline_of(workspace, unit)]
    last.built = Built(anchor, places.ls.encoding, symbols)
    return symbols


def _moved(symbol: types.DocumentSymbol, lines: int) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        kind=symbol.kind,
        range=_moved_range(symbol.range, lines),
        selection_range=_moved_range(symbol.selection_range, lines),
        detail=symbol.detail,
        children=[_moved(child, lines) for child in symbol.children or []] or None,
    )


def _moved_range(where: types.Range, lines: int) -> types.Range:
    return types.Range(
        types.Position(where.start.line + lines, where.start.character),
        types.Position(where.end.line + lines, where.end.character),
    )


def outline_of(workspace: StWorkspace, unit: StUnit) -> list[Outline]:
    declarations = unit.declarations
    found = [_pou(pou) for pou in declarations.pous]
    found.extend(_type(decl) for decl in declarations.types)
    lists = [*declarations.globals, *(g for c in declarations.configurations for g in c.globals)]
    for gvl in lists:
        outline = _global_list(workspace, gvl)
        if outline is not None:
            found.append(outline)
    return sorted(found, key=lambda outline: outline.selection.start)


def _pou(pou: Pou) -> Outline:
    detail = str(pou.return_type) if pou.return_type is not None else None
    if detail is None and pou.extends:
        detail = f"EXTENDS {pou.extends}"
    children = [_variable(variable) for variable in pou.variables]
    for table in (pou.methods, pou.properties, pou.actions):
        children.extend(_pou(member) for member in table.values())
    children.sort(key=lambda child: child.selection.start)
    return Outline(
        pou.name,
        pou_kind(pou),
        span_of(pou.span),
        span_of(pou.location),
        detail,
        children,
    )


def _variable(variable: Variable) -> Outline:
    name = span_of(variable.location)
    extent = span_of(variable.declaration) if variable.declaration is not None else name
    return Outline(variable.name, variable_kind(variable), extent, name, str(variable.type))


def _type(decl: TypeDecl) -> Outline:
    children = [_variable(field_) for field_ in decl.fields]
    children.extend(_member(member) for member in decl.members)
    name = span_of(decl.location)
    extent = span_of(decl.span) if decl.span is not None else name
    kind = type_kind(decl)
    detail = decl.kind.value if decl.kind in TYPE_KINDS else str(decl.definition)
    return Outline(decl.name, kind, extent, name, detail, children)


def _member(member: EnumMember) -> Outline:
    name = span_of(member.location)
    return Outline(member.name, types.SymbolKind.EnumMember, name, name, member.value)


def _global_list(workspace: StWorkspace, gvl: GlobalList) -> Outline | None:
    selection = name_span(workspace, gvl)
    if selection is None:
        return None
    return Outline(
        gvl.name or "VAR_GLOBAL",
        types.SymbolKind.Namespace,
        span_of(gvl.location),
        selection,
        "VAR_GLOBAL",
        [_variable(variable) for variable in gvl.variables],
    )


def flatten(
    outline: Sequence[types.DocumentSymbol], uri: str, container: str | None
) -> Iterator[types.SymbolInformation]:
    """The outline as the flat list of clients without hierarchical symbols."""
    for symbol in outline:
        yield types.SymbolInformation(
            name=symbol.name,
            kind=symbol.kind,
            location=types.Location(uri=uri, range=symbol.range),
            container_name=container,
        )
        yield from flatten(symbol.children or [], uri, symbol.name)
