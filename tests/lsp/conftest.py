"""A real ``werk serve`` subprocess and a pytest-lsp client speaking JSON-RPC to it.

Each test gets its own project folder; the client says which editor it is
by sending that editor's recorded capabilities (pytest-lsp ships them).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "werk.lsp"])


def write_project(root: Path, files: dict[str, str], werk_toml: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "werk.toml").write_text(werk_toml, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


async def start(
    client: LanguageClient,
    root: Path,
    *,
    editor: str = "neovim@v0.7.0",
    options: Any = None,
    adjust: Callable[[types.ClientCapabilities], None] | None = None,
) -> types.InitializeResult:
    capabilities = client_capabilities(editor)
    if adjust is not None:
        adjust(capabilities)
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            initialization_options=options,
        )
    )


def open_file(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri,
                language_id="iec-st",
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


async def diagnostics_for(
    client: LanguageClient,
    uri: str,
    until: Callable[[Sequence[types.Diagnostic]], bool] = lambda found: True,
    timeout: float = 20.0,
) -> Sequence[types.Diagnostic]:
    """The diagnostics published for ``uri`` once they satisfy ``until``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(uri)
        if found is not None and until(found):
            return found
        if loop.time() > deadline:
            raise AssertionError(f"no matching diagnostics for {uri}; last: {found}")
        await asyncio.sleep(0.05)


async def eventually(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait until ``condition()`` holds (a notification arrived), or fail."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)
