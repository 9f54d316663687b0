"""``werk run --batch FILE``: many runs, each in its own process, a few at a time.

The file is a YAML or JSON list of ``{repo, task | task_file, model?}``;
relative paths are read from the file's folder. Each entry runs as
``werk run ... --json`` in a child process (models and the ST front end
hold global state; processes keep runs apart and use both cores), at most
``jobs`` at once. The summary is one table; the exit code is the worst of
the runs' (0 < 1 < 2 < 3).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from werk.tools.errors import UsageError

ENTRY_KEYS = frozenset({"repo", "task", "task_file", "model"})


@dataclass(frozen=True)
class BatchEntry:
    number: int
    repo: Path
    task: str | None
    task_file: Path | None
    model: str | None


@dataclass(frozen=True)
class BatchResult:
    entry: BatchEntry
    exit_code: int
    report: dict[str, Any] | None
    error: str = ""


def load_batch(path: Path) -> list[BatchEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the batch file: {exc.strerror or exc}") from None
    data = _parse(path, text)
    if not isinstance(data, list) or not data:
        raise UsageError(f"{path}: a batch file is a non-empty list of runs")
    base = path.resolve().parent
    entries = []
    for number, item in enumerate(data, 1):
        where = f"{path}: entry {number}"
        if not isinstance(item, dict):
            raise UsageError(f"{where}: expected a mapping with repo and task or task_file")
        unknown = set(item) - ENTRY_KEYS
        if unknown:
            raise UsageError(
                f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                f"allowed: {', '.join(sorted(ENTRY_KEYS))}"
            )
        if not item.get("repo"):
            raise UsageError(f"{where}: 'repo' is missing")
        if bool(item.get("task")) == bool(item.get("task_file")):
            raise UsageError(f"{where}: give exactly one of 'task' and 'task_file'")
        entries.append(
            BatchEntry(
                number=number,
                repo=base / str(item["repo"]),
                task=str(item["task"]) if item.get("task") else None,
                task_file=base / str(item["task_file"]) if item.get("task_file") else None,
                model=str(item["model"]) if item.get("model") else None,
            )
        )
    return entries


def run_batch(
    entries: Sequence[BatchEntry],
    *,
    jobs: int,
    settings: Sequence[str] = (),
    model: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[BatchResult]:
    def one(entry: BatchEntry) -> BatchResult:
        if progress:
            progress(f"[{entry.number}] started: {escape(str(entry.repo))}")
        result = _run_one(entry, settings, model)
        if progress:
            status = (result.report or {}).get("status", result.error or "failed")
            progress(f"[{entry.number}] {escape(str(status))} (exit {result.exit_code})")
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, entries))


def command_for(entry: BatchEntry, settings: Sequence[str], model: str | None) -> list[str]:
    command = [sys.executable, "-m", "werk.agent.cli.main", "-q"]
    for assignment in settings:
        command += ["--set", assignment]
    command += ["run", "--repo", str(entry.repo), "--json"]
    chosen = entry.model or model
    if chosen:
        command += ["--model", chosen]
    if entry.task_file is not None:
        command += ["--task-file", str(entry.task_file)]
    else:
        command += ["--task", str(entry.task)]
    return command


def print_summary(results: Sequence[BatchResult], console: Console) -> None:
    table = Table(title="werk run --batch")
    for column in ("#", "repository", "status", "exit", "branch", "commit", "steps", "tokens"):
        table.add_column(column)
    for result in results:
        report = result.report or {}
        usage = report.get("usage") or {}
        table.add_row(
            str(result.entry.number),
            escape(str(result.entry.repo)),
            escape(str(report.get("status") or result.error or "failed")),
            str(result.exit_code),
            escape(str(report.get("branch") or "")),
            str(report.get("commit") or "")[:12],
            str(usage.get("steps", "")),
            str(usage.get("tokens", "")),
        )
    console.print(table)


def _run_one(entry: BatchEntry, settings: Sequence[str], model: str | None) -> BatchResult:
    completed = subprocess.run(
        command_for(entry, settings, model),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    try:
        report = json.loads(completed.stdout) if completed.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    error = ""
    if report is None:
        lines = [line for line in completed.stderr.splitlines() if line.strip()]
        error = lines[-1] if lines else f"exit {completed.returncode}"
    return BatchResult(entry, completed.returncode, report, error)


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}: not valid JSON: {exc}") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: not valid YAML: {exc}") from None
