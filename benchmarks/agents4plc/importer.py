"""Turns the public Agents4PLC benchmark's task files into runnable ``werk bench`` tasks.

Agents4PLC (Liu et al., 2024) publishes its tasks as JSON objects
pretty-printed one after another: ``id``, ``instruction``, ``entry_point``,
``properties_to_be_validated`` and sometimes ``ground_truth`` (reference ST)
and ``test_cases`` (per-cycle input and expected output lists). Each task
becomes a task folder of the same layout as werk's own suite:

- ``repo/``: a README with the instruction; the agent writes the POU;
- ``checks/task.agents4plc.json``: the task itself, whose test cases run
  through ``werk.tools.st.testing`` (``agents4plc_cases``, the code behind
  ``run_agents4plc_task``) and whose properties through
  ``werk.tools.st.prove`` (``properties_from_agents4plc``,
  ``check_properties``); a property the prover calls defective is counted
  apart, not against the model;
- ``solution/``: the ground truth, when the task has one (the oracle).

The suite's files are not shipped with werk: the user points ``--path`` at
a checkout of the benchmark.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from werk.benchmarks.harness.task import BenchTask, load_suite
from werk.tools.errors import UsageError
from werk.tools.st.testing import Agents4PlcTask, TestDefinitionError, read_task_file

CHECK_FILE = "task.agents4plc.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def find_task_files(path: Path) -> list[Path]:
    """``path`` itself, or every ``*.json`` file below it."""
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(path.rglob("*.json"))
        if files:
            return files
        raise UsageError(f"{path}: no .json task files in this folder")
    raise UsageError(f"{path}: no such file or folder", hint="--path names the Agents4PLC files")


def import_suite(path: Path, target: Path) -> list[BenchTask]:
    """Every task of the files at ``path`` written as a task folder under ``target``, loaded."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    seen: set[str] = set()
    for file in find_task_files(path):
        try:
            tasks = read_task_file(file)
        except TestDefinitionError as exc:
            raise UsageError(f"not an Agents4PLC task file: {exc}") from None
        for task in tasks:
            task_id = _unique(f"a4p-{_UNSAFE.sub('-', task.id).strip('-')}", seen)
            write_task(task, task_id, _difficulty(file), target / task_id)
    return load_suite(target)


def write_task(task: Agents4PlcTask, task_id: str, difficulty: str, folder: Path) -> None:
    entry = task.entry_point
    where = f"plc/{entry}.st" if entry else "a .st file under plc/"
    instruction = (
        f"{task.instruction.strip()}\n\n"
        f"Write the POU {entry or 'the task asks for'} in IEC 61131-3 Structured Text, "
        f"in {where}."
    )
    (folder / "repo").mkdir(parents=True)
    (folder / "checks").mkdir()
    (folder / "repo" / "README.md").write_text(
        f"# {task.id}\n\nAn Agents4PLC benchmark task; the PLC code goes under `plc/`.\n",
        encoding="utf-8",
    )
    (folder / "checks" / CHECK_FILE).write_text(
        json.dumps(_checked_fields(task.raw), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    if task.ground_truth:
        (folder / "solution" / "plc").mkdir(parents=True)
        (folder / "solution" / "plc" / f"{entry or 'solution'}.st").write_text(
            task.ground_truth, encoding="utf-8"
        )
    spec = {
        "id": task_id,
        "instruction": instruction,
        "category": "implement",
        "difficulty": difficulty,
        "languages": ["st"],
        "source": "agents4plc",
        "original_id": task.id,
    }
    (folder / "task.yaml").write_text(
        yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def _checked_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The task without its ground truth: the checks need no answer key."""
    return {key: value for key, value in raw.items() if key != "ground_truth"}


def _difficulty(file: Path) -> str:
    name = file.stem.lower()
    for level in ("easy", "medium", "hard"):
        if level in name:
            return level
    return "medium"


def _unique(name: str, seen: set[str]) -> str:
    candidate, number = name, 2
    while candidate in seen:
        candidate, number = f"{name}-{number}", number + 1
    seen.add(candidate)
    return candidate
