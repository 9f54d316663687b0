"""``werk run``: a task in, a verified commit on a new branch out, with a report.

::

    werk run --repo PATH (--task TEXT | --task-file F | TEXT...) [--model NAME]
             [--max-steps N] [--budget-tokens N] [--max-wall S] [--commit-unverified]
             [--json] [--events FILE]
    werk run --repo PATH --resume RUN_ID [--approve | --reject]
    werk run --batch FILE [-j N]

Progress goes to stderr as it happens; at the end the Markdown summary (or,
with ``--json``, the report) goes to stdout, and ``report.json``,
``report.md``, ``events.jsonl`` and ``changes.patch`` stay under
``<repo>/.werk/runs/<run_id>/``.

Exit codes: 0 delivered and verified; 1 finished but not verified (nothing
committed unless ``--commit-unverified``), a budget used up, or waiting for
approval; 2 usage or setup error; 3 werk failed during the run (resumable).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from werk.agent.cli.context import CliContext, pass_context
from werk.tools.errors import UsageError

MAX_TASK_FILE_BYTES = 1_000_000


@click.command("run")
@click.argument("words", nargs=-1, metavar="[TASK]...")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    help="The git repository to work on (default: -C, else the current folder).",
)
@click.option("--task", "task_text", metavar="TEXT", help="What to do.")
@click.option(
    "--task-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the task from this file.",
)
@click.option("--model", "model_name", metavar="PROFILE", help="Model profile (a key of [models]).")
@click.option("--max-steps", type=click.IntRange(min=1), help="Model calls at most.")
@click.option("--budget-tokens", type=click.IntRange(min=1), help="Input+output tokens at most.")
@click.option("--max-wall", type=click.FloatRange(min=1), help="Wall-clock seconds at most.")
@click.option(
    "--commit-unverified", is_flag=True, default=None, help="Commit even if verification fails."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option(
    "--events",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the event stream (JSON Lines) to this file.",
)
@click.option("--resume", "resume_id", metavar="RUN_ID", help="Continue this run.")
@click.option(
    "--approve/--reject",
    "approval",
    default=None,
    help="With --resume: answer a run that waits for approval.",
)
@click.option(
    "--batch",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Run every entry of this YAML/JSON list of {repo, task | task_file, model}.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True,
    help="With --batch: runs in parallel.",
)  # fmt: skip
@pass_context
def run_command(
    cli: CliContext,
    words: tuple[str, ...],
    repo: Path | None,
    task_text: str | None,
    task_file: Path | None,
    model_name: str | None,
    max_steps: int | None,
    budget_tokens: int | None,
    max_wall: float | None,
    commit_unverified: bool | None,
    as_json: bool,
    events: Path | None,
    resume_id: str | None,
    approval: bool | None,
    batch: Path | None,
    jobs: int,
) -> int:
    """Do TASK on a repository: plan, edit, verify, and commit to a new branch.

    The work happens in a git worktree under .werk/worktrees/, on a branch
    werk/<task>; your checkout and its uncommitted changes are not touched.
    A change is committed only when it passes verification (parse, rules,
    ST tests and properties, the repository's tests).
    """
    if batch is not None:
        if words or task_text or task_file or resume_id:
            raise UsageError("--batch takes its tasks from the file; give no task or --resume")
        from werk.agent.run.batch import load_batch, print_summary, run_batch

        entries = load_batch(batch)
        results = run_batch(
            entries,
            jobs=jobs,
            settings=cli.assignments,
            model=model_name or cli.model,
            progress=cli.info,
        )
        print_summary(results, cli.out)
        return max((result.exit_code for result in results), default=0)
    from werk.agent.run.progress import ProgressDisplay
    from werk.agent.run.runner import RunHooks, RunRequest, resume_run, start_run

    hooks = RunHooks()
    if cli.verbosity >= 0:
        hooks.listeners.append(ProgressDisplay(cli.err, verbose=cli.verbosity > 0))
    if not as_json and sys.stdin.isatty() and cli.err.is_terminal:
        hooks.approve = _ask_in_terminal
    target = repo or cli.project or Path.cwd()
    if resume_id is not None:
        if words or task_text or task_file:
            raise UsageError("--resume continues a run with its own task; give no task")
        result = resume_run(target, resume_id, hooks, approval=approval)
    else:
        if approval is not None:
            raise UsageError("--approve and --reject answer a paused run: use them with --resume")
        request = RunRequest(
            repo=target,
            task=_task(words, task_text, task_file),
            model=model_name or cli.model,
            max_steps=max_steps,
            budget_tokens=budget_tokens,
            max_wall_s=max_wall,
            commit_unverified=commit_unverified,
            settings=cli.assignments,
            events_copy=events,
        )
        result = start_run(request, hooks)
    _show(cli, result.report, result.paths.report_md, as_json)
    return result.exit_code


def _task(words: tuple[str, ...], text: str | None, file: Path | None) -> str:
    given = sum(1 for item in (words, text, file) if item)
    if given != 1:
        raise UsageError(
            "give the task once: as words, with --task TEXT or with --task-file FILE",
            hint='werk run --repo . --task "Add a timeout alarm to FB_Valve"',
        )
    if file is not None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise UsageError(f"{file}: cannot read the task file: {exc.strerror or exc}") from None
        if len(data) > MAX_TASK_FILE_BYTES:
            raise UsageError(f"{file}: a task file of {len(data)} bytes is too large")
        return data.decode("utf-8", "replace")
    return text if text else " ".join(words)


def _show(cli: CliContext, report: dict[str, Any], report_md: Path, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    text = report_md.read_text(encoding="utf-8") if report_md.is_file() else ""
    if cli.out.is_terminal:
        from rich.markdown import Markdown

        cli.out.print(Markdown(text))
    else:
        click.echo(text, nl=False)
    cli.info(f"[dim]report: {report_md.parent}/report.json[/]")


def _ask_in_terminal(request: dict[str, Any]) -> bool | None:
    files = ", ".join(request.get("changed_files", [])) or "no files"
    click.echo(
        f"\nThe change passed verification. Branch {request.get('branch')}: {files}", err=True
    )
    if request.get("summary"):
        click.echo(f"Summary: {request['summary']}", err=True)
    if click.confirm("Show the diff?", default=False, err=True):
        click.echo(request.get("diff", ""), err=True)
    return click.confirm("Commit it?", default=True, err=True)
