"""Agents4PLC test cases: reading the task files and running their traces."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.tools.st.testing.support import FIXTURES, plant, run_all
from werk.tools.st.testing import (
    Status,
    TestDefinitionError,
    TestKind,
    read_task_file,
    read_tasks,
    run_agents4plc_task,
)
from werk.tools.st.testing.agents4plc import task_traces

TASKS = FIXTURES / "tasks.agents4plc.json"


def test_reads_pretty_printed_objects_one_after_another() -> None:
    tasks = read_task_file(TASKS)
    assert [(t.id, t.entry_point, len(t.test_cases), t.line) for t in tasks] == [
        ("push-1", "FB_Push", 2, 1),
        ("classify-2", "FB_Classify", 1, 28),  # the only POU of the ground truth
        ("delay-3", "FB_Delay", 1, 42),  # named by a property
    ]
    assert tasks[1].ground_truth is not None and tasks[1].instruction == "Classify a number."


def test_reads_an_array_and_one_object_per_line() -> None:
    objects = [json.loads(text) for text in _objects(TASKS.read_text())]
    as_array = read_tasks(json.dumps(objects, indent=2))
    as_lines = read_tasks("\n".join(json.dumps(item) for item in objects) + "\n")
    expected = [(t.id, t.entry_point) for t in read_task_file(TASKS)]
    assert [(t.id, t.entry_point) for t in as_array] == expected
    assert [(t.id, t.entry_point, t.line) for t in as_lines] == [
        (task_id, entry, line) for (task_id, entry), line in zip(expected, [1, 2, 3], strict=True)
    ]


def _objects(text: str) -> list[str]:
    decoder = json.JSONDecoder()
    found, position = [], 0
    while position < len(text.rstrip()):
        while text[position].isspace():
            position += 1
        _, end = decoder.raw_decode(text, position)
        found.append(text[position:end])
        position = end
    return found


def test_test_cases_become_traces() -> None:
    push, _, delay = read_task_file(TASKS)
    first, second = task_traces(push)
    assert (first.name, first.pou, first.inputs, first.outputs) == (
        "push-1#1",
        "FB_Push",
        ["bPush", "nItem"],
        ["nTop", "bFull", "aStack"],
    )
    assert len(first.rows) == 5
    assert first.rows[2].expected == {"nTop": 2, "bFull": False, "aStack": None}
    # Shorter lists: inputs hold (the row leaves them out), outputs go unchecked.
    assert [row.inputs for row in second.rows] == [{"bPush": False}, {}, {}]
    assert [row.expected for row in second.rows] == [
        {"nTop": -1, "bFull": False},
        {"nTop": -1},
        {"nTop": -1},
    ]
    assert task_traces(delay, cycle_ns=5_000_000)[0].cycle_ns == 5_000_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "a",\n  "test_cases": [}\n', r"tasks.json:2:18: malformed JSON: Expecting value"),
        ("[1, 2]", r"tasks.json:1: a task must be a JSON object"),
        ('{"id": "a", "test_cases": {}}', r"tasks.json:1: test_cases must be a list of objects"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(text)
    with pytest.raises(TestDefinitionError, match=message):
        read_task_file(path)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            {"input_trace": {"a": [1, 2]}, "simulation_rounds": 1},
            r"a has 2 values for 1 simulation",
        ),
        ({"input_trace": {"a": 1}}, r"input_trace.a must be a list with one value per cycle"),
        ({"input_trace": [1]}, r"input_trace must map signal names to lists of values"),
        ({"simulation_rounds": 0}, r"simulation_rounds must be a positive number, not 0"),
        ({"input_trace": {"a": [1]}, "expected_output_trace": {"A": [1]}}, r"a is both an input"),
    ],
)
def test_bad_test_cases(case: dict[str, object], message: str) -> None:
    (task,) = read_tasks(json.dumps({"id": "t", "entry_point": "FB_X", "test_cases": [case]}))
    with pytest.raises(TestDefinitionError, match=r"<task t>:1: test case 1 of task t: " + message):
        task_traces(task)


def test_a_task_without_entry_point() -> None:
    (task,) = read_tasks('{"id": "t", "test_cases": [{"simulation_rounds": 1}]}')
    with pytest.raises(TestDefinitionError, match="task t names no entry point"):
        task_traces(task)
    assert task_traces(task, pou="FB_Delay")[0].pou == "FB_Delay"


def test_run_against_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = plant(tmp_path / "project")
    monkeypatch.chdir(root)
    shutil.copy(TASKS, root / "tasks.agents4plc.json")
    results = run_all(root).results
    assert [(r.test.name, r.test.kind, r.status) for r in results] == [
        ("tasks.agents4plc.json::push-1#1", TestKind.AGENTS4PLC, Status.PASS),
        ("tasks.agents4plc.json::push-1#2", TestKind.AGENTS4PLC, Status.PASS),
        ("tasks.agents4plc.json::classify-2#1", TestKind.AGENTS4PLC, Status.PASS),
        ("tasks.agents4plc.json::delay-3#1", TestKind.AGENTS4PLC, Status.PASS),
    ], [r.failure or r.error for r in results]
    # A .json file given by name is read as tasks too.
    shutil.move(root / "tasks.agents4plc.json", root / "bench.json")
    assert [r.status for r in run_all(root, root / "bench.json").results] == [Status.PASS] * 4
    assert run_all(root).results == []


def test_run_a_task_on_given_source() -> None:
    _, classify, _ = read_task_file(TASKS)
    assert classify.ground_truth is not None
    run = run_agents4plc_task(classify, classify.ground_truth)
    (result,) = run.results
    assert (result.test.name, result.status) == ("classify-2#1", Status.FAIL)
    # SEL(G, IN0, IN1) is IN0 when G is FALSE: the ground truth maps -4 to 0, not -1.
    assert result.failure is not None
    assert result.failure.message == "cycle 1 (t=0ms): nClass expected -1, got 0"
    fixed = classify.ground_truth.replace(
        "nClass := SEL(nValue > 0, 0, 1);",
        "IF nValue < 0 THEN nClass := -1; ELSIF nValue = 0 THEN nClass := 0; "
        "ELSE nClass := 1; END_IF",
    )
    assert run_agents4plc_task(classify, fixed).ok


def test_what_the_source_gets_wrong_is_a_result_not_an_exception() -> None:
    _, classify, _ = read_task_file(TASKS)
    missing = run_agents4plc_task(classify, "FUNCTION_BLOCK FB_Classy\nEND_FUNCTION_BLOCK\n")
    (result,) = missing.results
    assert result.status is Status.ERROR
    assert result.error is not None
    assert "no FUNCTION_BLOCK, PROGRAM or FUNCTION 'FB_Classify' in the project" in result.error
    assert "(did you mean FB_Classy?)" in result.error
    no_output = run_agents4plc_task(
        classify,
        "FUNCTION_BLOCK FB_Classify\nVAR_INPUT\n    nValue : INT;\nEND_VAR\nEND_FUNCTION_BLOCK\n",
    )
    assert no_output.results[0].error is not None
    assert "FB_Classify has no variable 'nClass'" in no_output.results[0].error
    faulty = run_agents4plc_task(
        classify,
        "FUNCTION_BLOCK FB_Classify\nVAR_INPUT\n    nValue : INT;\nEND_VAR\nVAR_OUTPUT\n"
        "    nClass : INT;\nEND_VAR\nnClass := -1 + 0 * (1 / nValue);\nEND_FUNCTION_BLOCK\n",
    )
    (fault_result,) = faulty.results
    assert fault_result.status is Status.ERROR
    assert fault_result.fault is not None
    assert (fault_result.fault.kind, fault_result.fault.cycle) == ("division by zero", 2)
    broken = run_agents4plc_task(classify, "FUNCTION_BLOCK FB_Classify\nVAR_INPUT nValue : INT")
    assert broken.results[0].status is Status.ERROR
