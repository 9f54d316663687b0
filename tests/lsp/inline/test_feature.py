"""Ghost text end to end: a real ``werk serve`` whose model is a replay script or a
loopback OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import cast

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.fakes.chat_server import FakeChatServer, Reply
from tests.lsp.conftest import SERVER, eventually, open_file, start, write_project
from werk.lsp.features.other_languages import CodeIndex
from werk.lsp.inline.feature import GhostText
from werk.lsp.server import create_server
from werk.tools.code import SymbolIndex

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
FLOW_PY = """\
def compute_flow_rate(level, valve_open):
    return level * 0.5 if valve_open else 0.0
"""
PUMP_PY = (
    """\
from flow import compute_flow_rate


def pump_command(level):
"""
    + "    \n"
    + """

def stop():
    return 0
"""
)
PY_BODY = types.Position(line=4, character=4)
VALVE_H = "int valve_open(int channel);\n"
PUMP_C = '#include "valve.h"\n\nint pump_command(int level) {\n    \n}\n'
C_BODY = types.Position(line=3, character=4)


def replay_project(
    tmp_path: Path, answers: list[str], inline: str = "", files: dict[str, str] | None = None
) -> Path:
    root = tmp_path / "plant"
    root.mkdir(parents=True)
    (root / "script.json").write_text(json.dumps(answers), encoding="utf-8")
    toml = (
        'model = "script"\n[models.script]\nprovider = "replay"\nscript = "script.json"\n'
        f'when_exhausted = "repeat-last"\n[sovereignty.audit]\nenabled = false\n{inline}'
    )
    return write_project(root, files or {"fb_pump.st": PUMP, "fb_valve.st": VALVE}, toml)


def python_project(tmp_path: Path, answers: list[str]) -> Path:
    return replay_project(tmp_path, answers, files={"flow.py": FLOW_PY, "pump.py": PUMP_PY})


def c_project(tmp_path: Path, answers: list[str]) -> Path:
    return replay_project(tmp_path, answers, files={"valve.h": VALVE_H, "pump.c": PUMP_C})


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


async def opened(
    client: LanguageClient, root: Path, name: str = "fb_pump.st"
) -> tuple[types.InitializeResult, str]:
    result = await start(client, root)
    uri = open_file(client, root / name)
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
        assert "fb_valve.st:" in prompt  # the ranked repository map
        await eventually(lambda: any(s.get("modelReachable") for s in statuses))
        last = [s for s in statuses if s.get("modelReachable")][-1]
        assert isinstance(last["lastModelMs"], float)


@pytest.mark.asyncio
async def test_python_ghost_text_stops_at_the_dedent_closing_the_block(
    client: LanguageClient, tmp_path: Path
) -> None:
    answer = (
        "```python\n    rate = compute_flow_rate(level, True)\n    return rate\n\n"
        "def extra():\n    pass\n```"
    )
    _, uri = await opened(client, python_project(tmp_path, [answer]), "pump.py")
    found = await ghost(client, uri, PY_BODY)
    assert texts(found) == ["rate = compute_flow_rate(level, True)\n    return rate"]


@pytest.mark.asyncio
async def test_python_ghost_text_that_does_not_parse_is_dropped(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, uri = await opened(client, python_project(tmp_path, ["    return (level,"]), "pump.py")
    assert texts(await ghost(client, uri, PY_BODY)) == []


@pytest.mark.asyncio
async def test_no_python_ghost_text_inside_a_string(client: LanguageClient, tmp_path: Path) -> None:
    root = python_project(tmp_path, ["running"])
    line = 'MESSAGE = "the pump is '
    (root / "notes.py").write_text(line + "\n", encoding="utf-8")
    _, uri = await opened(client, root, "notes.py")
    inside = types.Position(line=0, character=len(line))
    assert texts(await ghost(client, uri, inside)) == []


@pytest.mark.asyncio
async def test_c_ghost_text_stops_at_the_brace_closing_the_block(
    client: LanguageClient, tmp_path: Path
) -> None:
    answer = (
        "    if (level > 3) {\n        valve_open(1);\n    }\n    return 0;\n}\n\n"
        "int other(void) {\n    return 1;\n}"
    )
    _, uri = await opened(client, c_project(tmp_path, [answer]), "pump.c")
    found = await ghost(client, uri, C_BODY)
    assert texts(found) == ["if (level > 3) {\n        valve_open(1);\n    }\n    return 0;"]


@pytest.mark.asyncio
async def test_c_ghost_text_that_adds_a_syntax_error_is_dropped(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, uri = await opened(client, c_project(tmp_path, ["    return level + ;"]), "pump.c")
    assert texts(await ghost(client, uri, C_BODY)) == []


@pytest.mark.asyncio
async def test_python_prompt_names_the_language_and_carries_the_repository_map(
    client: LanguageClient, tmp_path: Path
) -> None:
    with FakeChatServer(
        default_reply=Reply(content="    return compute_flow_rate(level, True)")
    ) as fake:
        toml = (
            'model = "local"\n[models.local]\nprovider = "openai"\n'
            f'base_url = "{fake.base_url}"\nmodel = "fake-model"\n'
            "[sovereignty.audit]\nenabled = false\n"
        )
        root = write_project(tmp_path / "plant", {"flow.py": FLOW_PY, "pump.py": PUMP_PY}, toml)
        _, uri = await opened(client, root, "pump.py")
        found = await ghost(client, uri, PY_BODY)
        assert texts(found) == ["return compute_flow_rate(level, True)"]
        (request,) = fake.chat_requests()
        assert request.body is not None
        prompt = json.dumps(request.body["messages"])
        assert "You complete Python code" in prompt
        assert "flow.py:" in prompt
        assert "def compute_flow_rate(level, valve_open):" in prompt


class SlowIndex:
    """A code index whose re-scan waits until the test lets it finish."""

    def __init__(self, index: SymbolIndex) -> None:
        self.built = index
        self.rescanning = threading.Event()
        self.release = threading.Event()
        self.scans = 0

    def index(self) -> SymbolIndex:
        self.scans += 1
        if self.scans > 1:
            self.rescanning.set()
            self.release.wait(5)
        return self.built


@pytest.mark.asyncio
async def test_a_request_waits_for_the_first_map_only(tmp_path: Path) -> None:
    (tmp_path / "flow.py").write_text("def compute_flow_rate(level):\n    pass\n")
    slow = SlowIndex(SymbolIndex.build(tmp_path, use_cache=False))
    code = cast(CodeIndex, slow)
    ghost = GhostText()
    await ghost._map_refreshed(code, tmp_path / "pump.py")
    assert ghost.repo_map.ready
    await asyncio.wait_for(ghost._map_refreshed(code, tmp_path / "pump.py"), 1)
    # the re-scan runs on while the request went ahead with the map it had
    assert await asyncio.to_thread(slow.rescanning.wait, 5)
    slow.release.set()


def test_navigation_and_ghost_text_share_one_code_index() -> None:
    server = create_server()
    assert isinstance(server.code_index, CodeIndex) and server.code_index.ls is server
