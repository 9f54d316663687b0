"""Find references and document highlights.

LSP methods ``textDocument/references`` (across files, the declaration
included when the client asks) and ``textDocument/documentHighlight`` (the
occurrences in the open file, marked as the code uses them: a write,
read-write or address taken is a ``Write``, a read or call a ``Read``, the
declaration and type names plain ``Text``). Python, C and C++ files get
references from werk's code index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.features.guard import guarded
from werk.lsp.features.occurrences import occurrences
from werk.lsp.features.other_languages import CodeIndex
from werk.lsp.features.places import Places
from werk.tools.st.model.uses import UseKind

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

HIGHLIGHT_KINDS = {
    UseKind.READ.value: types.DocumentHighlightKind.Read,
    UseKind.CALL.value: types.DocumentHighlightKind.Read,
    UseKind.WRITE.value: types.DocumentHighlightKind.Write,
    UseKind.READ_WRITE.value: types.DocumentHighlightKind.Write,
    # ADR(x) hands out a pointer: whoever holds it may write x.
    UseKind.ADDRESS.value: types.DocumentHighlightKind.Write,
}


def register(server: WerkLanguageServer, places: Places, code: CodeIndex) -> None:
    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded(list)
    def references(ls: WerkLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
        uri = params.text_document.uri
        include_declaration = params.context.include_declaration
        if code.handles(uri):
            return code.references(uri, params.position, include_declaration)
        at = places.symbol_at(uri, params.position)
        if at is None or ls.st is None:
            return []
        found = occurrences(ls.st, at.symbol, include_declaration=include_declaration)
        return [places.location(occurrence.span) for occurrence in found]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    @guarded(list)
    def document_highlight(
        ls: WerkLanguageServer, params: types.DocumentHighlightParams
    ) -> list[types.DocumentHighlight]:
        at = places.symbol_at(params.text_document.uri, params.position)
        path = places.st_path(params.text_document.uri)
        if at is None or ls.st is None or path is None:
            return []
        return [
            types.DocumentHighlight(
                range=places.range(occurrence.span),
                kind=HIGHLIGHT_KINDS.get(occurrence.kind, types.DocumentHighlightKind.Text),
            )
            for occurrence in occurrences(ls.st, at.symbol)
            if occurrence.span.path == path
        ]
