"""``werk bench``: which model solves which industrial code tasks, measured by hidden checks.

::

    werk bench [--suite industrial|agents4plc|PATH] [--path DIR] [--model NAME ...]
               [--tasks GLOB] [--samples K] [-j N] [--timeout S] [--oracle] [--noop]
               [--executor local|ray] [--ray-address ADDR] [--out DIR]
    werk bench --report [--model NAME ...] [--tasks GLOB] [--oracle] [--noop] [--out DIR]

Each attempt runs the agent on a fresh copy of a task's fixture repository;
the task's hidden checks run afterwards on the delivered branch. Results go
to ``OUT/results.jsonl`` (one line per attempt; a rerun skips attempts
already there), ``OUT/summary.md``, which is also printed, and
``OUT/report.html`` (self-contained, with charts). ``--report`` rewrites
the two reports from an existing results file without running anything.

``--oracle`` scores every task's reference solution and ``--noop`` its
untouched fixture through the same pipeline: the suite is valid when the
oracle passes everything and the no-op nothing.

Exit codes: 0 the benchmark ran (and with --oracle/--noop the suite is
valid); 1 the oracle or no-op found the suite invalid; 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from werk.agent.cli.context import CliContext, pass_context
from werk.benchmarks.harness.task import selected
from werk.tools.errors import UsageError

if TYPE_CHECKING:
    from werk.benchmarks.harness import AttemptRecord, BenchTask

SUITES = ("industrial", "agents4plc")
RUN_ONLY_OPTIONS = ("suite", "suite_path", "samples", "jobs", "timeout", "executor", "ray_address")
"""Options that only shape a run; --report runs nothing, so giving one there is a mistake."""


@click.command("bench")
@click.option(
    "--suite",
    default="industrial",
    show_default=True,
    metavar="NAME|PATH",
    help="industrial (werk's own tasks), agents4plc (with --path), or a folder of tasks.",
)
@click.option(
    "--path",
    "suite_path",
    type=click.Path(path_type=Path),
    help="With --suite agents4plc: the benchmark's JSON file or folder.",
)
@click.option(
    "--model", "models", multiple=True, metavar="PROFILE", help="Model profile (repeatable)."
)
@click.option(
    "--tasks",
    "patterns",
    metavar="GLOB",
    multiple=True,
    help="Only the tasks whose id matches (repeatable: any of them).",
)
@click.option(
    "--samples", type=click.IntRange(min=1), default=1, show_default=True,
    help="Attempts per task and model (for pass@k).",
)  # fmt: skip
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
    help="Attempts in parallel (processes; with --executor ray: the local Ray instance's CPUs).",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(min=1), help="Wall-clock seconds per attempt (agent)."
)
@click.option("--oracle", is_flag=True, help="Score the reference solutions (suite check).")
@click.option("--noop", is_flag=True, help="Score the untouched fixtures (suite check).")
@click.option(
    "--executor",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where attempts run: a local process pool, or Ray tasks (pip install 'werk[ray]').",
)
@click.option(
    "--ray-address",
    metavar="ADDR",
    help="With --executor ray: the cluster to join (default $RAY_ADDRESS, else a local instance).",
)
@click.option(
    "--report",
    "report_only",
    is_flag=True,
    help="Only rewrite summary.md and report.html from OUT/results.jsonl; run nothing.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".werk/bench"),
    show_default=True,
    help="Results folder; an existing results.jsonl is resumed.",
)
@pass_context
def bench_command(
    cli: CliContext,
    suite: str,
    suite_path: Path | None,
    models: tuple[str, ...],
    patterns: tuple[str, ...],
    samples: int,
    jobs: int,
    timeout: float | None,
    oracle: bool,
    noop: bool,
    executor: str,
    ray_address: str | None,
    report_only: bool,
    out: Path,
) -> int:
    """Benchmark models on industrial code tasks with hidden, executed checks."""
    from werk.benchmarks.harness import NOOP, ORACLE, BenchOptions, run_suite
    from werk.benchmarks.harness.reports import write_reports

    if report_only:
        return _report(out, [ORACLE] * oracle + [NOOP] * noop + list(models), patterns)
    if (oracle or noop) and models:
        raise UsageError("--oracle and --noop run no model: give no --model with them")
    if ray_address and executor != "ray":
        raise UsageError("--ray-address is for --executor ray")
    names = [ORACLE] * oracle + [NOOP] * noop or list(models) or [cli.model or ""]
    if names == [""]:
        raise UsageError(
            "which model? give --model PROFILE (repeatable), or --oracle / --noop",
            hint="werk models list",
        )
    tasks = _tasks(suite, suite_path, patterns, out)
    if not tasks:
        raise UsageError(
            f"no task matches {' or '.join(patterns)}" if patterns else "the suite has no tasks"
        )
    options = BenchOptions(
        models=names,
        out=out,
        samples=samples,
        jobs=jobs,
        timeout_s=timeout,
        settings=cli.assignments,
        executor=executor,
        ray_address=ray_address,
    )

    def progress(record: AttemptRecord) -> None:
        cli.info(f"[dim]{_line(record)}[/]")

    records = run_suite(tasks, options, progress)
    summary = write_reports(records, samples, out)
    click.echo(summary, nl=False)
    return _validity_exit_code(records) if oracle or noop else 0


def _report(out: Path, models: list[str], patterns: tuple[str, ...]) -> int:
    """``--report``: the reports of what ``OUT/results.jsonl`` holds, optionally filtered.

    Exits 1, like a run, when the reported oracle or no-op records show an invalid suite.
    """
    from werk.benchmarks.harness import read_records
    from werk.benchmarks.harness.records import RESULTS_FILE
    from werk.benchmarks.harness.reports import write_reports
    from werk.benchmarks.harness.tables import samples_recorded

    context = click.get_current_context()
    given = [
        max(param.opts, key=len)
        for param in context.command.params
        if param.name in RUN_ONLY_OPTIONS
        and context.get_parameter_source(param.name) not in (ParameterSource.DEFAULT, None)
    ]
    if given:
        raise UsageError(f"--report runs nothing, so {', '.join(given)} cannot apply")
    records = [
        record
        for record in read_records(out / RESULTS_FILE)
        if (not models or record.model in models) and selected(record.task, patterns)
    ]
    if not records:
        raise UsageError(
            f"no results to report in {out / RESULTS_FILE}"
            + (" for that --model/--tasks selection" if models or patterns else ""),
            hint="run werk bench first, or point --out at its results folder",
        )
    summary = write_reports(records, samples_recorded(records), out)
    click.echo(summary, nl=False)
    return _validity_exit_code(records)


def _validity_exit_code(records: list[AttemptRecord]) -> int:
    """1 when the oracle or the no-op among ``records`` found the suite invalid."""
    from werk.benchmarks.harness.tables import suite_validity

    return 1 if "INVALID" in (suite_validity(records) or "") else 0


def _tasks(
    suite: str, suite_path: Path | None, patterns: tuple[str, ...], out: Path
) -> list[BenchTask]:
    from werk.benchmarks.harness import TASKS_ROOT, load_suite

    if suite == "agents4plc":
        if suite_path is None:
            raise UsageError(
                "--suite agents4plc needs --path: the benchmark's JSON file or folder",
                hint="werk bench --suite agents4plc --path Agents4PLC_release/benchmark",
            )
        from werk.benchmarks.agents4plc import import_suite

        tasks = import_suite(suite_path, out / "agents4plc-tasks")
        return [task for task in tasks if selected(task.id, patterns)]
    if suite_path is not None:
        raise UsageError("--path is for --suite agents4plc; give a task folder as --suite PATH")
    root = TASKS_ROOT if suite == "industrial" else Path(suite)
    if suite not in SUITES and not root.is_dir():
        raise UsageError(
            f"unknown suite {suite!r}: neither {' nor '.join(SUITES)} nor a folder of tasks"
        )
    return load_suite(root, patterns)


def _line(record: AttemptRecord) -> str:
    verdict = "PASS" if record.passed else f"FAIL ({record.failure})"
    return f"{record.model} {record.task} #{record.sample}: {verdict}"
