"""A benchmark run: every (model, task, sample) attempt not yet in the results, in parallel.

Attempts run in separate processes (``jobs``), each in its own temporary
repository, and the parent appends each record as it arrives; a rerun with
the same output folder resumes where the last one stopped.
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

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

ChatModelFactory = Callable[[AttemptSpec], "BaseChatModel"]


@dataclass
class BenchOptions:
    models: Sequence[str]
    out: Path
    samples: int = 1
    jobs: int = 1
    timeout_s: float | None = None
    settings: tuple[str, ...] = ()
    chat_models: ChatModelFactory | None = None
    """In-process models per attempt (tests, embedding); forces one process."""

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
    pending = plan_attempts(tasks, options)
    options.out.mkdir(parents=True, exist_ok=True)

    def finished(record: AttemptRecord) -> None:
        append_record(options.results, record)
        if progress is not None:
            progress(record)

    if options.jobs <= 1 or options.chat_models is not None or len(pending) <= 1:
        for spec in pending:
            model = options.chat_models(spec) if options.chat_models else None
            finished(run_attempt(spec, model))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(options.jobs, mp_context=context) as pool:
            futures = {pool.submit(run_attempt, spec): spec for spec in pending}
            for future in as_completed(futures):
                try:
                    record = future.result()
                except Exception as exc:  # a worker that died is one crashed attempt
                    record = crashed_record(futures[future], f"{type(exc).__name__}: {exc}")
                finished(record)
    ids = {task.id for task in tasks}
    models = set(options.models)
    return [
        record
        for record in read_records(options.results)
        if record.task in ids and record.model in models
    ]
