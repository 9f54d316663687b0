"""Completion end to end: the real server, the recorded capabilities of VS Code and Neovim 0.7.

VS Code takes snippets (calls get ``${1}`` tab stops), Neovim 0.7 does not
(the same calls as plain text). Most positions are on lines that do not
parse, as they are while the user types.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.assist_project import (
    FB_PUMP,
    FB_VALVE,
    MAIN,
    PUMP_PLUS,
    after,
    edit,
    open_plant,
    position_of,
)

VSCODE = "visual-studio-code"
NEOVIM = "neovim@v0.7.0"


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def complete(
    client: LanguageClient, uri: str, position: types.Position
) -> types.CompletionList:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
    )
    assert isinstance(result, types.CompletionList), result
    return result


def by_label(result: types.CompletionList) -> dict[str, types.CompletionItem]:
    return {item.label: item for item in result.items}


def inserted(item: types.CompletionItem) -> str:
    assert isinstance(item.text_edit, types.TextEdit), item
    return item.text_edit.new_text


@pytest.mark.asyncio
async def test_capabilities_name_triggers_and_resolve(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, result = await open_plant(client, tmp_path)
    options = result.capabilities.completion_provider
    assert options is not None and options.resolve_provider
    assert options.trigger_characters is not None and "." in options.trigger_characters


@pytest.mark.parametrize("editor", [VSCODE, NEOVIM])
@pytest.mark.asyncio
async def test_members_of_a_timer_on_a_line_that_does_not_parse(
    client: LanguageClient, tmp_path: Path, editor: str
) -> None:
    root, _ = await open_plant(client, tmp_path, editor=editor)
    text = FB_PUMP.replace("bRunning := tonDelay.Q", "IF tonDelay.\nbRunning := tonDelay.Q")
    uri = edit(client, root, "fb_pump.st", text)
    cursor = after(text, "IF tonDelay.")
    items = by_label(await complete(client, uri, cursor))
    assert set(items) == {"IN", "PT", "Q", "ET"}
    assert items["Q"].detail == "BOOL · read by the caller"
    assert items["PT"].detail == "TIME · set by the caller"
    assert isinstance(items["Q"].text_edit, types.TextEdit)
    assert items["Q"].text_edit.range == types.Range(cursor, cursor)


@pytest.mark.parametrize(
    ("editor", "reset"),
    [(VSCODE, "Reset(bForce := ${1})"), (NEOVIM, "Reset(bForce := )")],
)
@pytest.mark.asyncio
async def test_instance_members_from_outside_and_method_calls_per_client(
    client: LanguageClient, tmp_path: Path, editor: str, reset: str
) -> None:
    root, _ = await open_plant(client, tmp_path, editor=editor)
    text = MAIN.replace("IF fbPump.bRunning THEN", "IF fbPump.")
    uri = edit(client, root, "main.st", text)
    items = by_label(await complete(client, uri, after(text, "IF fbPump.")))
    # Inputs, outputs, methods and properties; never the FB's internal variables.
    assert set(items) == {"bStart", "eMode", "bRunning", "Reset", "Speed"}
    assert inserted(items["Reset"]) == reset
    snippet = types.InsertTextFormat.Snippet
    assert (items["Reset"].insert_text_format == snippet) == (editor == VSCODE)


@pytest.mark.asyncio
async def test_global_list_members_enum_values_and_struct_fields(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = FB_PUMP.replace(
        "stMotor.rSpeed := LIMIT(0.0, GVL_IO.rTankLevel, 100.0);",
        "stMotor.rSpeed := GVL_IO.\neState := E_State#\nstMotor.\neState := ",
    )
    uri = edit(client, root, "fb_pump.st", text)
    gvl = by_label(await complete(client, uri, after(text, "stMotor.rSpeed := GVL_IO.")))
    assert {"bStartButton", "rTankLevel"} <= set(gvl)
    assert gvl["rTankLevel"].detail == "REAL · global variable in GVL_IO"
    literal = by_label(await complete(client, uri, after(text, "E_State#")))
    assert set(literal) == {"Idle", "Running", "Faulted"}
    fields = by_label(await complete(client, uri, after(text, "E_State#\nstMotor.")))
    assert set(fields) == {"rSpeed", "bOn"}
    # Where an E_State is expected, its values come first, unqualified.
    expected = await complete(client, uri, after(text, "eState := ", occurrence=1))
    assert [item.label for item in expected.items[:3]] == ["Faulted", "Idle", "Running"]


@pytest.mark.asyncio
async def test_super_this_and_enumeration_members(client: LanguageClient, tmp_path: Path) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = PUMP_PLUS.replace(
        "Reset := SUPER^.Reset(bForce := bForce);", "Reset := SUPER^.\nTHIS^.\nE_State."
    )
    uri = edit(client, root, "fb_pump_plus.st", text)
    base = by_label(await complete(client, uri, after(text, "SUPER^.")))
    assert {"Reset", "Speed", "bStart", "bRunning", "tonDelay", "eState"} <= set(base)
    assert "nStarts" not in base  # the derived FB's own variable is not the base's
    own = by_label(await complete(client, uri, after(text, "THIS^.")))
    assert {"nStarts", "tonDelay", "Reset", "Speed"} <= set(own)
    values = by_label(await complete(client, uri, after(text, "E_State.")))
    assert set(values) == {"Idle", "Running", "Faulted"}
    assert values["Idle"].detail == "E_State = 0"


@pytest.mark.parametrize(
    ("editor", "call", "limit"),
    [
        (VSCODE, "tonDelay(IN := ${1}, PT := ${2})", "LIMIT(MN := ${1}, IN := ${2}, MX := ${3})"),
        (NEOVIM, "tonDelay(IN := , PT := )", "LIMIT(MN := , IN := , MX := )"),
    ],
)
@pytest.mark.asyncio
async def test_statement_start_offers_calls_with_named_parameters(
    client: LanguageClient, tmp_path: Path, editor: str, call: str, limit: str
) -> None:
    root, _ = await open_plant(client, tmp_path, editor=editor)
    text = FB_PUMP.replace("rtStart(CLK := bStart);", "rtStart(CLK := bStart);\n\n")
    uri = edit(client, root, "fb_pump.st", text)
    items = by_label(await complete(client, uri, after(text, "rtStart(CLK := bStart);\n")))
    assert inserted(items["tonDelay(…)"]) == call
    assert inserted(items["LIMIT"]) == limit
    assert items["tonDelay"].detail == "TON · local of FB_Pump"
    assert items["bStartButton"].detail == "BOOL · global variable in GVL_IO"
    assert "IF" in items and "END_FUNCTION_BLOCK" in items
    assert "END_VAR" not in items
    # Thousands of conversions exist: only once a letter is typed.
    assert "INT_TO_REAL" not in items


@pytest.mark.asyncio
async def test_keywords_fit_the_place(client: LanguageClient, tmp_path: Path) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = MAIN.replace("    nCount : INT;", "    nCount : INT;\n    ").replace(
        "    nCount := nCount + 1;", "    nCount := nCount + 1;\n    \n    IF nCount "
    )
    uri = edit(client, root, "main.st", text)
    declaring = by_label(await complete(client, uri, after(text, "nCount : INT;\n    ")))
    assert set(declaring) == {"END_VAR"}
    inside_if = by_label(await complete(client, uri, after(text, "nCount + 1;\n    ")))
    assert {"ELSIF", "ELSE", "END_IF"} <= set(inside_if)
    assert (inside_if["END_IF"].sort_text or "") < (inside_if["nCount"].sort_text or "")
    condition = by_label(await complete(client, uri, after(text, "IF nCount ")))
    assert "THEN" in condition and "AND" in condition and "nCount" not in condition
    types_ = by_label(
        await complete(client, uri, after(text, "fbPump : "))  # a type after ``name :``
    )
    assert {"BOOL", "TON", "FB_Pump", "E_State", "ST_Motor"} <= set(types_)


@pytest.mark.parametrize("editor", [VSCODE, NEOVIM])
@pytest.mark.asyncio
async def test_pou_templates_between_pous(
    client: LanguageClient, tmp_path: Path, editor: str
) -> None:
    root, _ = await open_plant(client, tmp_path, editor=editor)
    text = MAIN + "\nFUNCTION_B"
    uri = edit(client, root, "main.st", text)
    items = by_label(await complete(client, uri, after(text, "FUNCTION_B")))
    body = inserted(items["FUNCTION_BLOCK"])
    if editor == VSCODE:
        assert body.startswith("FUNCTION_BLOCK ${1:FB_Name}\nVAR_INPUT\n\t$2\nEND_VAR")
    else:
        assert body.startswith("FUNCTION_BLOCK FB_Name\nVAR_INPUT\n    \nEND_VAR")
    assert body.endswith("END_FUNCTION_BLOCK")


@pytest.mark.asyncio
async def test_resolve_adds_the_declaration_and_its_comment(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = FB_PUMP.replace("bRunning := tonDelay.Q", "IF tonDelay.\nbRunning := b")
    uri = edit(client, root, "fb_pump.st", text)
    members = by_label(await complete(client, uri, after(text, "IF tonDelay.")))
    resolved = await client.completion_item_resolve_async(members["Q"])
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert resolved.documentation.kind == types.MarkupKind.Markdown
    assert "Q : BOOL" in resolved.documentation.value
    assert "TRUE once IN has been TRUE for PT" in resolved.documentation.value
    names = by_label(await complete(client, uri, after(text, "bRunning := b")))
    resolved = await client.completion_item_resolve_async(names["bStart"])
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert "start request" in resolved.documentation.value


@pytest.mark.asyncio
async def test_neovim_gets_documentation_without_resolving(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path, editor=NEOVIM)
    text = MAIN.replace("IF fbPump.bRunning THEN", "IF fbPump.")
    uri = edit(client, root, "main.st", text)
    items = by_label(await complete(client, uri, after(text, "IF fbPump.")))
    documentation = items["bStart"].documentation
    assert isinstance(documentation, types.MarkupContent)
    assert "start request" in documentation.value


@pytest.mark.asyncio
async def test_the_last_good_parse_stands_in_for_what_a_broken_line_lost(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    uri = edit(client, root, "fb_pump.st", FB_PUMP)
    await complete(client, uri, after(FB_PUMP, "bRunning := "))  # seen while it parses
    # An open parenthesis in the method: the parse loses the method and the property.
    broken = FB_PUMP.replace("Reset := bForce;", "Reset := bForce;\nIF (").replace(
        "stMotor.rSpeed := LIMIT", "THIS^."
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=broken)],
        )
    )
    items = by_label(await complete(client, uri, after(broken, "THIS^.")))
    assert {"Reset", "Speed", "tonDelay", "eState", "bStart"} <= set(items)


@pytest.mark.asyncio
async def test_inside_a_twincat_file_at_positions_in_the_xml(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = FB_VALVE.replace("IF tonOpen.Q THEN", "IF tonOpen.")
    uri = edit(client, root, "FB_Valve.TcPOU", text)
    items = by_label(await complete(client, uri, after(text, "IF tonOpen.")))
    assert set(items) == {"IN", "PT", "Q", "ET"}
    outside = await complete(client, uri, position_of(text, "<Implementation>"))
    assert not outside.items
    # At the very end of a CDATA section, where the XML begins right after the cursor.
    last = FB_VALVE.replace("END_VAR]]>", "END_VAR\nVAR_OU]]>")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=last)],
        )
    )
    at_end = by_label(await complete(client, uri, position_of(last, "]]></Declaration>")))
    assert "VAR_OUTPUT" in at_end


@pytest.mark.asyncio
async def test_nothing_to_complete_answers_empty_never_an_error(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = MAIN.replace("nCount := nCount + 1;", "(* fbPump. ") + "\n'abc"
    uri = edit(client, root, "main.st", text)
    in_comment = await complete(client, uri, after(text, "fbPump. "))
    assert not in_comment.items
    in_string = await complete(client, uri, after(text, "'abc"))
    assert not in_string.items
    past_the_end = await complete(client, uri, types.Position(400, 3))
    assert not past_the_end.items
    unknown = await complete(client, (root / "nothing.st").as_uri(), types.Position(0, 0))
    assert not unknown.items
    (root / "notes.txt").write_text("hello", encoding="utf-8")
    other = await complete(client, (root / "notes.txt").as_uri(), types.Position(0, 2))
    assert not other.items
