"""Hover end to end: declarations, documentation, writers and readers, the plant behind a name."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER, start
from tests.lsp.features.assist_project import (
    FB_PUMP,
    FB_VALVE,
    MAIN,
    edit,
    open_plant,
    position_of,
)


async def eventually_async(condition: Callable[[], Awaitable[bool]], timeout: float = 20.0) -> None:
    """Ask again until ``condition()`` holds, or fail."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.2)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def hover_text(client: LanguageClient, uri: str, position: types.Position) -> str | None:
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


@pytest.mark.asyncio
async def test_an_input_shows_its_declaration_writers_readers_and_instances(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, result = await open_plant(client, tmp_path)
    assert result.capabilities.hover_provider
    uri = (root / "fb_pump.st").as_uri()
    text = await hover_text(client, uri, position_of(FB_PUMP, "bStart);", 2))
    assert text is not None
    assert "```st\nbStart : BOOL\n```" in text
    assert "input of FB\\_Pump" in text and "start request" in text
    assert "Written 1× · read 2×" in text
    assert f"written in MAIN at [main.st:6]({(root / 'main.st').as_uri()}#L6)" in text
    assert "read in FB\\_Pump at [fb\\_pump.st:31]" in text
    assert "instance: MAIN.fbPump.bStart" in text


@pytest.mark.asyncio
async def test_a_global_input_shows_address_unit_and_range(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    uri = (root / "fb_pump.st").as_uri()
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(FB_PUMP, "rTankLevel", 3),
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    text = found.contents.value
    assert "rTankLevel AT %IW2 : REAL" in text
    assert "global variable in GVL\\_IO" in text
    assert "unit: m" in text and "range: 0..10" in text
    assert "instance: GVL\\_IO.rTankLevel" in text
    start = position_of(FB_PUMP, "rTankLevel")
    assert found.range == types.Range(start, types.Position(start.line, start.character + 10))


@pytest.mark.asyncio
async def test_standard_library_and_user_pous(client: LanguageClient, tmp_path: Path) -> None:
    root, _ = await open_plant(client, tmp_path)
    uri = (root / "fb_pump.st").as_uri()
    limit = await hover_text(client, uri, position_of(FB_PUMP, "LIMIT", 1))
    assert limit is not None
    assert "FUNCTION LIMIT : ANY_ELEMENTARY" in limit and "standard library" in limit
    assert "clamped to the range MN..MX" in limit
    timer = await hover_text(client, uri, position_of(FB_PUMP, ": TON;", 3))
    assert timer is not None and "On-delay timer" in timer and "PT : TIME;" in timer
    pump = await hover_text(client, (root / "main.st").as_uri(), position_of(MAIN, "FB_Pump"))
    assert pump is not None
    assert "FUNCTION_BLOCK FB_Pump" in pump and "Pump with a start delay" in pump
    assert "instance: MAIN.fbPump" in pump
    state = await hover_text(client, uri, position_of(FB_PUMP, "E_State.Running", 9))
    assert state is not None and "E_State.Running" in state and "value of E\\_State" in state


@pytest.mark.asyncio
async def test_plain_text_clients_get_no_markdown(client: LanguageClient, tmp_path: Path) -> None:
    def plain(capabilities: types.ClientCapabilities) -> None:
        assert capabilities.text_document is not None
        capabilities.text_document.hover = types.HoverClientCapabilities(
            content_format=[types.MarkupKind.PlainText]
        )

    root, _ = await open_plant(client, tmp_path, editor="neovim@v0.7.0", adjust=plain)
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=(root / "main.st").as_uri()),
            position=position_of(MAIN, "bRunning", 3),
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.PlainText
    text = found.contents.value
    assert "```" not in text and "**" not in text
    assert "bRunning : BOOL" in text and "output of FB_Pump" in text
    assert "written in FB_Pump at fb_pump.st:33" in text


@pytest.mark.asyncio
async def test_hover_while_the_line_does_not_parse(client: LanguageClient, tmp_path: Path) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = MAIN.replace("IF fbPump.bRunning THEN", "IF fbPump.bRunning AND")
    uri = edit(client, root, "main.st", text)
    found = await hover_text(client, uri, position_of(text, "bRunning AND", 4))
    assert found is not None and "bRunning : BOOL" in found and "pump contactor" in found


@pytest.mark.asyncio
async def test_twincat_positions_are_in_the_xml(client: LanguageClient, tmp_path: Path) -> None:
    root, _ = await open_plant(client, tmp_path)
    uri = (root / "FB_Valve.TcPOU").as_uri()
    found = await hover_text(client, uri, position_of(FB_VALVE, "bOpen, PT", 1))
    assert found is not None and "bOpen : BOOL" in found and "open command" in found
    assert "FB\\_Valve.TcPOU:12" in found  # the read, at its line in the XML file
    assert await hover_text(client, uri, position_of(FB_VALVE, "<Implementation>", 2)) is None


@pytest.mark.asyncio
async def test_after_an_edit_the_last_system_model_answers_until_the_rebuild(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    uri = edit(client, root, "main.st", MAIN)
    position = position_of(MAIN, "bRunning", 3)
    before = await hover_text(client, uri, position)
    assert before is not None and "from before the latest edits" not in before
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(3, 4), types.Position(3, 4)),
                    text="fbSecond : FB_Pump;\n    ",
                )
            ],
        )
    )
    edited = MAIN.replace("    nCount : INT;", "    fbSecond : FB_Pump;\n    nCount : INT;")
    position = position_of(edited, "bRunning", 3)
    stale = await hover_text(client, uri, position)
    assert stale is not None
    assert "instance: MAIN.fbPump.bRunning" in stale  # what the last model knew
    assert "system model from before the latest edits; updating" in stale

    latest: list[str | None] = [None]

    async def fresh() -> bool:
        latest[0] = await hover_text(client, uri, position)
        return latest[0] is not None and "2 instances" in latest[0]

    await eventually_async(fresh)
    assert latest[0] is not None
    assert "MAIN.fbPump.bRunning, MAIN.fbSecond.bRunning" in latest[0]
    assert "from before the latest edits" not in latest[0]


@pytest.mark.asyncio
async def test_nothing_to_show_is_none_never_an_error(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    uri = (root / "main.st").as_uri()
    assert await hover_text(client, uri, position_of(MAIN, "END_PROGRAM", 3)) is None
    assert await hover_text(client, uri, types.Position(900, 0)) is None
    missing = (root / "missing.st").as_uri()
    assert await hover_text(client, missing, types.Position(0, 0)) is None


TWINCAT_PROJECT = Path(__file__).parents[2] / "tools" / "plant" / "fixtures" / "twincat"


@pytest.mark.asyncio
async def test_io_wiring_from_the_twincat_project(client: LanguageClient, tmp_path: Path) -> None:
    root = tmp_path / "plant"
    shutil.copytree(TWINCAT_PROJECT, root)
    await start(client, root)
    gvl = root / "PLC" / "GVLs" / "GVL_IO.TcGVL"
    gvl_text = gvl.read_text(encoding="utf-8")
    start_button = await hover_text(client, gvl.as_uri(), position_of(gvl_text, "bStart AT", 1))
    assert start_button is not None
    assert "bStart AT %I\\* : BOOL" not in start_button  # code is not escaped
    assert "bStart AT %I* : BOOL" in start_button and "start button" in start_button
    assert "wired to TIID^Device 1 (EtherCAT)^Term 1 (EK1100)^Term 2 (EL1008)^Channel 1^Input" in (
        start_button.replace("\\", "")
    )
    speed = await hover_text(client, gvl.as_uri(), position_of(gvl_text, "nSpeedRaw", 1))
    assert speed is not None and "unit: rpm" in speed and "range: 0..3000" in speed
    conveyor = root / "PLC" / "POUs" / "FB_Conveyor.TcPOU"
    text = conveyor.read_text(encoding="utf-8")
    brake = await hover_text(client, conveyor.as_uri(), position_of(text, "bBrakeRelease :=", 2))
    assert brake is not None
    assert "instance: MAIN.fbConveyor.bBrakeRelease" in brake
    assert "Channel 2^Output" in brake.replace("\\", "")
