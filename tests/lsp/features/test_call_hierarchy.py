"""Call hierarchy end to end, with VS Code's capabilities (Neovim 0.7 has none for it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.plant import at, block, open_plant, span, uri, write_plant

pytestmark = pytest.mark.asyncio(loop_scope="module")

K = types.SymbolKind


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plant(tmp_path_factory.mktemp("calls") / "plant")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def vscode(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    result = await open_plant(lsp_client, request.getfixturevalue("root"), "visual-studio-code")
    assert result.capabilities.call_hierarchy_provider
    yield
    await lsp_client.shutdown_session()


async def prepare(
    client: LanguageClient, root: Path, name: str, position: types.Position
) -> list[types.CallHierarchyItem]:
    found = await client.text_document_prepare_call_hierarchy_async(
        types.CallHierarchyPrepareParams(types.TextDocumentIdentifier(uri(root, name)), position)
    )
    return list(found or [])


async def incoming(
    client: LanguageClient, item: types.CallHierarchyItem
) -> list[tuple[str, str, list[types.Range]]]:
    found = await client.call_hierarchy_incoming_calls_async(
        types.CallHierarchyIncomingCallsParams(item=item)
    )
    return [(c.from_.name, c.from_.uri, list(c.from_ranges)) for c in found or []]


async def outgoing(
    client: LanguageClient, item: types.CallHierarchyItem
) -> list[tuple[str | None, list[types.Range]]]:
    found = await client.call_hierarchy_outgoing_calls_async(
        types.CallHierarchyOutgoingCallsParams(item=item)
    )
    return [(c.to.detail, list(c.from_ranges)) for c in found or []]


async def test_a_program_calls_instances_methods_and_functions(
    vscode: LanguageClient, root: Path
) -> None:
    # Inside MAIN but not on a call: the hierarchy of MAIN itself.
    [main] = await prepare(vscode, root, "main.st", at("main.st", "nCycles := nCycles", 1))
    assert (main.name, main.kind, main.uri) == ("MAIN", K.Module, uri(root, "main.st"))
    assert main.range == block("main.st", "PROGRAM MAIN", "END_PROGRAM")
    assert main.selection_range == span("main.st", "PROGRAM MAIN", "MAIN")
    assert await outgoing(vscode, main) == [
        ("FUNCTION_BLOCK FB_Pump", [span("main.st", "fbPump(bEnable", "fbPump")]),
        ("METHOD I_Motor.Start", [span("main.st", "iMotor.Start", "Start")]),
        ("METHOD FB_Pump.Start", [span("main.st", "fbPump.Start", "Start")]),
        ("FUNCTION Scale", [span("main.st", "Scale(nCycles)", "Scale")]),
        ("METHOD FB_Valve.Open", [span("main.st", "fbValve.Open", "Open")]),
    ]
    assert await incoming(vscode, main) == []


async def test_callers_of_a_function_and_of_an_fb_through_its_instance(
    vscode: LanguageClient, root: Path
) -> None:
    [scale] = await prepare(vscode, root, "main.st", at("main.st", "Scale(nCycles)", 1))
    assert (scale.name, scale.kind, scale.detail) == ("Scale", K.Function, "FUNCTION Scale")
    assert await incoming(vscode, scale) == [
        ("MAIN", uri(root, "main.st"), [span("main.st", "Scale(nCycles)", "Scale")])
    ]
    [pump] = await prepare(vscode, root, "main.st", at("main.st", "iMotor := fbPump", 12))
    assert (pump.name, pump.uri) == ("FB_Pump", uri(root, "motors.st"))
    assert await incoming(vscode, pump) == [
        ("MAIN", uri(root, "main.st"), [span("main.st", "fbPump(bEnable", "fbPump")])
    ]
    assert await outgoing(vscode, pump) == []  # TON is the standard library's


async def test_a_twincat_method_called_from_its_fb_and_from_another_file(
    vscode: LanguageClient, root: Path
) -> None:
    [method] = await prepare(vscode, root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "Open();", 1))
    assert method.selection_range == span("FB_Valve.TcPOU", "METHOD Open", "Open")
    assert await incoming(vscode, method) == [
        ("FB_Valve", uri(root, "FB_Valve.TcPOU"), [span("FB_Valve.TcPOU", "Open();", "Open")]),
        ("MAIN", uri(root, "main.st"), [span("main.st", "fbValve.Open", "Open")]),
    ]
    [valve] = await prepare(
        vscode, root, "FB_Valve.TcPOU", at("FB_Valve.TcPOU", "FUNCTION_BLOCK FB_Valve", 16)
    )
    assert await outgoing(vscode, valve) == [
        ("METHOD FB_Valve.Open", [span("FB_Valve.TcPOU", "Open();", "Open")])
    ]


async def test_nothing_at_garbage_positions_or_for_unknown_items(
    vscode: LanguageClient, root: Path
) -> None:
    assert await prepare(vscode, root, "main.st", types.Position(900, 9)) == []
    assert await prepare(vscode, root, "absent.st", types.Position(0, 0)) == []
    stranger = types.CallHierarchyItem(
        name="Ghost",
        kind=K.Function,
        uri=uri(root, "main.st"),
        range=types.Range(types.Position(0, 0), types.Position(0, 1)),
        selection_range=types.Range(types.Position(0, 0), types.Position(0, 1)),
        data={"pou": "Ghost.Nothing"},
    )
    assert await incoming(vscode, stranger) == []
    assert await outgoing(vscode, stranger) == []
