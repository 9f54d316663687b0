"""Go to definition, declaration, type definition and implementation.

LSP methods ``textDocument/definition``, ``textDocument/declaration``,
``textDocument/typeDefinition`` and ``textDocument/implementation``. Each
answers with ``LocationLink``s when the client supports them (the declaration
shown whole, its name selected, the name under the cursor underlined), else
with ``Location``s.

In ST a name is declared and defined in one place; *declaration* goes to the
whole declaration (a variable's line in its VAR section), *definition* to
the name. *Type definition* goes from a variable to its FB, struct, enum or
interface; *implementation* from an interface or a base to what implements
or overrides it, and from a POU to its statements. Python, C and C++ files
get definitions from werk's code index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.cursor import SymbolAt
from werk.lsp.features.guard import guarded
from werk.lsp.features.hierarchy import declared_type, hierarchy, own_member
from werk.lsp.features.other_languages import CodeIndex
from werk.lsp.features.places import Places, Span, body_span, extent_span, name_span, span_of
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.symbols import EnumMember, Pou, PouKind, TypeDecl, TypeKind, Variable
from werk.tools.st.model.uses import Symbol

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

Target = tuple[Span, Span]  # (shown, selected)
Answer = list[types.Location] | list[types.LocationLink]
BODY_POUS = frozenset(
    {PouKind.PROGRAM, PouKind.FUNCTION, PouKind.FUNCTION_BLOCK, PouKind.METHOD, PouKind.ACTION}
)


def register(server: WerkLanguageServer, places: Places, code: CodeIndex) -> None:
    def answer(
        ls: WerkLanguageServer,
        document: types.TextDocumentIdentifier,
        position: types.Position,
        capability: str,
        targets_of: Callable[[StWorkspace, SymbolAt], list[Target]],
    ) -> Answer:
        uri = document.uri
        if code.handles(uri):
            return code.definition(uri, position)
        at = places.symbol_at(uri, position)
        workspace = ls.st
        if at is None or workspace is None:
            return []
        targets = targets_of(workspace, at)
        if _link_support(ls, capability):
            origin = span_of(at.location)
            return [places.link(shown, selected, origin) for shown, selected in targets]
        return [places.location(selected_or_shown) for selected_or_shown in _plain(targets)]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded(list)
    def definition(ls: WerkLanguageServer, params: types.DefinitionParams) -> Answer:
        return answer(
            ls,
            params.text_document,
            params.position,
            "definition",
            lambda ws, at: declaration_targets(ws, at.symbol),
        )

    @server.feature(types.TEXT_DOCUMENT_DECLARATION)
    @guarded(list)
    def declaration(ls: WerkLanguageServer, params: types.DeclarationParams) -> Answer:
        return answer(ls, params.text_document, params.position, "declaration", _whole_declaration)

    @server.feature(types.TEXT_DOCUMENT_TYPE_DEFINITION)
    @guarded(list)
    def type_definition(ls: WerkLanguageServer, params: types.TypeDefinitionParams) -> Answer:
        return answer(ls, params.text_document, params.position, "type_definition", type_targets)

    @server.feature(types.TEXT_DOCUMENT_IMPLEMENTATION)
    @guarded(list)
    def implementation(ls: WerkLanguageServer, params: types.ImplementationParams) -> Answer:
        return answer(
            ls, params.text_document, params.position, "implementation", implementation_targets
        )


def _link_support(ls: WerkLanguageServer, capability: str) -> bool:
    documents = ls.client_capabilities.text_document
    client = getattr(documents, capability, None) if documents is not None else None
    return bool(getattr(client, "link_support", False))


def _plain(targets: list[Target]) -> list[Span]:
    """What a client without links is sent: the name, or the statements of a body."""
    return [selected for _, selected in targets]


def declaration_targets(workspace: StWorkspace, symbol: Symbol) -> list[Target]:
    name = name_span(workspace, symbol)
    extent = extent_span(workspace, symbol)
    if name is None or extent is None:
        return []  # the standard library: no file to go to
    return [(extent, name)]


def _whole_declaration(workspace: StWorkspace, at: SymbolAt) -> list[Target]:
    """A variable's whole declaration line selected; other symbols as for definition."""
    symbol = at.symbol
    declared = symbol.declaration if isinstance(symbol, Variable) else None
    if declared is not None and not workspace.project.is_standard(symbol):
        line = span_of(declared)
        return [(line, line)]
    return declaration_targets(workspace, symbol)


def type_targets(workspace: StWorkspace, at: SymbolAt) -> list[Target]:
    target = type_of(workspace.project, at.symbol)
    return declaration_targets(workspace, target) if target is not None else []


def type_of(project: Project, symbol: Symbol) -> Pou | TypeDecl | None:
    """The FB, interface or type a symbol has: an instance's FB, a variable's struct..."""
    if isinstance(symbol, Variable):
        return declared_type(project, symbol.type)
    if isinstance(symbol, EnumMember):
        return symbol.owner
    if isinstance(symbol, Pou):
        if symbol.kind in (PouKind.FUNCTION, PouKind.METHOD, PouKind.PROPERTY):
            return declared_type(project, symbol.return_type)
        if symbol.kind is PouKind.ACTION:
            return None
        return symbol
    if isinstance(symbol, TypeDecl):
        if symbol.kind is TypeKind.ALIAS:
            return declared_type(project, symbol.definition) or symbol
        return symbol
    return None


def implementation_targets(workspace: StWorkspace, at: SymbolAt) -> list[Target]:
    project = workspace.project
    symbol: Symbol | None = at.symbol
    if isinstance(symbol, Variable):  # an instance: its FB's body, an interface's implementers
        symbol = declared_type(project, symbol.type)
    if not isinstance(symbol, Pou) or project.is_standard(symbol):
        return []
    links = hierarchy(project)
    found: list[Target] = []
    if symbol.kind is PouKind.INTERFACE:
        for fb in links.implementers(symbol):
            found.extend(declaration_targets(workspace, fb))
    elif symbol.kind in (PouKind.METHOD, PouKind.PROPERTY) and symbol.parent is not None:
        found.extend(_member_implementations(workspace, symbol, symbol.parent))
    else:
        if symbol.kind in BODY_POUS:
            body = body_span(symbol)
            found.append((body, body))
        if symbol.kind is PouKind.FUNCTION_BLOCK:
            for derived in links.descendants(symbol):
                found.extend(declaration_targets(workspace, derived))
    return found


def _member_implementations(workspace: StWorkspace, member: Pou, owner: Pou) -> list[Target]:
    """An interface's method in each implementing FB; a base method and its overrides."""
    project = workspace.project
    links = hierarchy(project)
    found: list[Target] = []
    seen: set[int] = set()
    if owner.kind is PouKind.INTERFACE:
        holders = links.implementers(owner)
    else:
        holders = [owner, *links.descendants(owner)]
    for holder in holders:
        for candidate in inheritance_chain(holder, project.find_pou):
            implemented = own_member(candidate, member)
            if implemented is None:
                continue
            if id(implemented) not in seen and not implemented.abstract:
                seen.add(id(implemented))
                found.extend(declaration_targets(workspace, implemented))
            break  # the nearest one is what the holder runs
    return found
