"""Editing assistance: completion, signature help, hover, tokens, folding, inlay hints.

Wiring only: each LSP method is a thin handler that finds the file and
delegates to its feature module. Every handler answers "nothing" rather than
an error when a request cannot be served (a file that is not loaded, a
position past the end, broken code); the failure is logged.

- ``textDocument/completion``, ``completionItem/resolve``: ``completion``
- ``textDocument/signatureHelp``: ``signature_help``
- ``textDocument/hover``: ``hover`` (with ``system_view`` and ``usage``)
- ``textDocument/semanticTokens/full`` and ``/range``: ``semantic_tokens``
- ``textDocument/foldingRange``: ``folding``
- ``textDocument/inlayHint``: ``inlay_hints``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.features import completion, inlay_hints, semantic_tokens
from werk.lsp.features.assist_session import AssistSession
from werk.lsp.features.guard import guarded, nothing
from werk.lsp.features.hover import hover
from werk.lsp.features.signature_help import SignatureSupport, signature_help

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

COMPLETION_TRIGGERS = [".", "#"]
SIGNATURE_TRIGGERS = ["(", ","]


def register_assistance(server: WerkLanguageServer) -> None:
    """Register every editing-assistance feature on ``server``."""
    session = AssistSession()
    _register_completion(server, session)
    _register_signature_help(server, session)
    _register_hover(server, session)
    _register_semantic_tokens(server, session)
    _register_folding(server, session)
    _register_inlay_hints(server, session)


def _empty_completion() -> types.CompletionList:
    return types.CompletionList(is_incomplete=False, items=[])


def _register_completion(server: WerkLanguageServer, session: AssistSession) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=COMPLETION_TRIGGERS, resolve_provider=True),
    )
    @guarded(_empty_completion)
    def complete(ls: WerkLanguageServer, params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        cursor = session.cursor(ls, uri, params.position)
        if cursor is None:
            return _empty_completion()
        support = completion.ClientSupport.of(ls.client_capabilities)
        return completion.Completer(cursor, support, uri).complete()

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    def resolve(ls: WerkLanguageServer, item: types.CompletionItem) -> types.CompletionItem:
        @guarded(lambda: item)
        def answer() -> types.CompletionItem:
            if ls.st is None:
                return item
            support = completion.ClientSupport.of(ls.client_capabilities)
            return completion.resolve_item(item, ls.st.project, support)

        return answer()


def _register_signature_help(server: WerkLanguageServer, session: AssistSession) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_SIGNATURE_HELP,
        types.SignatureHelpOptions(trigger_characters=SIGNATURE_TRIGGERS),
    )
    @guarded(nothing)
    def help_(
        ls: WerkLanguageServer, params: types.SignatureHelpParams
    ) -> types.SignatureHelp | None:
        support = SignatureSupport.of(ls.client_capabilities)
        return signature_help(session, ls, params.text_document.uri, params.position, support)


def _register_hover(server: WerkLanguageServer, session: AssistSession) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded(nothing)
    def on_hover(ls: WerkLanguageServer, params: types.HoverParams) -> types.Hover | None:
        return hover(session, ls, params.text_document.uri, params.position, _hover_markdown(ls))


def _hover_markdown(ls: WerkLanguageServer) -> bool:
    text = ls.client_capabilities.text_document
    formats = (text.hover.content_format if text is not None and text.hover else None) or []
    return not formats or formats[0] == types.MarkupKind.Markdown


def _register_semantic_tokens(server: WerkLanguageServer, session: AssistSession) -> None:
    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, semantic_tokens.LEGEND)
    @guarded(nothing)
    def full(
        ls: WerkLanguageServer, params: types.SemanticTokensParams
    ) -> types.SemanticTokens | None:
        path = session.file_of(ls, params.text_document.uri)
        if ls.st is None or path is None:
            return None
        converter = session.positions.converter(ls.st, path, ls.encoding)
        data = session.tokens.full(ls.st.files[path], ls.st.project, converter)
        return types.SemanticTokens(data=data)

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, semantic_tokens.LEGEND)
    @guarded(nothing)
    def in_range(
        ls: WerkLanguageServer, params: types.SemanticTokensRangeParams
    ) -> types.SemanticTokens | None:
        path = session.file_of(ls, params.text_document.uri)
        if ls.st is None or path is None:
            return None
        converter = session.positions.converter(ls.st, path, ls.encoding)
        source = ls.st.files[path]
        data = session.tokens.range(
            source, ls.st.project, converter, params.range.start, params.range.end
        )
        return types.SemanticTokens(data=data)


def _register_folding(server: WerkLanguageServer, session: AssistSession) -> None:
    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded(list)
    def folds(ls: WerkLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        path = session.file_of(ls, params.text_document.uri)
        if ls.st is None or path is None:
            return []
        converter = session.positions.converter(ls.st, path, ls.encoding)
        return session.folds.ranges(ls.st.files[path], converter)


def _register_inlay_hints(server: WerkLanguageServer, session: AssistSession) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    @guarded(list)
    def hints(ls: WerkLanguageServer, params: types.InlayHintParams) -> list[types.InlayHint]:
        path = session.file_of(ls, params.text_document.uri)
        if ls.st is None or path is None:
            return []
        converter = session.positions.converter(ls.st, path, ls.encoding)
        span = (converter.offset(params.range.start), converter.offset(params.range.end))
        return inlay_hints.inlay_hints(ls.st.files[path], ls.st.project, converter, span)
