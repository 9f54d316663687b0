"""Document symbols (hierarchical for Neovim 0.7, flat for a client without them) and
workspace symbols with substring and camel-hump queries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.plant import block, no_links, open_plant, span, uri, write_plant

pytestmark = pytest.mark.asyncio(loop_scope="module")

K = types.SymbolKind


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plant(tmp_path_factory.mktemp("symbols") / "plant")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def neovim(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    result = await open_plant(lsp_client, request.getfixturevalue("root"), "neovim@v0.7.0")
    assert result.capabilities.document_symbol_provider
    assert result.capabilities.workspace_symbol_provider
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def flat(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    root = request.getfixturevalue("root")
    await open_plant(lsp_client, root, "visual-studio-code", adjust=no_links)
    yield
    await lsp_client.shutdown_session()


async def outline(client: LanguageClient, root: Path, name: str) -> Any:
    return await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri(root, name)))
    )


def shape(symbols: Sequence[types.DocumentSymbol]) -> list[Any]:
    """Names, kinds and details, nested."""
    return [
        (s.name, s.kind, s.detail, shape(s.children or []))
        if s.children
        else (s.name, s.kind, s.detail)
        for s in symbols
    ]


def walk(symbols: Sequence[types.DocumentSymbol]) -> list[types.DocumentSymbol]:
    found: list[types.DocumentSymbol] = []
    for symbol in symbols:
        found.append(symbol)
        found.extend(walk(symbol.children or []))
    return found


def holds(outer: types.Range, inner: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(outer.start) <= key(inner.start) and key(inner.end) <= key(outer.end)


async def test_pous_hold_their_variables_methods_and_properties(
    neovim: LanguageClient, root: Path
) -> None:
    found = await outline(neovim, root, "motors.st")
    assert shape(found) == [
        ("I_Motor", K.Interface, None, [("Start", K.Method, "BOOL")]),
        (
            "FB_Base",
            K.Class,
            None,
            [("bEnable", K.Variable, "BOOL"), ("Start", K.Method, "BOOL")],
        ),
        (
            "FB_Pump",
            K.Class,
            "EXTENDS FB_Base",
            [
                ("bRun", K.Variable, "BOOL"),
                ("tonDelay", K.Variable, "TON"),
                ("stData", K.Variable, "ST_Data"),
                ("nStarts", K.Variable, "INT"),
                ("Start", K.Method, "BOOL"),
                ("Level", K.Property, "REAL"),
            ],
        ),
    ]
    pump = found[2]
    assert pump.range == block("motors.st", "FUNCTION_BLOCK FB_Pump", "END_FUNCTION_BLOCK")
    assert pump.selection_range == span("motors.st", "FUNCTION_BLOCK FB_Pump", "FB_Pump")
    assert pump.children[1].range == span("motors.st", "tonDelay : TON;")


async def test_types_and_global_lists(neovim: LanguageClient, root: Path) -> None:
    assert shape(await outline(neovim, root, "types.st")) == [
        (
            "E_Mode",
            K.Enum,
            "ENUM",
            [
                ("Off", K.EnumMember, "0"),
                ("Manual", K.EnumMember, None),
                ("Auto", K.EnumMember, None),
            ],
        ),
        (
            "ST_Data",
            K.Struct,
            "STRUCT",
            [("rLevel", K.Field, "REAL"), ("eMode", K.Field, "E_Mode")],
        ),
        ("ST_Ext", K.Struct, "STRUCT", [("nExtra", K.Field, "INT")]),
    ]
    gvl = await outline(neovim, root, "GVL_IO.TcGVL")
    assert shape(gvl) == [("GVL_IO", K.Namespace, "VAR_GLOBAL", [("bOpen", K.Variable, "BOOL")])]
    assert gvl[0].selection_range == span("GVL_IO.TcGVL", 'Name="GVL_IO"', "GVL_IO")


async def test_a_twincat_pou_outline_is_in_the_xml(neovim: LanguageClient, root: Path) -> None:
    found = await outline(neovim, root, "FB_Valve.TcPOU")
    assert shape(found) == [
        (
            "FB_Valve",
            K.Class,
            None,
            [
                ("bCmd", K.Variable, "BOOL"),
                ("Open", K.Method, "BOOL", [("bWas", K.Variable, "BOOL")]),
            ],
        )
    ]
    method = found[0].children[1]
    assert method.selection_range == span("FB_Valve.TcPOU", "METHOD Open", "Open")
    for symbol in walk(found):  # every symbol inside its parent, every name inside its symbol
        assert holds(symbol.range, symbol.selection_range)
        for child in symbol.children or []:
            assert holds(symbol.range, child.range)


async def test_a_flat_list_for_clients_without_hierarchy(flat: LanguageClient, root: Path) -> None:
    found = await outline(flat, root, "main.st")
    assert all(isinstance(symbol, types.SymbolInformation) for symbol in found)
    assert [(s.name, s.kind, s.container_name) for s in found] == [
        ("MAIN", K.Module, None),
        ("fbPump", K.Variable, "MAIN"),
        ("iMotor", K.Variable, "MAIN"),
        ("aPumps", K.Variable, "MAIN"),
        ("fbValve", K.Variable, "MAIN"),
        ("nCycles", K.Variable, "MAIN"),
        ("Scale", K.Function, None),
        ("nIn", K.Variable, "Scale"),
    ]
    assert found[1].location == types.Location(
        uri(root, "main.st"), span("main.st", "fbPump : FB_Pump;")
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fbp", [("fbPump", K.Variable, "MAIN"), ("FB_Pump", K.Class, None)]),
        ("tdel", [("tonDelay", K.Variable, "FB_Pump")]),
        ("MOTOR", [("iMotor", K.Variable, "MAIN"), ("I_Motor", K.Interface, None)]),
        ("bopen", [("bOpen", K.Variable, "GVL_IO")]),
        ("ope", [("Open", K.Method, "FB_Valve"), ("bOpen", K.Variable, "GVL_IO")]),
        ("zzz", []),
    ],
)
async def test_workspace_symbols_by_substring_and_camel_humps(
    neovim: LanguageClient, root: Path, query: str, expected: list[tuple[str, int, str | None]]
) -> None:
    found = await neovim.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
    assert found is not None
    assert [(s.name, s.kind, s.container_name) for s in found] == expected


async def test_workspace_symbols_point_into_the_xml(neovim: LanguageClient, root: Path) -> None:
    found = await neovim.workspace_symbol_async(types.WorkspaceSymbolParams(query="bWas"))
    assert found is not None
    assert [s.location for s in found if isinstance(s, types.SymbolInformation)] == [
        types.Location(uri(root, "FB_Valve.TcPOU"), span("FB_Valve.TcPOU", "bWas : BOOL", "bWas"))
    ]


async def test_python_and_c_outlines_from_their_tags(neovim: LanguageClient, root: Path) -> None:
    python = await outline(neovim, root, "tools/pump.py")
    assert shape(python) == [
        ("Pump", K.Class, "class Pump:", [("start", K.Method, "def start(self):")]),
        ("helper", K.Function, "def helper():"),
    ]
    assert python[0].range == block("tools/pump.py", "class Pump", "return helper()")
    assert python[0].selection_range == span("tools/pump.py", "class Pump", "Pump")
    c = await outline(neovim, root, "io.c")
    assert [(s.name, s.kind) for s in c] == [
        ("reading", K.Struct),
        ("read_level", K.Function),
        ("main", K.Function),
    ]


async def test_nothing_for_unknown_files(neovim: LanguageClient, root: Path) -> None:
    assert await outline(neovim, root, "absent.st") == []
    assert await outline(neovim, root, "werk.toml") == []
