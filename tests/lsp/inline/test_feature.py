"""Ghost text end to end: a real ``werk serve`` whose model is a replay script or a
loopback OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.fakes.chat_server import FakeChatServer, Reply
from tests.lsp.conftest import SERVER, eventually, open_file, start, write_project

PUMP = (
    """\
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL;
    bLevelLow : BOOL;
END_VAR
VAR_OUTPUT
    bRun : BOOL;
END_VAR
VAR
    fbValve : FB_Valve;
END_VAR
IF bStart THEN
"""
    + "    \n"
    + """END_IF
END_FUNCTION_BLOCK
"""
)
VALVE = """\
FUNCTION_BLOCK FB_Valve
VAR_INPUT
    bOpen : BOOL;
END_VAR
VAR_OUTPUT
    bIsOpen : BOOL;
END_VAR
bIsOpen := bOpen;
END_FUNCTION_BLOCK
"""
BLANK_LINE = types.Position(line=12, character=4)


def replay_project(tmp_path: Path, answers: list[str], inline: str = "") -> Path:
    root = tmp_path / "plant"
    root.mkdir(parents=True)
    (root / "script.json").write_text(json.dumps(answers), encoding="utf-8")
    toml = (
        'model = "script"\n[models.script]\nprovider = "replay"\nscript = "script.json"\n'
        f'when_exhausted = "repeat-last"\n[sovereignty.audit]\nenabled = false\n{inline}'
    )
    return write_project(root, {"fb_pump.st": PUMP, "fb_valve.st": VALVE}, toml)


def status_of(params: object) -> dict[str, object]:
    """A ``werk/status`` payload as the client received it (pygls's named tuple)."""
    as_dict: dict[str, object] = params._asdict()  # type: ignore[attr-defined]
    return as_dict


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def ghost(
    client: LanguageClient,
    uri: str,
    position: types.Position = BLANK_LINE,
    kind: types.InlineCompletionTriggerKind = types.InlineCompletionTriggerKind.Invoked,
) -> types.InlineCompletionList | Sequence[types.InlineCompletionItem] | None:
    return await client.text_document_inline_completion_async(
        types.InlineCompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position,
            context=types.InlineCompletionContext(trigger_kind=kind),
        )
    )


def texts(
    found: types.InlineCompletionList | Sequence[types.InlineCompletionItem] | None,
) -> list[str]:
    items = found.items if isinstance(found, types.InlineCompletionList) else found or []
    return [str(item.insert_text) for item in items]


async def opened(client: LanguageClient, root: Path) -> tuple[types.InitializeResult, str]:
    result = await start(client, root)
    uri = open_file(client, root / "fb_pump.st")
    await eventually(lambda: bool(client.diagnostics) or True)
    return result, uri


@pytest.mark.asyncio
async def test_the_capability_is_advertised_and_a_replayed_block_is_suggested(
    client: LanguageClient, tmp_path: Path
) -> None:
    answer = "```st\n    bRun := NOT bLevelLow;\n    fbValve(bOpen := bRun);\nEND_IF\n```"
    result, uri = await opened(client, replay_project(tmp_path, [answer]))
    assert result.capabilities.inline_completion_provider is not None
    found = await ghost(client, uri)
    # the fence is gone, and END_IF (already after the cursor) is not repeated
    assert texts(found) == ["bRun := NOT bLevelLow;\n    fbValve(bOpen := bRun);"]


@pytest.mark.asyncio
async def test_a_suggestion_that_breaks_the_syntax_is_dropped(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, uri = await opened(client, replay_project(tmp_path, ["    bRun := := ;"]))
    assert texts(await ghost(client, uri)) == []


@pytest.mark.asyncio
async def test_no_suggestion_inside_a_comment_or_when_turned_off(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = replay_project(tmp_path, ["bRun := TRUE;"], "[lsp]\ninline_completion = false\n")
    _, uri = await opened(client, root)
    assert texts(await ghost(client, uri)) == []


@pytest.mark.asyncio
async def test_typing_through_a_suggestion_reuses_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    # one scripted answer only: a second model call would fail the request
    root = replay_project(tmp_path, ["    bRun := NOT bLevelLow;"])
    (root / "script.json").write_text(json.dumps(["    bRun := NOT bLevelLow;"]))
    toml = (root / "werk.toml").read_text().replace('"repeat-last"', '"error"')
    (root / "werk.toml").write_text(toml)
    _, uri = await opened(client, root)
    assert texts(await ghost(client, uri)) == ["bRun := NOT bLevelLow;"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=BLANK_LINE, end=BLANK_LINE), text="bRun :"
                )
            ],
        )
    )
    later = types.Position(line=12, character=10)
    assert texts(await ghost(client, uri, later)) == ["= NOT bLevelLow;"]


@pytest.mark.asyncio
async def test_the_loopback_openai_server_answers_and_status_reports_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    with FakeChatServer(
        default_reply=Reply(content="    bRun := bStart AND NOT bLevelLow;")
    ) as fake:
        root = tmp_path / "plant"
        toml = (
            'model = "local"\n[models.local]\nprovider = "openai"\n'
            f'base_url = "{fake.base_url}"\nmodel = "fake-model"\n'
            "[sovereignty.audit]\nenabled = false\n"
        )
        write_project(root, {"fb_pump.st": PUMP, "fb_valve.st": VALVE}, toml)
        statuses: list[dict[str, object]] = []
        client.feature("werk/status")(lambda params: statuses.append(status_of(params)))
        _, uri = await opened(client, root)
        found = await ghost(client, uri)
        assert texts(found) == ["bRun := bStart AND NOT bLevelLow;"]
        (request,) = fake.chat_requests()
        assert request.body is not None
        prompt = json.dumps(request.body["messages"])
        assert "<CURSOR>" in prompt
        assert "FUNCTION_BLOCK FB_Valve" in prompt  # the declaration the POU uses
        await eventually(lambda: any(s.get("modelReachable") for s in statuses))
        last = [s for s in statuses if s.get("modelReachable")][-1]
        assert isinstance(last["lastModelMs"], float)
