"""Agent runs started from the editor: a background thread each, paused for approval.

The run is ``werk run`` itself (``start_run``) with approval before commit:
when its change is verified, the approval hook shows the proposal and waits
until the user answers with ``werk.applyAgentEdit RUN_ID`` or
``werk.rejectAgentEdit RUN_ID``; without an answer it stays paused and can
be resumed later from the command line. Cancelling the progress stops the
run at its next model call (a LangChain callback raises), and a proposal
that arrives after a cancel is rejected.

Everything the run tells the editor goes through ``notify``, which the
language server makes thread-safe (it hands the call to its event loop).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler

from werk.agent.config import LoadedConfig
from werk.tools.errors import WerkError

log = logging.getLogger(__name__)

APPROVAL_SETTING = 'agent.approval="before-commit"'
WAIT_FOR_ANSWER_S = 3600.0
_ids = itertools.count(1)


class CancelledError(WerkError):
    """The user cancelled the agent's run in the editor."""


class StopWhenCancelled(BaseCallbackHandler):
    """Raises before the next model call once the run is cancelled."""

    raise_error = True

    def __init__(self, cancelled: threading.Event) -> None:
        self.cancelled = cancelled

    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
        if self.cancelled.is_set():
            raise CancelledError("cancelled in the editor")


@dataclass
class AgentJob:
    job_id: str
    title: str
    task: str
    repo: Path
    run_id: str | None = None
    proposal: dict[str, Any] | None = None
    """The approval request of the paused run (branch, changed files, diff)."""
    status: str = "running"
    cancelled: threading.Event = field(default_factory=threading.Event)
    _answered: threading.Event = field(default_factory=threading.Event)
    _answer: bool | None = None

    def cancel(self) -> None:
        """Stop at the next model call; a change waiting for approval is rejected."""
        self.cancelled.set()
        self.answer(False)

    def answer(self, approved: bool) -> None:
        self._answer = approved
        self._answered.set()

    def wait_for_answer(self, timeout: float) -> bool | None:
        if not self._answered.wait(timeout):
            return None
        return self._answer


Notify = Callable[[str, dict[str, Any]], None]
"""(what happened, details): ``progress``, ``proposal``, ``done``, ``failed``."""


class AgentJobs:
    def __init__(self) -> None:
        self._jobs: dict[str, AgentJob] = {}
        self._lock = threading.Lock()
        self.wait_for_answer_s = WAIT_FOR_ANSWER_S

    def find(self, key: str) -> AgentJob | None:
        """By job id or run id."""
        with self._lock:
            for job in self._jobs.values():
                if key in (job.job_id, job.run_id):
                    return job
        return None

    def start(
        self, title: str, task: str, repo: Path, loaded: LoadedConfig, notify: Notify
    ) -> AgentJob:
        job = AgentJob(f"agent-{next(_ids)}", title, task, repo)
        with self._lock:
            self._jobs[job.job_id] = job
        thread = threading.Thread(
            target=self._run, args=(job, loaded, notify), name=job.job_id, daemon=True
        )
        thread.start()
        return job

    def _run(self, job: AgentJob, loaded: LoadedConfig, notify: Notify) -> None:
        from werk.agent.models.factory import build_chat_model
        from werk.agent.run.runner import RunHooks, RunRequest, start_run

        def listen(event: dict[str, Any]) -> None:
            if job.run_id is None and event.get("run_id"):
                job.run_id = str(event["run_id"])
            notify("progress", {"job": job, "message": describe(event)})

        def approve(request: dict[str, Any]) -> bool | None:
            job.proposal = request
            job.run_id = str(request.get("run_id") or job.run_id)
            if job.cancelled.is_set():
                return False
            job.status = "awaiting_approval"
            notify("proposal", {"job": job})
            answer = job.wait_for_answer(self.wait_for_answer_s)
            job.status = "running"
            return answer

        try:
            model = build_chat_model(loaded)
            model.callbacks = [StopWhenCancelled(job.cancelled)]
            result = start_run(
                RunRequest(repo=job.repo, task=job.task, settings=(APPROVAL_SETTING,)),
                RunHooks(listeners=[listen], approve=approve, chat_model=model),
            )
        except WerkError as exc:
            job.status = "failed"
            notify("failed", {"job": job, "message": exc.message})
            return
        except Exception as exc:  # the server must outlive any run
            log.exception("the agent's run failed")
            job.status = "failed"
            notify("failed", {"job": job, "message": f"{type(exc).__name__}: {exc}"})
            return
        job.run_id = result.run_id
        job.status = "cancelled" if job.cancelled.is_set() else result.status
        notify("done", {"job": job, "report": str(result.paths.report_md)})


def describe(event: dict[str, Any]) -> str:
    """One short progress line for a run event."""
    kind = str(event.get("kind", ""))
    detail = next(
        (str(event[key]) for key in ("tool", "name", "phase", "step") if event.get(key)), ""
    )
    return f"{kind} {detail}".strip()
