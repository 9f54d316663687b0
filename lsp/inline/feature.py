"""``textDocument/inlineCompletion`` (LSP 3.18): ghost text from the configured model.

The handler is a coroutine, so ``$/cancelRequest`` (which pygls turns into
cancelling the task) stops it wherever it waits: in the debounce pause or
for the model, which runs in a worker thread so the server keeps serving.
A request gives up when a newer one for the same document arrived, and its
answer is dropped when the document's version changed meanwhile. The
options are registered explicitly: pygls advertises nothing without them.

Structured Text files come from the semantic model; Python, C and C++ files
from the editor's buffer, with the language the code index gives their path.
Both get the ranked repository map of the server's one code index
(``WerkLanguageServer.code_index``), refreshed in a worker thread so a re-scan never blocks
the server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.lsp.features.other_languages import CodeIndex
from werk.lsp.inline.cache import SuggestionCache
from werk.lsp.inline.languages import code_language
from werk.lsp.inline.latest import LatestOnly
from werk.lsp.inline.model import InlineModel
from werk.lsp.inline.repo_map import RepositoryMap
from werk.lsp.inline.suggest import Prepared, finish, prepare, prepare_code
from werk.tools.errors import WerkError
from werk.tools.gc_pause import freeze_loaded

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

log = logging.getLogger(__name__)


class GhostText:
    """The state ghost text keeps between requests."""

    def __init__(self) -> None:
        self.model = InlineModel()
        self.cache = SuggestionCache()
        self.latest = LatestOnly()
        self.repo_map = RepositoryMap()
        self._refreshing: asyncio.Future[None] | None = None
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werk-inline")

    async def suggest(
        self, ls: WerkLanguageServer, params: types.InlineCompletionParams
    ) -> types.InlineCompletionList | None:
        uri = params.text_document.uri
        path = ls.path(uri)
        if ls.st is None or path is None or not self._speaks(ls, path):
            return None
        settings = ls.st.config.config.lsp
        if not settings.inline_completion:
            return None
        ticket = self.latest.take(uri)
        version = ls.workspace.get_text_document(uri).version
        await self._map_refreshed(ls.code_index, path)
        if not self.latest.is_current(uri, ticket):
            return None
        prepared = self._prepare(ls, uri, path, params.position)
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

    async def _map_refreshed(self, code: CodeIndex, path: Path) -> None:
        """Start refreshing the map in a worker thread; wait for it only if there is none yet.

        A re-scan of a large repository takes a few hundred milliseconds every
        ``REFRESH_SECONDS``: the request meanwhile uses the map it has.
        """
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(
                asyncio.to_thread(self._refresh_map, code, path)
            )
            self._refreshing.add_done_callback(_log_failure)
        if not self.repo_map.ready:
            await asyncio.shield(self._refreshing)

    def _refresh_map(self, code: CodeIndex, path: Path) -> None:
        """In a worker thread: re-scanning the repository, re-linking and ranking take time."""
        if self.repo_map.refresh(code.index()):
            freeze_loaded()  # it lives long: keep full collections off it, like the project
        self.repo_map.warm(path)

    @staticmethod
    def _speaks(ls: WerkLanguageServer, path: Path) -> bool:
        """An ST file of the project, or a Python, C or C++ file."""
        assert ls.st is not None
        if path in ls.st.files:
            return True
        language = CodeIndex.language_of(path)
        return language is not None and code_language(language.name) is not None

    def _prepare(
        self, ls: WerkLanguageServer, uri: str, path: Path, position: types.Position
    ) -> Prepared | None:
        assert ls.st is not None
        settings = ls.st.config.config.lsp

        def repo_map(names: Sequence[str], budget_chars: int) -> str:
            return self.repo_map.text(path, names, budget_chars)

        if path in ls.st.files:
            offset = ls.converter(path).offset(position)
            return prepare(ls.st.files[path], ls.st.project, offset, settings, repo_map)
        indexed = CodeIndex.language_of(path)
        language = code_language(indexed.name) if indexed is not None else None
        if language is None:
            return None
        data = ls.workspace.get_text_document(uri).source.encode("utf-8")
        offset = PositionConverter(data, ls.encoding).offset(position)
        return prepare_code(path, language, data, offset, settings, repo_map)

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


def _log_failure(refreshing: asyncio.Future[None]) -> None:
    if not refreshing.cancelled() and refreshing.exception() is not None:
        log.error("refreshing the repository map failed", exc_info=refreshing.exception())


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
