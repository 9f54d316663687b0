"""Batch files: what an entry may say, and the command each entry becomes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.console import Console

from werk.agent.run.batch import BatchResult, command_for, load_batch, print_summary
from werk.tools.errors import UsageError


def test_yaml_entries_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    batch = tmp_path / "jobs" / "batch.yaml"
    batch.parent.mkdir()
    batch.write_text(
        "- repo: ../plant\n  task: Fix it\n- repo: /abs\n  task_file: t.md\n  model: gpu\n"
    )
    first, second = load_batch(batch)
    assert first.repo == tmp_path / "jobs" / ".." / "plant"
    assert (first.task, first.task_file, first.model) == ("Fix it", None, None)
    assert second.repo == Path("/abs")
    assert second.task_file == tmp_path / "jobs" / "t.md"
    assert command_for(first, ["a=1"], "default")[:6] == [
        sys.executable,
        "-m",
        "werk.agent.cli.main",
        "-q",
        "--set",
        "a=1",
    ]
    assert command_for(second, [], "default")[-5:] == [
        "--json",
        "--model",
        "gpu",  # the entry's own model wins
        "--task-file",
        str(tmp_path / "jobs" / "t.md"),
    ]
    assert "--model" not in command_for(first, [], None)


def test_json_batches(tmp_path: Path) -> None:
    batch = tmp_path / "batch.json"
    batch.write_text('[{"repo": "a", "task": "x"}]')
    assert load_batch(batch)[0].task == "x"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{}", "a non-empty list"),
        ("[]", "a non-empty list"),
        ("- just a string", "expected a mapping"),
        ("- task: x", "'repo' is missing"),
        ("- repo: a", "exactly one of 'task' and 'task_file'"),
        ("- {repo: a, task: x, task_file: y}", "exactly one of 'task' and 'task_file'"),
        ("- {repo: a, task: x, modle: gpu}", "unknown key(s) modle"),
        ("- [unclosed", "not valid YAML"),
    ],
)
def test_mistakes_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    batch = tmp_path / "batch.yaml"
    batch.write_text(text)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_batch(batch)


def test_the_summary_table(tmp_path: Path) -> None:
    batch = tmp_path / "b.yaml"
    batch.write_text("- {repo: a, task: x}\n- {repo: b, task: y}\n")
    first, second = load_batch(batch)
    report = {"status": "delivered", "branch": "werk/x", "commit": "c" * 40, "usage": {"steps": 3}}
    console = Console(record=True, width=200)
    print_summary(
        [BatchResult(first, 0, report), BatchResult(second, 2, None, "werk: error: bad")], console
    )
    text = console.export_text()
    assert "delivered" in text and "werk/x" in text and "cccccccccccc" in text
    assert "werk: error: bad" in text
