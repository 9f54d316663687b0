"""The task loader: the layout, what a malformed task says, and the shipped suite's shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.benchmarks.harness import TASKS_ROOT, load_suite, load_task
from werk.benchmarks.harness.task import CATEGORIES
from werk.tools.errors import UsageError

SPEC = """id: demo
instruction: |
  Do the thing.
category: fix
difficulty: easy
languages: [st]
dialect: codesys
timeout: 120
"""


def _task(root: Path, name: str = "demo", spec: str = SPEC) -> Path:
    folder = root / name
    (folder / "repo").mkdir(parents=True)
    (folder / "checks").mkdir()
    (folder / "task.yaml").write_text(spec, encoding="utf-8")
    return folder


def test_a_task_folder_is_read(tmp_path: Path) -> None:
    task = load_task(_task(tmp_path))
    assert (task.id, task.instruction, task.category, task.difficulty) == (
        "demo",
        "Do the thing.",
        "fix",
        "easy",
    )
    assert (task.languages, task.dialect, task.timeout_s) == (("st",), "codesys", 120.0)
    assert task.repo == tmp_path / "demo" / "repo"
    assert task.checks == tmp_path / "demo" / "checks"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (SPEC.replace("category: fix", "category: poetry"), "category must be one of"),
        (SPEC.replace("difficulty: easy", "difficulty: 3"), "'difficulty' must be"),
        (SPEC.replace("id: demo", "id: ''"), "'id' must be a non-empty string"),
        (SPEC.replace("timeout: 120", "timeout: -1"), "'timeout' must be a positive"),
        ("- a list\n", "a task is a mapping"),
        ("id: [unclosed\n", "malformed YAML"),
    ],
)
def test_malformed_tasks_say_what_is_wrong(tmp_path: Path, spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_task(_task(tmp_path, spec=spec))


def test_a_missing_checks_folder_is_named(tmp_path: Path) -> None:
    folder = _task(tmp_path)
    (folder / "checks").rmdir()
    with pytest.raises(UsageError, match="no checks/ folder"):
        load_task(folder)


def test_suite_glob_and_duplicates(tmp_path: Path) -> None:
    _task(tmp_path, "one", SPEC.replace("id: demo", "id: fix-one"))
    _task(tmp_path, "two", SPEC.replace("id: demo", "id: implement-two"))
    assert [task.id for task in load_suite(tmp_path, "fix-*")] == ["fix-one"]
    _task(tmp_path, "three", SPEC.replace("id: demo", "id: fix-one"))
    with pytest.raises(UsageError, match="duplicate task ids: fix-one"):
        load_suite(tmp_path)


def test_the_shipped_suite_covers_every_category() -> None:
    tasks = load_suite(TASKS_ROOT)
    assert len(tasks) >= 15
    assert {task.category for task in tasks} == set(CATEGORIES)
    for task in tasks:
        assert task.folder.name == task.id
        assert task.solution.is_dir(), task.id
        assert any(task.checks.iterdir()), task.id
    assert any(task.dialect == "twincat" for task in tasks)
