"""Inlay hints end to end: parameter names before positional arguments, in the asked range."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.assist_project import FB_PUMP, edit, open_plant, position_of


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def hints(
    client: LanguageClient, uri: str, start: types.Position, end: types.Position
) -> list[tuple[types.Position, str]]:
    found = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start, end)
        )
    )
    assert found is not None
    result = []
    for hint in found:
        assert hint.kind == types.InlayHintKind.Parameter and hint.padding_right
        assert isinstance(hint.label, str)
        result.append((hint.position, hint.label))
    return result


@pytest.mark.asyncio
async def test_positional_arguments_get_their_parameter_names(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, result = await open_plant(client, tmp_path)
    assert result.capabilities.inlay_hint_provider is not None
    text = FB_PUMP.replace(
        "rtStart(CLK := bStart);", "rtStart(CLK := bStart);\nbRunning := ABS(1) > MAX(1, 2);"
    )
    uri = edit(client, root, "fb_pump.st", text)
    everything = await hints(client, uri, types.Position(0, 0), types.Position(99, 0))
    assert everything == [
        (position_of(text, "1, 2);"), "IN1:"),
        (position_of(text, "2);"), "IN2:"),
        (position_of(text, "0.0, GVL"), "MN:"),
        (position_of(text, "GVL_IO.rTankLevel"), "IN:"),
        (position_of(text, "100.0"), "MX:"),
    ]
    # Only the asked range: the MAX line alone.
    line = position_of(text, "bRunning := ABS").line
    assert await hints(client, uri, types.Position(line, 0), types.Position(line + 1, 0)) == [
        (position_of(text, "1, 2);"), "IN1:"),
        (position_of(text, "2);"), "IN2:"),
    ]
    nothing = await hints(client, (root / "none.st").as_uri(), types.Position(0, 0), line_end())
    assert nothing == []


def line_end() -> types.Position:
    return types.Position(5, 0)
