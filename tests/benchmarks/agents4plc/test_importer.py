"""The Agents4PLC importer on task files written here in the benchmark's format (objects
pretty-printed one after another): tasks become runnable, the ground truth is the oracle,
test cases and properties score, a defective property is counted apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werk.benchmarks.agents4plc import import_suite
from werk.benchmarks.harness import NOOP, ORACLE, AttemptSpec, run_attempt
from werk.tools.errors import UsageError

LATCH = """FUNCTION_BLOCK FB_Latch
VAR_INPUT
    bSet : BOOL;
    bReset : BOOL;
END_VAR
VAR_OUTPUT
    bOut : BOOL;
END_VAR
IF bReset THEN
    bOut := FALSE;
ELSIF bSet THEN
    bOut := TRUE;
END_IF
END_FUNCTION_BLOCK
"""
LATCH_TASK = {
    "id": "latch/1",
    "instruction": "Write FB_Latch: bSet sets bOut, bReset resets it and wins.",
    "entry_point": "FB_Latch",
    "ground_truth": LATCH,
    "properties_to_be_validated": [
        {
            "property_description": "Reset wins.",
            "property": {
                "job_req": "pattern",
                "pattern_id": "pattern-implication",
                "pattern_params": {"1": "instance.bReset", "2": "NOT instance.bOut"},
            },
        },
        {
            "property_description": "Names a variable that does not exist.",
            "property": {
                "job_req": "pattern",
                "pattern_id": "pattern-invariant",
                "pattern_params": {"1": "instance.bNoSuchSignal"},
            },
        },
    ],
    "test_cases": [
        {
            "description": "set then reset",
            "simulation_rounds": 4,
            "input_trace": {
                "bSet": [True, False, True, False],
                "bReset": [False, False, True, False],
            },
            "expected_output_trace": {"bOut": [True, True, False, False]},
        }
    ],
}
NO_ANSWER_TASK = {
    "id": "blink",
    "instruction": "Write FB_Blink.",
    "entry_point": "FB_Blink",
    "properties_to_be_validated": [],
}


@pytest.fixture
def suite_file(tmp_path: Path) -> Path:
    path = tmp_path / "bench" / "easy_tasks.json"
    path.parent.mkdir()
    text = "\n".join(json.dumps(task, indent=4) for task in (LATCH_TASK, NO_ANSWER_TASK))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_tasks_become_task_folders(suite_file: Path, tmp_path: Path) -> None:
    blink, latch = import_suite(suite_file.parent, tmp_path / "tasks")  # sorted by id
    assert (blink.id, latch.id) == ("a4p-blink", "a4p-latch-1")
    assert latch.difficulty == "easy" and latch.category == "implement"
    assert "plc/FB_Latch.st" in latch.instruction
    assert (latch.solution / "plc" / "FB_Latch.st").read_text() == LATCH
    hidden = json.loads((latch.checks / "task.agents4plc.json").read_text())
    assert "ground_truth" not in hidden and hidden["test_cases"] == LATCH_TASK["test_cases"]
    assert not (latch.repo / "plc").exists()
    assert not blink.solution.exists()


def test_oracle_passes_with_the_defective_property_counted_apart(
    suite_file: Path, tmp_path: Path
) -> None:
    _, latch = import_suite(suite_file, tmp_path / "tasks")
    oracle = run_attempt(AttemptSpec(latch, ORACLE))
    assert oracle.passed, oracle.checks
    assert oracle.defective == 1
    kinds = sorted((check["kind"], check["passed"], check["defective"]) for check in oracle.checks)
    assert kinds == [
        ("property", False, True),
        ("property", True, False),
        ("st-test", True, False),
    ]
    noop = run_attempt(AttemptSpec(latch, NOOP))
    assert not noop.passed and noop.failure == "failed_tests"


def test_a_task_without_ground_truth_has_no_oracle(suite_file: Path, tmp_path: Path) -> None:
    blink, _ = import_suite(suite_file, tmp_path / "tasks")
    oracle = run_attempt(AttemptSpec(blink, ORACLE))
    assert not oracle.passed
    assert oracle.error == "the task has no solution/ folder"


def test_bad_paths_and_files_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        import_suite(tmp_path / "missing", tmp_path / "tasks")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match=r"no \.json task files"):
        import_suite(tmp_path / "empty", tmp_path / "tasks")
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", ', encoding="utf-8")
    with pytest.raises(UsageError, match="not an Agents4PLC task file"):
        import_suite(broken, tmp_path / "tasks")
