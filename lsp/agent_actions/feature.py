"""Agent code actions: ``textDocument/codeAction`` entries and ``workspace/executeCommand``.

The three actions ("fix with agent", "implement from comment", "write tests
for this FB") carry a command; executing it starts the agent in a
background thread (``jobs``) and returns at once with the job's id, while
``$/progress`` (cancellable) follows the run. A verified change is shown as
a ``werk/agentProposal`` notification and a message with the diff summary;
``werk.applyAgentEdit RUN_ID`` maps the change onto the user's files
(``edits``) and applies it with ``workspace/applyEdit``;
``werk.rejectAgentEdit RUN_ID`` drops it.

The server's own code-action handler (quick fixes) is kept: pygls allows
one handler per method, so this module wraps it and adds its kinds to the
advertised ones.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from werk.lsp.agent_actions import tasks
from werk.lsp.agent_actions.edits import Proposal, build_proposal
from werk.lsp.agent_actions.jobs import AgentJob, AgentJobs
from werk.tools.errors import WerkError

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

log = logging.getLogger(__name__)

APPLY = "werk.applyAgentEdit"
REJECT = "werk.rejectAgentEdit"
PROPOSAL = "werk/agentProposal"
FIX_KIND = "quickfix.werk.agent"
REWRITE_KIND = "refactor.rewrite.werk.agent"
_tokens = itertools.count(1)


def register_agent_actions(server: WerkLanguageServer) -> None:
    """Register the agent's code actions and commands on ``server``."""
    jobs = AgentJobs()
    progress_of: dict[str, AgentJob] = {}
    _extend_code_actions(server)
    for command in (tasks.FIX, tasks.IMPLEMENT, tasks.WRITE_TESTS):
        server.command(command)(_starter(server, jobs, command, progress_of))
    ls = server  # command handlers take the command's arguments only (pygls spreads them)

    @server.feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)
    def cancel(params: types.WorkDoneProgressCancelParams) -> None:
        # pygls swaps a token's cancel future when the client confirms its creation, so
        # cancellation is looked up here, by token, rather than hung on that future.
        job = progress_of.get(str(params.token))
        if job is not None:
            job.cancel()

    @server.command(APPLY)
    async def apply(*args: Any) -> dict[str, Any]:
        job = _job_of(jobs, list(args))
        if job.proposal is None or job.status != "awaiting_approval":
            raise JsonRpcInvalidParams(f"run {job.run_id or job.job_id} has no change waiting")
        proposal = _proposal_for(ls, job)
        edit = workspace_edit(ls, proposal)
        result = await ls.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(edit=edit, label=f"werk: {job.title}")
        )
        if not result.applied:
            return {"applied": False, "reason": result.failure_reason}
        job.answer(True)
        return {"applied": True, "conflicts": proposal.conflicts}

    @server.command(REJECT)
    def reject(*args: Any) -> dict[str, Any]:
        _job_of(jobs, list(args)).cancel()
        return {"rejected": True}


def _job_of(jobs: AgentJobs, args: list[Any]) -> AgentJob:
    key = str(args[0]) if args else ""
    job = jobs.find(key)
    if job is None:
        raise JsonRpcInvalidParams(f"no agent run {key!r} in this session")
    return job


# --- code actions ----------------------------------------------------------------------------


def _extend_code_actions(server: WerkLanguageServer) -> None:
    features = server.protocol.fm.features
    quick_fixes: Callable[[types.CodeActionParams], list[types.CodeAction]] | None = features.get(
        types.TEXT_DOCUMENT_CODE_ACTION
    )

    def code_actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        found = list(quick_fixes(params) or []) if quick_fixes is not None else []
        try:
            found.extend(agent_actions(server, params))
        except Exception:  # an agent action must never hide the quick fixes
            log.exception("agent code actions failed")
        return found

    features[types.TEXT_DOCUMENT_CODE_ACTION] = code_actions
    options = server.protocol.fm.feature_options.get(types.TEXT_DOCUMENT_CODE_ACTION)
    if isinstance(options, types.CodeActionOptions):
        kinds = list(options.code_action_kinds or [])
        options.code_action_kinds = [*kinds, FIX_KIND, REWRITE_KIND]


def agent_actions(ls: WerkLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    path = ls.path(params.text_document.uri)
    if ls.st is None or path is None or path not in ls.st.files:
        return []
    text = ls.st.data(path).decode("utf-8", "replace")
    relative = _relative(ls, path)
    line = params.range.start.line
    wanted = params.context.only
    actions: list[types.CodeAction] = []

    def add(command: str, kind: str, task: str) -> None:
        if wanted is not None and not any(kind.startswith(w) for w in wanted):
            return
        actions.append(
            types.CodeAction(
                title=tasks.TITLES[command],
                kind=kind,
                command=types.Command(
                    title=tasks.TITLES[command], command=command, arguments=[{"task": task}]
                ),
            )
        )

    for diagnostic in params.context.diagnostics:
        if diagnostic.source == "werk":
            source_line = text.splitlines()[diagnostic.range.start.line]
            task = tasks.fix_task(
                relative,
                diagnostic.range.start.line,
                str(diagnostic.code or ""),
                diagnostic.message,
                source_line,
            )
            add(tasks.FIX, FIX_KIND, task)
            break
    offset = ls.converter(path).offset(params.range.start)
    pou = tasks.enclosing_pou(text, len(ls.st.data(path)[:offset].decode("utf-8", "replace")))
    comment = tasks.comment_at(text, line)
    if pou is not None and comment is not None:
        add(tasks.IMPLEMENT, REWRITE_KIND, tasks.implement_task(relative, pou, line, comment))
    if pou is not None and pou.kind == "FUNCTION_BLOCK":
        add(tasks.WRITE_TESTS, REWRITE_KIND, tasks.tests_task(relative, pou))
    return actions


def _relative(ls: WerkLanguageServer, path: Path) -> str:
    assert ls.st is not None
    try:
        return path.relative_to(ls.st.root).as_posix()
    except ValueError:
        return path.as_posix()


# --- running ---------------------------------------------------------------------------------


def _starter(
    ls: WerkLanguageServer, jobs: AgentJobs, command: str, progress_of: dict[str, AgentJob]
) -> Callable[..., dict[str, Any]]:
    def start(*args: Any) -> dict[str, Any]:
        if ls.st is None:
            raise JsonRpcInvalidParams("the workspace is not loaded yet")
        task = _task_of(list(args))
        loop = asyncio.get_running_loop()
        token = f"werk-agent-{next(_tokens)}"
        window = ls.client_capabilities.window
        progress = window is not None and bool(window.work_done_progress)
        notify = _notifier(ls, loop, token if progress else None)
        job = jobs.start(tasks.TITLES[command], task, ls.st.root, ls.st.config, notify)
        if progress:
            ls.work_done_progress.create(token)
            ls.work_done_progress.begin(
                token,
                types.WorkDoneProgressBegin(title=job.title, cancellable=True, message="starting"),
            )
            progress_of[token] = job
        return {"job": job.job_id}

    return start


def _task_of(args: list[Any]) -> str:
    first = args[0] if args else None
    task = first.get("task") if isinstance(first, dict) else first
    if not isinstance(task, str) or not task.strip():
        raise JsonRpcInvalidParams("the command needs a task: [{'task': '...'}]")
    return task


def _notifier(
    ls: WerkLanguageServer, loop: asyncio.AbstractEventLoop, token: str | None
) -> Callable[[str, dict[str, Any]], None]:
    """Tell the editor what the run does, from the run's thread (via the event loop)."""

    def on_loop(what: str, details: dict[str, Any]) -> None:
        job: AgentJob = details["job"]
        if what == "progress" and token is not None:
            ls.work_done_progress.report(
                token, types.WorkDoneProgressReport(message=str(details["message"]))
            )
        elif what == "proposal":
            _show_proposal(ls, job)
        elif what in ("done", "failed"):
            message = (
                details.get("message") or f"{job.title}: {job.status} ({details.get('report')})"
            )
            if token is not None:
                ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=str(message)))
            kind = types.MessageType.Info if what == "done" else types.MessageType.Error
            ls.window_show_message(types.ShowMessageParams(type=kind, message=f"werk: {message}"))

    def notify(what: str, details: dict[str, Any]) -> None:
        loop.call_soon_threadsafe(on_loop, what, details)

    return notify


def _show_proposal(ls: WerkLanguageServer, job: AgentJob) -> None:
    request = job.proposal or {}
    changed = list(request.get("changed_files", []))
    checks = ", ".join(
        f"{step['name']} {'passed' if step['passed'] else 'FAILED'}"
        for step in request.get("verification", [])
    )
    ls.protocol.notify(
        PROPOSAL,
        {
            "runId": job.run_id,
            "title": job.title,
            "summary": request.get("summary", ""),
            "changedFiles": changed,
            "verification": request.get("verification", []),
            "diff": request.get("diff", ""),
            "apply": {"command": APPLY, "arguments": [job.run_id]},
            "reject": {"command": REJECT, "arguments": [job.run_id]},
        },
    )
    ls.window_show_message(
        types.ShowMessageParams(
            type=types.MessageType.Info,
            message=(
                f"werk: {job.title} proposes a change to {', '.join(changed) or 'no files'} "
                f"({checks or 'not verified'}). Apply: {APPLY} {job.run_id}; "
                f"reject: {REJECT} {job.run_id}"
            ),
        )
    )


# --- applying --------------------------------------------------------------------------------


def _proposal_for(ls: WerkLanguageServer, job: AgentJob) -> Proposal:
    from werk.agent.workspace import Workspace

    assert ls.st is not None and job.run_id is not None and job.proposal is not None
    try:
        workspace = Workspace.open(job.repo, job.run_id)
    except WerkError as exc:
        raise JsonRpcInvalidParams(exc.message) from exc
    st = ls.st

    def current(path: Path) -> str | None:
        if path in st.buffers or path.is_file():
            return (
                st.data(path).decode("utf-8", "replace")
                if path in st.files
                else path.read_text(encoding="utf-8", errors="replace")
            )
        return None

    changed = [str(name) for name in job.proposal.get("changed_files", [])]
    return build_proposal(workspace.repo, workspace.root, workspace.base_commit, changed, current)


def workspace_edit(ls: WerkLanguageServer, proposal: Proposal) -> types.WorkspaceEdit:
    changes: list[
        types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile
    ] = []
    for file in proposal.files:
        uri = ls.uri(file.path)
        if file.created:
            changes.append(types.CreateFile(uri=uri))
        edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
            types.TextEdit(
                range=types.Range(
                    start=types.Position(line=edit.start, character=0),
                    end=types.Position(line=edit.end, character=0),
                ),
                new_text=edit.text,
            )
            for edit in file.edits
        ]
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=edits,
            )
        )
    return types.WorkspaceEdit(document_changes=changes)
