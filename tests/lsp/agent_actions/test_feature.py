"""Agent code actions end to end: a real ``werk serve`` on a real git repository, its model a
replay script, the client answering ``workspace/applyEdit`` the way an editor does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.agent.run.repos import PUMP, PUMP_TASK, fixture_repo, git, pump_script
from tests.lsp.conftest import SERVER, eventually, open_file, start

SCRIPT = pump_script()
pytestmark = pytest.mark.asyncio
TASK = PUMP_TASK


def scripted_repo(tmp_path: Path, answers: list[Any]) -> Path:
    """The ST fixture as a committed git repository whose ``werk.toml`` plays ``answers``."""
    repo = fixture_repo(tmp_path, "st_project", user_changes=False)
    (repo / ".werk-script.json").write_text(json.dumps(answers), encoding="utf-8")
    (repo / "werk.toml").write_text(
        'model = "script"\n[models.script]\nprovider = "replay"\n'
        'script = ".werk-script.json"\n[sovereignty.audit]\nenabled = false\n',
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "werk settings")
    return repo


class Editor:
    """What the client saw beyond what pytest-lsp records: proposals and the edits it applied."""

    def __init__(self, client: LanguageClient, accept: bool = True) -> None:
        self.proposals: list[dict[str, Any]] = []
        self.applied: list[types.WorkspaceEdit] = []

        @client.feature("werk/agentProposal")
        def proposal(params: Any) -> None:
            self.proposals.append(_plain(params))

        @client.feature(types.WORKSPACE_APPLY_EDIT)
        def apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            self.applied.append(params.edit)
            return types.ApplyWorkspaceEditResult(applied=accept)


def _plain(value: Any) -> Any:
    """A custom notification's payload as JSON has it (pygls hands over named tuples)."""
    if hasattr(value, "_asdict"):
        return {key: _plain(item) for key, item in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


async def test_code_actions_offer_the_agent_inside_a_function_block(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = scripted_repo(tmp_path, SCRIPT)
    await start(client, repo, editor="visual_studio_code@v1.65.2")
    uri = open_file(client, repo / PUMP)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(9, 0), types.Position(9, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    # lsprotocol's client-side converter reads a CodeAction carrying a command as a Command;
    # the title is what both agree on.
    titles = [action.title for action in actions or []]
    assert "werk: write tests for this FB" in titles


async def test_fix_with_agent_proposes_then_applies_through_the_editor(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = scripted_repo(tmp_path, SCRIPT)
    editor = Editor(client)
    await start(client, repo, editor="visual_studio_code@v1.65.2")
    open_file(client, repo / PUMP)
    await run_until_proposal(client, editor)
    proposal = editor.proposals[0]
    assert proposal["changedFiles"] == [PUMP]
    assert "bRun := bStart AND NOT bLevelLow;" in proposal["diff"]
    assert (repo / PUMP).read_text(encoding="utf-8").count("AND NOT bLevelLow") == 0

    result = await execute(client, "werk.applyAgentEdit", [proposal["runId"]])
    assert result["applied"] is True
    (edit,) = editor.applied
    assert edit.document_changes
    change = edit.document_changes[0]
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == (repo / PUMP).as_uri()
    original = (repo / PUMP).read_text(encoding="utf-8")
    assert apply_edits(original, change.edits) == original.replace(
        "bRun := bStart;", "bRun := bStart AND NOT bLevelLow;"
    )
    reports = await progress_until_end(client)
    assert isinstance(reports[0], types.WorkDoneProgressBegin) and reports[0].cancellable
    assert any(isinstance(report, types.WorkDoneProgressReport) for report in reports)
    assert "delivered" in str(reports[-1].message)
    (branch,) = git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/werk").split()
    assert "AND NOT bLevelLow" in git(repo, "show", f"{branch}:{PUMP}")


async def test_a_rejected_proposal_changes_nothing(client: LanguageClient, tmp_path: Path) -> None:
    repo = scripted_repo(tmp_path, SCRIPT)
    editor = Editor(client)
    await start(client, repo, editor="visual_studio_code@v1.65.2")
    await run_until_proposal(client, editor)
    run_id = editor.proposals[0]["runId"]
    rejected = await execute(client, "werk.rejectAgentEdit", [run_id])
    assert rejected == {"rejected": True}
    reports = await progress_until_end(client)
    assert "delivered" not in str(reports[-1].message)
    assert not editor.applied
    with pytest.raises(Exception, match="no change waiting"):
        await execute(client, "werk.applyAgentEdit", [run_id])
    assert "AND NOT bLevelLow" not in (repo / PUMP).read_text(encoding="utf-8")


async def test_cancelling_the_progress_rejects_the_waiting_change(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = scripted_repo(tmp_path, SCRIPT)
    editor = Editor(client)
    await start(client, repo, editor="visual_studio_code@v1.65.2")
    await run_until_proposal(client, editor)
    (token,) = agent_tokens(client)
    client.protocol.notify(
        types.WINDOW_WORK_DONE_PROGRESS_CANCEL, types.WorkDoneProgressCancelParams(token=token)
    )
    reports = await progress_until_end(client)
    assert "cancelled" in str(reports[-1].message)
    assert not editor.applied


async def test_an_editor_that_refuses_the_edit_keeps_the_proposal(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = scripted_repo(tmp_path, SCRIPT)
    editor = Editor(client, accept=False)
    await start(client, repo, editor="visual_studio_code@v1.65.2")
    await run_until_proposal(client, editor)
    run_id = editor.proposals[0]["runId"]
    result = await execute(client, "werk.applyAgentEdit", [run_id])
    assert result["applied"] is False
    rejected = await execute(client, "werk.rejectAgentEdit", [run_id])
    assert rejected == {"rejected": True}


def apply_edits(text: str, edits: Sequence[Any]) -> str:
    """``text`` after the editor applied ``edits`` (ASCII text: UTF-16 units are characters)."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def execute(client: LanguageClient, command: str, arguments: list[Any]) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command, arguments=arguments)
    )


async def run_until_proposal(client: LanguageClient, editor: Editor) -> None:
    started = await execute(client, "werk.fixWithAgent", [{"task": TASK}])
    assert started["job"]
    await eventually(lambda: bool(editor.proposals), timeout=120)


def agent_tokens(client: LanguageClient) -> list[str]:
    return [str(token) for token in client.progress_reports if str(token).startswith("werk-agent")]


async def progress_until_end(client: LanguageClient) -> list[Any]:
    """The agent run's work-done progress, once it has ended."""

    def ended() -> bool:
        tokens = agent_tokens(client)
        reports = client.progress_reports[tokens[0]] if tokens else []
        return bool(reports) and isinstance(reports[-1], types.WorkDoneProgressEnd)

    await eventually(ended, timeout=60)
    return list(client.progress_reports[agent_tokens(client)[0]])


@pytest.mark.parametrize("bad", [[], [{"task": ""}], [42]])
async def test_a_command_without_a_task_is_an_invalid_params_error(
    client: LanguageClient, tmp_path: Path, bad: list[Any]
) -> None:
    repo = scripted_repo(tmp_path, SCRIPT)
    await start(client, repo, editor="visual_studio_code@v1.65.2")
    with pytest.raises(Exception, match="task"):
        await execute(client, "werk.fixWithAgent", bad)
