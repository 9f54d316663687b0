"""``werk serve`` end to end: diagnostics, edits, fixes, settings and robustness.

Every test runs the real server as a subprocess over stdio, with the
recorded capabilities of Neovim 0.7 or VS Code.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import (
    SERVER,
    diagnostics_for,
    eventually,
    open_file,
    start,
    write_project,
)
from tests.lsp.raw_rpc import RawConnection

# "Füllstand" puts non-ASCII before the finding: UTF-16 and UTF-8 columns differ.
PUMP = """\
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL;
END_VAR
VAR_OUTPUT
    bRun : BOOL;
END_VAR
VAR
    nSpare : INT;
END_VAR
(* Füllstand *) bRun := bStart;
END_FUNCTION_BLOCK
"""


def codes(diagnostics: Sequence[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


def apply_text_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to a text, as an editor would."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        encoded = line.encode("utf-16-le")[: position.character * 2]
        return before + len(encoded.decode("utf-16-le"))

    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_diagnostics_appear_at_the_right_place_and_go_after_an_edit(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    await start(client, root)
    uri = open_file(client, root / "fb_pump.st")
    found = await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    unused = next(d for d in found if d.code == "CP24")
    assert unused.range == types.Range(types.Position(8, 4), types.Position(8, 10))
    assert unused.source == "werk" and "nSpare" in unused.message

    # Delete the declaration line with an incremental change.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(8, 0), types.Position(9, 0)), text=""
                )
            ],
        )
    )
    await diagnostics_for(client, uri, lambda d: "CP24" not in codes(d))


@pytest.mark.asyncio
async def test_columns_count_utf16_units_after_non_ascii(
    client: LanguageClient, tmp_path: Path
) -> None:
    source = PUMP.replace("bStart : BOOL;", "bStart : BOOL;\n    rLevel : REAL;").replace(
        "bRun := bStart;", "bRun := bStart AND rLevel = 1.5;"
    )
    root = write_project(tmp_path / "plant", {"fb_pump.st": source})
    await start(client, root)
    uri = open_file(client, root / "fb_pump.st")
    found = await diagnostics_for(client, uri, lambda d: "CP8" in codes(d))
    equality = next(d for d in found if d.code == "CP8")
    line = source.splitlines()[11]
    # "ü" is one UTF-16 unit but two UTF-8 bytes: columns must count units.
    assert equality.range.start == types.Position(11, line.index("rLevel = 1.5"))
    assert equality.range.end == types.Position(11, line.index(";"))


@pytest.mark.asyncio
async def test_quick_fix_removes_the_unused_variable(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    await start(client, root)
    uri = open_file(client, root / "fb_pump.st")
    found = await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    unused = next(d for d in found if d.code == "CP24")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=unused.range,
            context=types.CodeActionContext(diagnostics=[unused]),
        )
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and "nSpare" in a.title)
    assert fix.is_preferred and fix.edit is not None and fix.edit.changes is not None
    fixed = apply_text_edits(PUMP, fix.edit.changes[uri])
    assert "nSpare" not in fixed and "VAR\nEND_VAR" in fixed
    assert "Ignore CP24 on this line (werk)" in titles
    suppress = next(
        a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Ignore")
    )
    assert suppress.edit is not None and suppress.edit.changes is not None
    suppressed = apply_text_edits(PUMP, suppress.edit.changes[uri])
    assert "nSpare : INT; (* werk: ignore CP24 -- reason *)" in suppressed


@pytest.mark.asyncio
async def test_a_burst_of_changes_is_checked_once_at_its_end(
    client: LanguageClient, tmp_path: Path
) -> None:
    checks: list[object] = []

    @client.feature("werk/status")
    def status(ls: LanguageClient, params: object) -> None:
        if getattr(params, "state", None) == "ready":
            checks.append(params)

    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    await start(client, root)
    uri = open_file(client, root / "fb_pump.st")
    await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    await asyncio.sleep(0.3)
    before = len(checks)
    for version in range(2, 22):  # key repeat: a change every 10 ms
        text = PUMP if version % 2 else PUMP.replace("    nSpare : INT;\n", "")
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await asyncio.sleep(0.01)
    await diagnostics_for(client, uri, lambda d: "CP24" not in codes(d))  # the last text
    await asyncio.sleep(0.3)
    assert 1 <= len(checks) - before <= 3  # the burst's start and its end, not 20


@pytest.mark.asyncio
async def test_bad_editor_settings_are_shown_and_the_server_keeps_serving(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    await start(client, root, options={"rules": {"selct": ["CP24"]}})
    uri = open_file(client, root / "fb_pump.st")
    await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    messages = [m.message for m in client.messages]
    assert any("selct" in m and "select" in m for m in messages), messages


@pytest.mark.asyncio
async def test_settings_change_takes_effect_without_restart(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    await start(client, root)
    uri = open_file(client, root / "fb_pump.st")
    await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"werk": {"rules": {"ignore": ["CP24"]}}})
    )
    await diagnostics_for(client, uri, lambda d: "CP24" not in codes(d))
    # A bad change is refused with a message; the last good settings stay.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"rules": {"ignore": ["NOPE99"]}})
    )
    await eventually(lambda: any("NOPE99" in m.message for m in client.messages))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=PUMP + "\n")],
        )
    )
    await diagnostics_for(client, uri, lambda d: "CP24" not in codes(d))


@pytest.mark.asyncio
async def test_twincat_positions_are_inside_the_xml(client: LanguageClient, tmp_path: Path) -> None:
    pou = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<TcPlcObject Version="1.1.0.1">\n'
        '  <POU Name="FB_Tc" Id="{00000000-0000-0000-0000-000000000001}">\n'
        "    <Declaration><![CDATA[FUNCTION_BLOCK FB_Tc\n"
        "VAR\n"
        "    nSpare : INT;\n"
        "END_VAR]]></Declaration>\n"
        "    <Implementation>\n"
        "      <ST><![CDATA[;]]></ST>\n"
        "    </Implementation>\n"
        "  </POU>\n"
        "</TcPlcObject>\n"
    )
    root = write_project(tmp_path / "plant", {"FB_Tc.TcPOU": pou})
    await start(client, root)
    uri = open_file(client, root / "FB_Tc.TcPOU")
    found = await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    unused = next(d for d in found if d.code == "CP24")
    assert unused.range.start == types.Position(5, 4)


@pytest.mark.asyncio
async def test_a_broken_xml_file_gets_one_diagnostic_and_others_still_work(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(
        tmp_path / "plant", {"FB_Bad.TcPOU": "<TcPlcObject><POU", "fb_pump.st": PUMP}
    )
    await start(client, root)
    bad = open_file(client, root / "FB_Bad.TcPOU")
    good = open_file(client, root / "fb_pump.st")
    found = await diagnostics_for(client, bad, lambda d: bool(d))
    assert [d.code for d in found] == ["unreadable"]
    await diagnostics_for(client, good, lambda d: "CP24" in codes(d))


def test_malformed_requests_get_errors_and_the_server_keeps_serving(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    connection = RawConnection()
    try:
        connection.send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
            }
        )
        assert "capabilities" in connection.response_to(1)["result"]
        connection.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        connection.send(
            {"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"x": 1}}
        )
        assert connection.response_to(2)["error"]["code"] in (-32602, -32603)
        connection.send_bytes(b"{ this is not json")
        connection.send({"jsonrpc": "2.0", "id": 3, "method": "no/suchMethod", "params": {}})
        assert connection.response_to(3)["error"]["code"] == -32601
        uri = (root / "fb_pump.st").as_uri()
        connection.send(
            {
                "jsonrpc": "2.0",
                "id": 4,
                "method": "textDocument/diagnostic",
                "params": {"textDocument": {"uri": uri}},
            }
        )
        items = connection.response_to(4)["result"]["items"]
        assert "CP24" in {item["code"] for item in items}
    finally:
        connection.close()


@pytest.mark.asyncio
async def test_pull_diagnostics_for_clients_that_ask(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})

    def with_pull(capabilities: types.ClientCapabilities) -> None:
        assert capabilities.text_document is not None
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(
            related_document_support=True
        )

    result = await start(client, root, editor="visual-studio-code", adjust=with_pull)
    assert result.capabilities.diagnostic_provider is not None
    uri = open_file(client, root / "fb_pump.st")
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert "CP24" in codes(report.items)


@pytest.mark.asyncio
async def test_utf8_positions_when_the_client_offers_them(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = write_project(
        tmp_path / "plant", {"fb_pump.st": PUMP.replace("    nSpare", "(*ä*)nSpare")}
    )

    def prefer_utf8(capabilities: types.ClientCapabilities) -> None:
        capabilities.general = types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
        )

    result = await start(client, root, adjust=prefer_utf8)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    uri = open_file(client, root / "fb_pump.st")
    found = await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    unused = next(d for d in found if d.code == "CP24")
    assert unused.range.start.character == len("(*ä*)".encode())  # 6 bytes, 5 characters


@pytest.mark.asyncio
async def test_indexing_reports_progress_and_status(client: LanguageClient, tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "plant", {f"fb_{n}.st": PUMP.replace("FB_Pump", f"FB_{n}") for n in range(5)}
    )
    await start(client, root)
    uri = open_file(client, root / "fb_0.st")
    await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))
    assert client.progress_reports, "no $/progress during indexing"
    reports = next(iter(client.progress_reports.values()))
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)


def test_serve_refuses_a_non_loopback_address() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "werk"), "serve", "--tcp", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "loopback only" in done.stderr


@pytest.mark.asyncio
async def test_a_file_over_the_analysis_limit_degrades_gracefully(
    client: LanguageClient, tmp_path: Path
) -> None:
    limit = 16 * 1024
    big = "".join(PUMP.replace("FB_Pump", f"FB_Pump{n}") for n in range(100))  # ~18 KiB
    root = write_project(
        tmp_path / "plant",
        {"big.st": big, "fb_pump.st": PUMP},
        werk_toml=f"[st]\nanalysis_limit = {limit}\n",
    )
    await start(client, root)
    big_uri = open_file(client, root / "big.st")
    found = await diagnostics_for(client, big_uri, lambda d: "too-large" in codes(d))
    assert [d.code for d in found] == ["too-large"]  # no rule findings from unanalysed code
    # The rest of the project is served as usual.
    uri = open_file(client, root / "fb_pump.st")
    await diagnostics_for(client, uri, lambda d: "CP24" in codes(d))


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_ten_megabyte_file_is_served(client: LanguageClient, tmp_path: Path) -> None:
    """The default limit (5 MiB) turns a 10 MB file into declarations only; edits in it
    and requests elsewhere are still answered."""
    from werk.benchmarks.perf.st_corpus import corpus

    data = corpus(9000)  # 9.96 MB of generated plant code
    assert len(data) > 9_900_000
    root = write_project(tmp_path / "plant", {"fb_pump.st": PUMP})
    (root / "big.st").write_bytes(data)
    await start(client, root)
    big_uri = open_file(client, root / "big.st", text=data.decode())
    await diagnostics_for(client, big_uri, lambda d: "too-large" in codes(d), timeout=120)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=big_uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                    text="(* edited *)\n",
                )
            ],
        )
    )
    uri = open_file(client, root / "fb_pump.st")
    await diagnostics_for(client, uri, lambda d: "CP24" in codes(d), timeout=120)
