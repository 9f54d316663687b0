"""Semantic tokens end to end: the legend, and each name's type and modifiers at its place."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER, write_project
from tests.lsp.features.assist_project import FB_PUMP, FB_VALVE, MAIN, open_plant
from werk.agent.config import load_config
from werk.benchmarks.perf.st_corpus import corpus
from werk.lsp.encoding import PositionConverter
from werk.lsp.features.semantic_tokens import SemanticTokens
from werk.lsp.st_workspace import StWorkspace

Token = tuple[int, int, str, str, frozenset[str]]


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


def decode(data: Sequence[int], text: str, legend: types.SemanticTokensLegend) -> list[Token]:
    """(line, column, text, type, modifiers) for each token of the relative encoding."""
    lines = text.split("\n")
    line = column = 0
    found: list[Token] = []
    for index in range(0, len(data), 5):
        delta_line, delta_column, length, kind, bits = data[index : index + 5]
        line += delta_line
        column = column + delta_column if delta_line == 0 else delta_column
        modifiers = frozenset(
            name for bit, name in enumerate(legend.token_modifiers) if bits & (1 << bit)
        )
        found.append(
            (
                line,
                column,
                lines[line][column : column + length],
                legend.token_types[kind],
                modifiers,
            )
        )
    return found


async def tokens_of(
    client: LanguageClient, uri: str, legend: types.SemanticTokensLegend, text: str
) -> list[Token]:
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert result is not None
    return decode(result.data, text, legend)


def legend_of(result: types.InitializeResult) -> types.SemanticTokensLegend:
    provider = result.capabilities.semantic_tokens_provider
    assert isinstance(
        provider, types.SemanticTokensOptions | types.SemanticTokensRegistrationOptions
    )
    assert provider.full and provider.range
    return provider.legend


@pytest.mark.asyncio
async def test_names_are_coloured_by_what_they_are(client: LanguageClient, tmp_path: Path) -> None:
    root, result = await open_plant(client, tmp_path)
    legend = legend_of(result)
    assert {"parameter", "property", "enumMember", "class"} <= set(legend.token_types)
    assert {"declaration", "readonly", "modification", "defaultLibrary"} <= set(
        legend.token_modifiers
    )
    found = await tokens_of(client, (root / "fb_pump.st").as_uri(), legend, FB_PUMP)
    expected = [
        (1, 15, "FB_Pump", "class", frozenset({"declaration"})),
        (3, 4, "bStart", "parameter", frozenset({"declaration"})),
        (7, 4, "bRunning", "property", frozenset({"declaration"})),
        (10, 15, "TON", "class", frozenset({"defaultLibrary"})),
        (12, 14, "ST_Motor", "struct", frozenset()),
        (16, 4, "nMax", "variable", frozenset({"declaration", "readonly"})),
        (18, 7, "Reset", "method", frozenset({"declaration"})),
        (25, 9, "Speed", "property", frozenset({"declaration"})),
        (31, 9, "IN", "parameter", frozenset({"modification", "defaultLibrary"})),
        (32, 0, "bRunning", "property", frozenset({"modification"})),
        (32, 21, "Q", "property", frozenset({"defaultLibrary"})),
        (32, 36, "E_State", "enum", frozenset()),
        (32, 44, "Running", "enumMember", frozenset({"readonly"})),
        (33, 18, "LIMIT", "function", frozenset({"defaultLibrary"})),
        (33, 29, "GVL_IO", "namespace", frozenset()),
        (33, 36, "rTankLevel", "variable", frozenset({"static"})),
    ]
    for token in expected:
        assert token in found, token
    # Positions strictly increase: sorted, never overlapping.
    assert [(t[0], t[1]) for t in found] == sorted({(t[0], t[1]) for t in found})


@pytest.mark.asyncio
async def test_range_requests_and_twincat_files(client: LanguageClient, tmp_path: Path) -> None:
    root, result = await open_plant(client, tmp_path)
    legend = legend_of(result)
    uri = (root / "main.st").as_uri()
    ranged = await client.text_document_semantic_tokens_range_async(
        types.SemanticTokensRangeParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(6, 0), types.Position(7, 0)),
        )
    )
    assert ranged is not None
    assert decode(ranged.data, MAIN, legend) == [
        (6, 3, "fbPump", "variable", frozenset()),
        (6, 10, "bRunning", "property", frozenset()),
    ]
    valve = await tokens_of(client, (root / "FB_Valve.TcPOU").as_uri(), legend, FB_VALVE)
    assert (5, 4, "bOpen", "parameter", frozenset({"declaration"})) in valve
    assert (12, 3, "tonOpen", "variable", frozenset()) in valve
    missing = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(
            text_document=types.TextDocumentIdentifier(uri=(root / "none.st").as_uri())
        )
    )
    assert missing is None


def test_kept_tokens_after_edits_equal_fresh_ones(tmp_path: Path) -> None:
    """Each declaration's tokens are kept and moved with it; after edits above, inside and
    below it the file's tokens are those a fresh computation finds."""
    ws = workspace_with(tmp_path, {"plant.st": corpus(20).decode()})
    path = ws.root / "plant.st"
    kept = SemanticTokens()
    ws.open(path, ws.data(path))
    for needle, replacement in [
        (b"nCount := nCount + 1;", b"nCount := nCount + 2;\n"),  # inside a statement
        (b"FUNCTION_BLOCK FB_Station3", b"(* new *)\nFUNCTION_BLOCK FB_Station3"),  # above
        (b"VAR_GLOBAL", b"VAR_GLOBAL\n    gbNew : BOOL;"),  # a declaration: all re-resolved
    ]:
        converter = PositionConverter(ws.data(path))
        before = kept.full(ws.files[path], ws.project, converter)
        assert before == SemanticTokens().full(ws.files[path], ws.project, converter)
        at = ws.data(path).index(needle)
        ws.edit(path, at, at + len(needle), replacement)
        converter = PositionConverter(ws.data(path))
        after = kept.full(ws.files[path], ws.project, converter)
        assert after == SemanticTokens().full(ws.files[path], ws.project, converter)
        assert after != before


def workspace_with(tmp_path: Path, files: dict[str, str]) -> StWorkspace:
    root = write_project(tmp_path / "plant", files)
    loaded = StWorkspace(root, load_config(root))
    loaded.load()
    return loaded
