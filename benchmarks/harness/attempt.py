"""One attempt: a model (or the oracle, or nobody) on one task, scored by its hidden checks.

The agent works in a fresh repository holding only the fixture. When it has
finished, the files of the branch it delivered are exported to a separate
folder and only there do the hidden checks join them: the model can neither
read nor edit them. The oracle commits the reference solution instead of
running a model, the no-op scores the untouched fixture; both go through the
same export and checks, which is what makes them a test of the suite.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werk.benchmarks.harness.check_result import BUDGET, CRASH, CheckResult, failure_category
from werk.benchmarks.harness.checks import run_checks
from werk.benchmarks.harness.defects import judge_defects
from werk.benchmarks.harness.records import AttemptRecord
from werk.benchmarks.harness.repository import (
    BASE_BRANCH,
    commit_files,
    create_repository,
    export_tree,
)
from werk.benchmarks.harness.task import BenchTask
from werk.tools.errors import WerkError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

ORACLE = "oracle"
NOOP = "noop"
ORACLE_BRANCH = "werk/oracle"


@dataclass(frozen=True)
class AttemptSpec:
    task: BenchTask
    model: str
    """A model profile, or ``ORACLE`` / ``NOOP``."""
    sample: int = 0
    settings: tuple[str, ...] = ()
    """``--set`` overrides passed to the agent (e.g. a replay script in tests)."""
    timeout_s: float | None = None
    """Wall-clock budget of the agent; the task's own timeout when None."""


@dataclass
class _AgentOutcome:
    revision: str
    status: str
    usage: dict[str, Any]
    error: str | None = None


def run_attempt(spec: AttemptSpec, chat_model: BaseChatModel | None = None) -> AttemptRecord:
    """Run and score one attempt; never raises for what the model or the task gets wrong."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="werk-bench-") as scratch:
        folder = Path(scratch)
        repo = create_repository(spec.task.repo, folder / "repo")
        outcome = _act(spec, repo, chat_model)
        try:
            scored = export_tree(repo, outcome.revision, folder / "scored")
            checks = judge_defects(run_checks(scored, spec.task.checks), spec.task)
        except WerkError as exc:
            checks = [CheckResult("scoring", "crash", False, exc.message)]
            outcome.error = outcome.error or exc.message
    return _record(spec, outcome, checks, time.monotonic() - started)


def crashed_record(spec: AttemptSpec, error: str) -> AttemptRecord:
    """The record of an attempt whose process died before it could score anything."""
    return AttemptRecord(
        model=spec.model,
        task=spec.task.id,
        sample=spec.sample,
        passed=False,
        category=spec.task.category,
        difficulty=spec.task.difficulty,
        failure=CRASH,
        status="crashed",
        error=error,
    )


def _act(spec: AttemptSpec, repo: Path, chat_model: BaseChatModel | None) -> _AgentOutcome:
    if spec.model == NOOP:
        return _AgentOutcome(BASE_BRANCH, "no_changes", {})
    if spec.model == ORACLE:
        if not spec.task.solution.is_dir():
            return _AgentOutcome(BASE_BRANCH, "crashed", {}, "the task has no solution/ folder")
        commit_files(repo, spec.task.solution, ORACLE_BRANCH)
        return _AgentOutcome(ORACLE_BRANCH, "delivered", {})
    from werk.agent.run.runner import RunHooks, RunRequest, start_run

    request = RunRequest(
        repo=repo,
        task=spec.task.instruction,
        model=spec.model,
        max_wall_s=spec.timeout_s or spec.task.timeout_s,
        settings=spec.settings,
    )
    try:
        result = start_run(request, RunHooks(chat_model=chat_model))
    except WerkError as exc:
        return _AgentOutcome(BASE_BRANCH, "crashed", {}, exc.message)
    except Exception as exc:  # a bug in werk is one crashed attempt, not a crashed benchmark
        return _AgentOutcome(BASE_BRANCH, "crashed", {}, f"{type(exc).__name__}: {exc}")
    report = result.report
    revision = report.get("commit") if report.get("committed") else None
    return _AgentOutcome(
        revision or BASE_BRANCH, result.status, dict(report.get("usage") or {}), report.get("error")
    )


def _record(
    spec: AttemptSpec, outcome: _AgentOutcome, checks: list[CheckResult], elapsed: float
) -> AttemptRecord:
    passed = bool(checks) and all(check.passed or check.defective for check in checks)
    failure = None
    if not passed:
        if outcome.status == "crashed":
            failure = CRASH
        elif outcome.status == "budget_exhausted":
            failure = BUDGET
        else:
            failure = failure_category(checks) or CRASH
    usage = outcome.usage
    return AttemptRecord(
        model=spec.model,
        task=spec.task.id,
        sample=spec.sample,
        passed=passed,
        category=spec.task.category,
        difficulty=spec.task.difficulty,
        checks=[check.to_json() for check in checks],
        failure=failure,
        status=outcome.status,
        steps=int(usage.get("steps") or 0),
        tokens=int(usage.get("tokens") or 0),
        wall_s=round(float(usage.get("wall_s") or elapsed), 3),
        cost=usage.get("cost"),
        defective=sum(1 for check in checks if check.defective),
        error=outcome.error,
    )
