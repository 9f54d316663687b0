"""The harness end to end with a scripted (replay) model on two tasks: real git repositories,
the real agent graph and gate, the hidden checks run after the agent. One task is solved,
one is not; the JSONL records both, the checks stay invisible to the model, and a rerun
resumes without running anything again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import ToolMessage

from werk.agent.models.replay import ReplayChatModel, parse_script
from werk.benchmarks.harness import (
    TASKS_ROOT,
    AttemptSpec,
    BenchOptions,
    load_suite,
    read_records,
    render_summary,
    run_suite,
)

SOLVED = "fix-missing-else"
UNSOLVED = "implement-debounce"
CHECK_FILE = ".bench_checks/stack_light.trace.yaml"
FB = "plc/fb_stack_light.st"
SCRIPTS: dict[str, list[Any]] = {
    SOLVED: [
        {"content": "1. Look for tests.\n2. Fix.", "tool_calls": [
            {"name": "read_file", "args": {"path": CHECK_FILE}}]},
        {"tool_calls": [{"name": "edit_file", "args": {
            "path": FB,
            "search": "    bRed := TRUE;\nEND_IF",
            "replace": "    bRed := TRUE;\nELSE\n    bRed := FALSE;\nEND_IF"}}]},
        {"tool_calls": [{"name": "edit_file", "args": {
            "path": FB,
            "search": "    bGreen := TRUE;\nEND_IF",
            "replace": "    bGreen := TRUE;\nELSE\n    bGreen := FALSE;\nEND_IF"}}]},
        {"tool_calls": [{"name": "finish", "args": {"summary": "Lamps now follow the state."}}]},
    ],
    UNSOLVED: [
        {"content": "1. Give up.", "tool_calls": [
            {"name": "finish", "args": {"summary": "Nothing to do."}}]},
    ],
}  # fmt: skip


@pytest.fixture(autouse=True)
def _isolated(isolated_env: dict[str, str]) -> None:
    """No user configuration or WERK_* variables of the machine running the tests."""


class Models:
    """One scripted model per attempt; keeps them to inspect what the model was shown."""

    def __init__(self) -> None:
        self.made: dict[str, ReplayChatModel] = {}

    def __call__(self, spec: AttemptSpec) -> BaseChatModel:
        model = ReplayChatModel(answers=parse_script(SCRIPTS[spec.task.id]))
        self.made[spec.task.id] = model
        return model


def _options(tmp_path: Path, models: Models) -> BenchOptions:
    dummy = tmp_path / "unused-script.json"
    dummy.write_text("[]", encoding="utf-8")
    return BenchOptions(
        models=["script"],
        out=tmp_path / "out",
        settings=(
            'models.script.provider="replay"',
            f"models.script.script={json.dumps(str(dummy))}",
        ),
        chat_models=models,
    )


def test_two_tasks_end_to_end_then_resume(tmp_path: Path) -> None:
    tasks = [task for task in load_suite(TASKS_ROOT) if task.id in (SOLVED, UNSOLVED)]
    models = Models()
    options = _options(tmp_path, models)
    records = {record.task: record for record in run_suite(tasks, options)}

    solved, unsolved = records[SOLVED], records[UNSOLVED]
    assert solved.passed and solved.failure is None, solved.checks
    assert solved.status == "delivered"
    assert solved.steps == 4 and solved.tokens > 0 and solved.wall_s > 0
    assert [check["kind"] for check in solved.checks] == ["st-test"]
    assert not unsolved.passed
    assert (unsolved.status, unsolved.failure) == ("no_changes", "failed_tests")

    # the hidden checks were not in the agent's repository: reading one failed
    conversation = models.made[SOLVED].received[-1]
    shown = "\n".join(str(message.content) for message in conversation)
    assert "lamps follow the state" not in shown
    replies = [m for m in conversation if isinstance(m, ToolMessage)]
    assert str(replies[0].content).startswith(f"ERROR: no file {CHECK_FILE} in the repository")

    lines = (options.results).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert {json.loads(line)["task"] for line in lines} == {SOLVED, UNSOLVED}
    assert all(json.loads(line)["format"] == "werk.bench-attempt/1" for line in lines)

    # a rerun finds both attempts recorded and runs nothing
    again = Models()
    rerun = run_suite(tasks, _options(tmp_path, again))
    assert again.made == {}
    assert len(rerun) == 2 and len(read_records(options.results)) == 2

    summary = render_summary(rerun, samples=1)
    assert "| script | 2 | 2 | 50.0 % |" in summary
    assert "- script: failed_tests 1" in summary
