"""A benchmark task on disk, and the suite loader.

A task is a folder: ``task.yaml`` (what the agent is told and how the task
is classified), ``repo/`` (the fixture repository the agent works on),
``checks/`` (hidden checks, copied in only after the agent finished) and
``solution/`` (the reference solution: files that overwrite or add to
``repo/``). Keeping the parts as plain files lets a reviewer read a task
without running anything, and lets the oracle run the solution through the
very pipeline a model goes through.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from werk.tools.errors import UsageError

TASKS_ROOT = Path(__file__).parents[1] / "tasks"
"""The suite that ships with werk (``werk bench --suite industrial``)."""
CATEGORIES = ("implement", "fix", "feature", "refactor", "python")
DIFFICULTIES = ("easy", "medium", "hard")
DEFAULT_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class BenchTask:
    id: str
    instruction: str
    category: str
    difficulty: str
    folder: Path
    languages: tuple[str, ...] = ("st",)
    dialect: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def repo(self) -> Path:
        return self.folder / "repo"

    @property
    def checks(self) -> Path:
        return self.folder / "checks"

    @property
    def solution(self) -> Path:
        return self.folder / "solution"


def load_task(folder: Path) -> BenchTask:
    """The task in ``folder``; raises ``UsageError`` saying what is missing or malformed."""
    spec_path = folder / "task.yaml"
    try:
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{spec_path}: cannot read the task: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{spec_path}: malformed YAML: {exc}") from None
    if not isinstance(spec, dict):
        raise UsageError(f"{spec_path}: a task is a mapping of id, instruction, category...")
    for key in ("id", "instruction", "category", "difficulty"):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            raise UsageError(f"{spec_path}: '{key}' must be a non-empty string")
    if spec["category"] not in CATEGORIES:
        raise UsageError(f"{spec_path}: category must be one of {', '.join(CATEGORIES)}")
    if spec["difficulty"] not in DIFFICULTIES:
        raise UsageError(f"{spec_path}: difficulty must be one of {', '.join(DIFFICULTIES)}")
    for part in ("repo", "checks"):
        if not (folder / part).is_dir():
            raise UsageError(f"{folder}: the task has no {part}/ folder")
    languages = spec.get("languages", ["st"])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise UsageError(f"{spec_path}: 'languages' must be a list of names")
    timeout = spec.get("timeout", DEFAULT_TIMEOUT_S)
    if not isinstance(timeout, int | float) or timeout <= 0:
        raise UsageError(f"{spec_path}: 'timeout' must be a positive number of seconds")
    known = {"id", "instruction", "category", "difficulty", "languages", "dialect", "timeout"}
    return BenchTask(
        id=spec["id"],
        instruction=spec["instruction"].strip(),
        category=spec["category"],
        difficulty=spec["difficulty"],
        folder=folder,
        languages=tuple(languages),
        dialect=spec.get("dialect"),
        timeout_s=float(timeout),
        extra={key: value for key, value in spec.items() if key not in known},
    )


def selected(task_id: str, patterns: str | Sequence[str] | None) -> bool:
    """Whether ``task_id`` matches one of the globs (``fix-*``); no globs select everything."""
    if not patterns:
        return True
    globs = [patterns] if isinstance(patterns, str) else patterns
    return any(fnmatch.fnmatchcase(task_id, glob) for glob in globs)


def load_suite(root: Path, patterns: str | Sequence[str] | None = None) -> list[BenchTask]:
    """Every task under ``root`` (folders holding a ``task.yaml``), sorted by id.

    ``patterns`` are globs over task ids (``fix-*``): a task matching any of them is kept.
    """
    if not root.is_dir():
        raise UsageError(f"{root}: no such suite folder")
    tasks = [load_task(spec.parent) for spec in sorted(root.glob("*/task.yaml"))]
    ids = [task.id for task in tasks]
    duplicates = sorted({task_id for task_id in ids if ids.count(task_id) > 1})
    if duplicates:
        raise UsageError(f"{root}: duplicate task ids: {', '.join(duplicates)}")
    tasks = [task for task in tasks if selected(task.id, patterns)]
    return sorted(tasks, key=lambda task: task.id)
