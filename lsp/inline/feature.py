"""``textDocument/inlineCompletion`` (LSP 3.18): ghost text from the configured model.

The handler is a coroutine, so ``$/cancelRequest`` (which pygls turns into
cancelling the task) stops it wherever it waits: in the debounce pause or
for the model, which runs in a worker thread so the server keeps serving.
A request gives up when a newer one for the same document arrived, and its
answer is dropped when the document's version changed meanwhile. The
options are registered explicitly: pygls advertises nothing without them.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.inline.cache import SuggestionCache
from werk.lsp.inline.latest import LatestOnly
from werk.lsp.inline.model import InlineModel
from werk.lsp.inline.suggest import Prepared, finish, prepare
from werk.tools.errors import WerkError

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

log = logging.getLogger(__name__)


class GhostText:
    """The state ghost text keeps between requests."""

    def __init__(self) -> None:
        self.model = InlineModel()
        self.cache = SuggestionCache()
        self.latest = LatestOnly()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werk-inline")

    async def suggest(
        self, ls: WerkLanguageServer, params: types.InlineCompletionParams
    ) -> types.InlineCompletionList | None:
        uri = params.text_document.uri
        path = ls.path(uri)
        if ls.st is None or path is None or path not in ls.st.files:
            return None
        settings = ls.st.config.config.lsp
        if not settings.inline_completion:
            return None
        ticket = self.latest.take(uri)
        version = ls.workspace.get_text_document(uri).version
        offset = ls.converter(path).offset(params.position)
        prepared = prepare(ls.st.files[path], ls.st.project, offset, settings)
        if prepared is None:
            return None
        cached = self.cache.lookup(uri, prepared.prefix, prepared.suffix)
        if cached is not None:
            return _answer(cached, params.position)
        if params.context.trigger_kind == types.InlineCompletionTriggerKind.Automatic:
            await asyncio.sleep(settings.inline_debounce_ms / 1000)
        if not self.latest.is_current(uri, ticket):
            return None
        text = await self._ask(ls, prepared)
        if (
            text is None
            or not self.latest.is_current(uri, ticket)
            or ls.workspace.get_text_document(uri).version != version
        ):
            return None
        if not text:
            return types.InlineCompletionList(items=[])
        self.cache.remember(uri, prepared.prefix, prepared.suffix, text)
        return _answer(text, params.position)

    async def _ask(self, ls: WerkLanguageServer, prepared: Prepared) -> str | None:
        assert ls.st is not None
        loaded = ls.st.config
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(
                self.executor, self.model.complete, loaded, prepared.messages
            )
        except WerkError as exc:
            log.warning("ghost text: %s", exc.message)
            return None
        finally:
            ls.model_reachable = self.model.reachable
            ls.last_model_ms = self.model.last_latency_ms
            ls.status("ready")
        return finish(prepared, answer)


def _answer(text: str, position: types.Position) -> types.InlineCompletionList:
    return types.InlineCompletionList(
        items=[
            types.InlineCompletionItem(
                insert_text=text, range=types.Range(start=position, end=position)
            )
        ]
    )


def register_inline(server: WerkLanguageServer) -> None:
    """Register ``textDocument/inlineCompletion`` on ``server``."""
    ghost = GhostText()

    @server.feature(types.TEXT_DOCUMENT_INLINE_COMPLETION, types.InlineCompletionOptions())
    async def inline_completion(
        ls: WerkLanguageServer, params: types.InlineCompletionParams
    ) -> types.InlineCompletionList | None:
        try:
            return await ghost.suggest(ls, params)
        except asyncio.CancelledError:
            raise
        except Exception:  # ghost text must never take an error popup to the editor
            log.exception("inline completion failed")
            return None
