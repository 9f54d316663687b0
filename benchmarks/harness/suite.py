"""A benchmark run: every (model, task, sample) attempt not yet in the results, in parallel.

Attempts run in separate processes, each in its own temporary repository:
on this machine (``executor="local"``, a pool of ``jobs`` processes) or as
Ray tasks on a cluster (``executor="ray"``, see ``ray_executor``). Either
way the parent appends each record as it arrives, so a rerun with the same
output folder resumes where the last one stopped, and an attempt whose
process died is recorded as crashed instead of ending the run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from werk.benchmarks.harness.attempt import AttemptSpec, crashed_record, run_attempt
from werk.benchmarks.harness.records import (
    RESULTS_FILE,
    AttemptRecord,
    append_record,
    read_records,
)
from werk.benchmarks.harness.task import BenchTask
from werk.tools.errors import UsageError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

ChatModelFactory = Callable[[AttemptSpec], "BaseChatModel"]
RecordSink = Callable[[AttemptRecord], None]
EXECUTORS = ("local", "ray")


@dataclass
class BenchOptions:
    models: Sequence[str]
    out: Path
    samples: int = 1
    jobs: int = 1
    timeout_s: float | None = None
    settings: tuple[str, ...] = ()
    chat_models: ChatModelFactory | None = None
    """In-process models per attempt (tests, embedding); forces one process, any executor."""
    executor: str = "local"
    """``local`` (a process pool of ``jobs``) or ``ray`` (one Ray task per attempt)."""
    ray_address: str | None = None
    """With ``ray``: the cluster to join; None reads ``RAY_ADDRESS`` or starts a local one."""

    @property
    def results(self) -> Path:
        return self.out / RESULTS_FILE


def plan_attempts(tasks: Sequence[BenchTask], options: BenchOptions) -> list[AttemptSpec]:
    """The attempts the results file does not hold yet, model by model, task by task."""
    done = {record.key for record in read_records(options.results)}
    return [
        AttemptSpec(task, model, sample, options.settings, options.timeout_s)
        for model in options.models
        for task in tasks
        for sample in range(options.samples)
        if (model, task.id, sample) not in done
    ]


def run_suite(
    tasks: Sequence[BenchTask],
    options: BenchOptions,
    progress: Callable[[AttemptRecord], None] | None = None,
) -> list[AttemptRecord]:
    """Run what is missing and return every record of the results file for these tasks."""
    if options.executor not in EXECUTORS:
        raise UsageError(f"unknown executor {options.executor!r}: use {' or '.join(EXECUTORS)}")
    if options.executor == "ray" and options.chat_models is None:
        from werk.benchmarks.harness.ray_executor import require_ray

        require_ray()  # before any work: a missing extra is a setup error, not N crashes
    pending = plan_attempts(tasks, options)
    options.out.mkdir(parents=True, exist_ok=True)

    def finished(record: AttemptRecord) -> None:
        append_record(options.results, record)
        if progress is not None:
            progress(record)

    if options.chat_models is not None:
        for spec in pending:
            finished(run_attempt(spec, options.chat_models(spec)))
    elif options.executor == "ray":
        if pending:
            from werk.benchmarks.harness.ray_executor import run_on_ray

            run_on_ray(pending, finished, options.jobs, options.ray_address)
    elif options.jobs <= 1 or len(pending) <= 1:
        for spec in pending:
            finished(run_attempt(spec))
    else:
        _run_in_pool(pending, finished, options.jobs)
    ids = {task.id for task in tasks}
    models = set(options.models)
    return [
        record
        for record in read_records(options.results)
        if record.task in ids and record.model in models
    ]


def _run_in_pool(pending: Sequence[AttemptSpec], finished: RecordSink, jobs: int) -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        futures = {pool.submit(run_attempt, spec): spec for spec in pending}
        for future in as_completed(futures):
            try:
                record = future.result()
            except Exception as exc:  # a worker that died is one crashed attempt
                record = crashed_record(futures[future], f"{type(exc).__name__}: {exc}")
            finished(record)
