"""Runs the agent on a repository: the Python API behind ``werk run``.

``start_run`` turns a task into a run: it loads the repository's
configuration, saves the run's manifest, creates the worktree on a new
branch, builds the tools, the model and the graph with its SQLite
checkpointer, and invokes it. ``resume_run`` continues a run that crashed,
was interrupted or waits for approval, from its last checkpoint, with the
same task, model and budgets. Both end by writing ``report.json`` and
``report.md`` whatever happened, and return the exit code:

- 0: delivered (verified and committed);
- 1: finished but not verified or not delivered (nothing committed unless
  ``--commit-unverified``), a budget used up, or waiting for approval;
- 2: usage or setup error (raised as ``WerkError`` before the run starts);
- 3: werk itself failed during the run; the report says so and the run is
  resumable.

The user's checkout is never touched: everything happens in the worktree
``<repo>/.werk/worktrees/<run_id>`` and under ``<repo>/.werk/``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langgraph.errors import GraphRecursionError
from langgraph.types import Command

from werk.agent.config import LoadedConfig, load_config
from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.gathering.gather import gather_context
from werk.agent.graph.graph import build_graph, run_config
from werk.agent.graph.journal import ToolJournal
from werk.agent.graph.settings import AgentSettings
from werk.agent.graph.state import WorkspaceInfo, initial_state
from werk.agent.models.replay import ReplayChatModel
from werk.agent.models.sovereign import SovereignChatModel
from werk.agent.run.events import EventBus, JsonlWriter, Listener
from werk.agent.run.ids import checked_run_id, new_run_id
from werk.agent.run.manifest import RunManifest
from werk.agent.run.paths import RunPaths
from werk.agent.run.report import RunFacts, build_report, exit_code_of, write_report
from werk.agent.run.report_md import write_markdown
from werk.tools.errors import UsageError, WerkError

if TYPE_CHECKING:
    from werk.agent.workspace import Workspace

log = logging.getLogger(__name__)

Approver = Callable[[dict[str, Any]], bool | None]
"""Asked when a verified change waits for approval: True, False, or None to leave it paused."""
UNFINISHED = frozenset({"running", "crashed", "interrupted", "awaiting_approval"})


@dataclass
class RunRequest:
    repo: Path
    task: str
    model: str | None = None
    max_steps: int | None = None
    budget_tokens: int | None = None
    max_wall_s: float | None = None
    commit_unverified: bool | None = None
    settings: Sequence[str] = ()
    """``--set KEY=VALUE`` overrides, kept in the manifest for a resume."""
    events_copy: Path | None = None


@dataclass
class RunHooks:
    """What an embedding program (the CLI, the language server, a test) adds to a run."""

    listeners: list[Listener] = field(default_factory=list)
    approve: Approver | None = None
    chat_model: BaseChatModel | None = None
    """A model to use instead of the profile's (in-process embedding)."""


@dataclass
class RunResult:
    run_id: str
    status: str
    exit_code: int
    report: dict[str, Any]
    paths: RunPaths


def start_run(request: RunRequest, hooks: RunHooks | None = None) -> RunResult:
    task = request.task.strip()
    if not task:
        raise UsageError("the task is empty", hint="werk run --repo PATH --task 'what to do'")
    top = repository_top(request.repo)
    loaded = load_config(top, cli_model=request.model, cli_set=tuple(request.settings))
    from werk.agent.models.factory import build_chat_model
    from werk.agent.workspace import Workspace

    hooks = hooks or RunHooks()
    if hooks.chat_model is None:  # a model that cannot be built stops the run before it starts
        hooks = replace(hooks, chat_model=build_chat_model(loaded, request.model))
    run_id = new_run_id()
    user_changes = count_user_changes(top)
    workspace = Workspace.create(top, run_id, task.splitlines()[0])
    paths = RunPaths(top, run_id).ensure()
    manifest = RunManifest(
        run_id=run_id,
        repo=str(top),
        task=task,
        model=request.model,
        max_steps=request.max_steps,
        budget_tokens=request.budget_tokens,
        max_wall_s=request.max_wall_s,
        commit_unverified=request.commit_unverified,
        settings=list(request.settings),
        events_copy=str(request.events_copy.resolve()) if request.events_copy else None,
        created=_now(),
        pid=os.getpid(),
        user_changes=user_changes,
    )
    manifest.save(paths.manifest)
    return _execute(manifest, loaded, workspace, paths, hooks, resume=False)


def resume_run(
    repo: Path,
    run_id: str,
    hooks: RunHooks | None = None,
    *,
    approval: bool | None = None,
) -> RunResult:
    top = repository_top(repo)
    paths = RunPaths(top, checked_run_id(run_id))
    manifest = RunManifest.load(paths.manifest)
    if manifest.status not in UNFINISHED:
        raise UsageError(
            f"run {run_id} already finished ({manifest.status})",
            hint=f"its report is {paths.report_md}",
        )
    if manifest.status == "running" and manifest.pid != os.getpid() and _alive(manifest.pid):
        raise UsageError(
            f"run {run_id} is still running (process {manifest.pid})",
            hint="wait for it to end, or stop that process first",
        )
    loaded = load_config(top, cli_model=manifest.model, cli_set=tuple(manifest.settings))
    from werk.agent.workspace import Workspace

    workspace = Workspace.open(top, manifest.run_id)
    manifest.pid = os.getpid()
    return _execute(
        manifest, loaded, workspace, paths, hooks or RunHooks(), resume=True, approval=approval
    )


def repository_top(path: Path) -> Path:
    """The top folder of the git repository ``path`` is in."""
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise UsageError(f"{path}: no such folder", hint="--repo must name a git repository")
    import git

    try:
        return Path(
            str(git.Repo(folder, search_parent_directories=True).working_tree_dir)
        ).resolve()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(
            f"{path} is not in a git repository",
            hint="werk works on a git repository: git init && git add -A && git commit",
        ) from None


def count_user_changes(top: Path) -> int:
    """Uncommitted changes in the user's checkout, read without writing git's index."""
    try:
        output = subprocess.run(
            ["git", "-c", "core.hooksPath=/dev/null", "status", "--porcelain"],
            cwd=top,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    return sum(
        1 for line in output.splitlines() if line.strip() and not line[3:].startswith(".werk/")
    )


def _execute(
    manifest: RunManifest,
    loaded: LoadedConfig,
    workspace: Workspace,
    paths: RunPaths,
    hooks: RunHooks,
    *,
    resume: bool,
    approval: bool | None = None,
) -> RunResult:
    from werk.agent.graph.checkpointer import open_checkpointer
    from werk.agent.models.factory import build_chat_model, resolve_profile
    from werk.agent.run.baseline import baseline_codec
    from werk.agent.tools import ToolContext, build_tools
    from werk.agent.verification.gate import capture_baseline, run_gate

    started = time.monotonic()
    bus = EventBus(manifest.run_id)
    writers = [JsonlWriter(paths.events)]
    if manifest.events_copy:
        writers.append(JsonlWriter(Path(manifest.events_copy)))
    for listener in [*writers, *hooks.listeners]:
        bus.subscribe(listener)
    profile = resolve_profile(loaded, manifest.model)
    model = hooks.chat_model or build_chat_model(loaded, manifest.model)
    settings = AgentSettings.from_config(
        loaded.config.agent,
        profile.settings,
        max_steps=manifest.max_steps,
        max_tokens=manifest.budget_tokens,
        max_wall_s=manifest.max_wall_s,
        commit_unverified=manifest.commit_unverified,
    )
    model_facts = {
        "profile": profile.name,
        "provider": profile.provider.name,
        "model": profile.model,
    }
    context = ToolContext(workspace=workspace, config=loaded, events=bus)
    deps = AgentDeps(
        settings=settings,
        model=model,
        tools=build_tools(context),
        workspace=workspace,
        verify=lambda baseline: run_gate(context, baseline=baseline),
        take_baseline=lambda: capture_baseline(context),
        gather=lambda root, task, budget: gather_context(root, task, budget, context),
        events=bus,
        journal=ToolJournal(paths.tool_journal),
        patch_path=paths.patch,
        baseline_codec=baseline_codec(),
        model_label=profile.model,
    )
    info: WorkspaceInfo = {
        "repo": str(workspace.repo),
        "root": str(workspace.root),
        "branch": workspace.branch,
        "run_id": manifest.run_id,
        "base_commit": workspace.base_commit,
    }
    status = "running"
    error: str | None = None
    try:
        with open_checkpointer(paths.checkpoints) as saver:
            graph = build_graph(deps, saver)
            config = run_config(deps, manifest.run_id)
            graph_input: Any
            if resume:
                snapshot = graph.get_state(config)
                deps.model = resumed_script(model, int(snapshot.values.get("steps", 0)))
                bus("run", {"phase": "resume", "branch": workspace.branch, "model": profile.model})
                graph_input = None
                if snapshot.interrupts:
                    answer = approval if approval is not None else _ask(hooks, snapshot.interrupts)
                    graph_input = None if answer is None else Command(resume=answer)
            else:
                bus("run", {"phase": "start", "branch": workspace.branch, "model": profile.model})
                graph_input = initial_state(manifest.task, info)
            state, status = _drive(graph, config, graph_input, hooks, resume_paused=resume)
    except KeyboardInterrupt:
        status, error = "interrupted", "interrupted by the user"
        state = _last_state(deps, paths, manifest.run_id)
        _finish(manifest, paths, state, settings, model_facts, status, error, started, bus)
        raise
    except GraphRecursionError as exc:
        status, error = "crashed", f"the graph exceeded its step limit: {exc}"
        state = _last_state(deps, paths, manifest.run_id)
    except WerkError as exc:
        status, error = "crashed", exc.message
        state = _last_state(deps, paths, manifest.run_id)
    except Exception as exc:  # a bug in werk: report it, keep the run resumable
        log.exception("the run failed")
        status, error = "crashed", f"{type(exc).__name__}: {exc}"
        state = _last_state(deps, paths, manifest.run_id)
    report = _finish(manifest, paths, state, settings, model_facts, status, error, started, bus)
    for writer in writers:
        writer.close()
    return RunResult(manifest.run_id, status, report["exit_code"], report, paths)


def _drive(
    graph: Any, config: Any, graph_input: Any, hooks: RunHooks, *, resume_paused: bool
) -> tuple[dict[str, Any], str]:
    """Invoke the graph until it ends or pauses with nobody to answer; the state and status."""
    snapshot = graph.get_state(config)
    if resume_paused and snapshot.interrupts and graph_input is None:
        return dict(snapshot.values), "awaiting_approval"
    graph.invoke(graph_input, config)
    while True:
        snapshot = graph.get_state(config)
        if not snapshot.interrupts:
            values = dict(snapshot.values)
            return values, str(values.get("outcome") or "crashed")
        answer = _ask(hooks, snapshot.interrupts)
        if answer is None:
            return dict(snapshot.values), "awaiting_approval"
        graph.invoke(Command(resume=answer), config)


def _ask(hooks: RunHooks, interrupts: Sequence[Any]) -> bool | None:
    if hooks.approve is None:
        return None
    return hooks.approve(dict(interrupts[0].value))


def _last_state(deps: AgentDeps, paths: RunPaths, run_id: str) -> dict[str, Any]:
    """The last checkpointed state (a fresh connection: the failed one may be unusable)."""
    from werk.agent.graph.checkpointer import open_checkpointer

    try:
        with open_checkpointer(paths.checkpoints) as saver:
            graph = build_graph(deps, saver)
            return dict(graph.get_state(run_config(deps, run_id)).values)
    except Exception:
        log.warning("cannot read the run's last checkpoint", exc_info=True)
        return {}


def _finish(
    manifest: RunManifest,
    paths: RunPaths,
    state: dict[str, Any],
    settings: AgentSettings,
    model_facts: dict[str, str],
    status: str,
    error: str | None,
    started: float,
    bus: EventBus,
) -> dict[str, Any]:
    facts = RunFacts(
        run_id=manifest.run_id,
        repo=Path(manifest.repo),
        task=manifest.task,
        model=model_facts,
        started=manifest.created,
        finished=_now(),
        status=status,
        error=error,
        user_changes=manifest.user_changes,
        elapsed_s=time.monotonic() - started,
    )
    report = build_report(state, facts, settings)
    write_report(report, paths.report_json)
    write_markdown(report, paths.report_md)
    manifest.status = status
    manifest.save(paths.manifest)
    bus(
        "run",
        {
            "phase": "end",
            "status": status,
            "exit_code": exit_code_of(status),
            "report": str(paths.report_json),
        },
    )
    return report


def resumed_script(model: BaseChatModel, answered: int) -> BaseChatModel:
    """A scripted (replay) model continues after the answers the checkpoint already holds.

    Other models are unchanged: they answer the resumed conversation afresh.
    """
    if answered <= 0:
        return model
    if isinstance(model, SovereignChatModel) and isinstance(model.inner, ReplayChatModel):
        return model.model_copy(update={"inner": _rest_of(model.inner, answered)})
    if isinstance(model, ReplayChatModel):
        return _rest_of(model, answered)
    return model


def _rest_of(model: ReplayChatModel, answered: int) -> ReplayChatModel:
    return ReplayChatModel(answers=model.answers[answered:], when_exhausted=model.when_exhausted)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
