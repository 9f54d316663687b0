"""Signature help end to end: functions and FB instances, positional and named, while typing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import SERVER
from tests.lsp.features.assist_project import FB_PUMP, MAIN, after, edit, open_plant


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def signature(
    client: LanguageClient, uri: str, position: types.Position
) -> types.SignatureHelp | None:
    return await client.text_document_signature_help_async(
        types.SignatureHelpParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
    )


def parameter_label(found: types.SignatureHelp, index: int) -> str:
    info = found.signatures[0]
    assert info.parameters is not None
    label = info.parameters[index].label
    if isinstance(label, str):
        return label
    return info.label[label[0] : label[1]]


@pytest.mark.parametrize("editor", ["visual-studio-code", "neovim@v0.7.0"])
@pytest.mark.asyncio
async def test_positional_function_arguments(
    client: LanguageClient, tmp_path: Path, editor: str
) -> None:
    root, result = await open_plant(client, tmp_path, editor=editor)
    options = result.capabilities.signature_help_provider
    assert options is not None and list(options.trigger_characters or []) == ["(", ","]
    text = FB_PUMP.replace("LIMIT(0.0, GVL_IO.rTankLevel, 100.0);", "LIMIT(0.0, ")
    uri = edit(client, root, "fb_pump.st", text)
    found = await signature(client, uri, after(text, "LIMIT(0.0, "))
    assert found is not None
    info = found.signatures[0]
    assert info.label == (
        "LIMIT(MN : ANY_ELEMENTARY, IN : ANY_ELEMENTARY, MX : ANY_ELEMENTARY) : ANY_ELEMENTARY"
    )
    assert found.active_parameter == 1 and parameter_label(found, 1) == "IN : ANY_ELEMENTARY"
    assert isinstance(info.documentation, types.MarkupContent)
    assert "clamped" in info.documentation.value
    first = await signature(client, uri, after(text, "LIMIT("))
    assert first is not None and first.active_parameter == 0


@pytest.mark.asyncio
async def test_fb_instance_named_parameters_inputs_and_outputs(
    client: LanguageClient, tmp_path: Path
) -> None:
    root, _ = await open_plant(client, tmp_path)
    text = FB_PUMP.replace("tonDelay(IN := bStart, PT := T#5S);", "tonDelay(IN := bStart, PT := ")
    uri = edit(client, root, "fb_pump.st", text)
    named = await signature(client, uri, after(text, "PT := "))
    assert named is not None
    assert named.signatures[0].label == "tonDelay(IN : BOOL, PT : TIME, Q => BOOL, ET => TIME)"
    assert named.active_parameter == 1
    parameters = named.signatures[0].parameters
    assert parameters is not None
    documentation = parameters[2].documentation
    assert isinstance(documentation, types.MarkupContent)
    assert "output" in documentation.value and "TRUE once IN" in documentation.value
    # After a named argument and a comma: the first input not given yet.
    next_one = await signature(client, uri, after(text, "IN := bStart, "))
    assert next_one is not None and next_one.active_parameter == 1


@pytest.mark.asyncio
async def test_methods_of_instances_and_plain_text_clients(
    client: LanguageClient, tmp_path: Path
) -> None:
    def plain_text(capabilities: types.ClientCapabilities) -> None:
        assert capabilities.text_document is not None
        help_ = capabilities.text_document.signature_help
        assert help_ is not None and help_.signature_information is not None
        help_.signature_information.documentation_format = [types.MarkupKind.PlainText]
        help_.signature_information.parameter_information = None

    root, _ = await open_plant(client, tmp_path, adjust=plain_text)
    text = MAIN.replace("fbPump(bStart := GVL_IO.bStartButton);", "fbPump.Reset(")
    uri = edit(client, root, "main.st", text)
    found = await signature(client, uri, after(text, "fbPump.Reset("))
    assert found is not None
    assert found.signatures[0].label == "fbPump.Reset(bForce : BOOL) : BOOL"
    assert parameter_label(found, 0) == "bForce : BOOL"
    assert found.signatures[0].parameters is not None
    label = found.signatures[0].parameters[0].label
    assert isinstance(label, str)  # the client cannot take offsets
    documentation = found.signatures[0].parameters[0].documentation
    assert isinstance(documentation, types.MarkupContent)
    assert documentation.kind == types.MarkupKind.PlainText


@pytest.mark.asyncio
async def test_no_signature_outside_a_call(client: LanguageClient, tmp_path: Path) -> None:
    root, _ = await open_plant(client, tmp_path)
    done = MAIN.replace("fbPump(bStart := GVL_IO.bStartButton);", "fbPump(bStart := TRUE); ")
    uri = edit(client, root, "main.st", done)
    assert await signature(client, uri, after(done, "nCount := ")) is None
    assert await signature(client, uri, after(done, "TRUE); ")) is None
    assert await signature(client, uri, types.Position(300, 1)) is None
