"""The Agents4PLC task reader, on small files of our own in the benchmark's shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werk.tools.errors import UsageError
from werk.tools.st.prove import find_task, parse_tasks, properties_from_agents4plc, read_tasks

TWO_TASKS = """{
  "id": "demo-1",
  "instruction": "Latch a motor.",
  "entry_point": "FB_Latch",
  "properties_to_be_validated": [
    {"property_description": "All assertions hold.", "property": {"job_req": "assertion"}},
    {
      "property_description": "Stop wins.",
      "property": {
        "job_req": "pattern",
        "pattern_id": "pattern-implication",
        "pattern_params": {"1": "instance.bStop", "2": "NOT instance.bMotor"}
      }
    }
  ]
}
{
  "id": "demo-2",
  "instruction": "Count.\\nFUNCTION_BLOCK FB_Count\\nEND_FUNCTION_BLOCK",
  "ground_truth": "FUNCTION_BLOCK FB_Count\\nEND_FUNCTION_BLOCK",
  "properties_to_be_validated": [
    {
      "property_description": "Never negative.",
      "property": {
        "job_req": "pattern",
        "pattern_id": "pattern-invariant",
        "pattern_params": {"0": "instance.nTotal >= 0"},
        "entry_point": "FB_Count"
      }
    },
    {
      "property_description": "Broken.",
      "property": {"job_req": "pattern", "pattern_id": "pattern-invariant",
                   "pattern_params": {"x": "a"}}
    },
    {"property_description": "No property object."}
  ]
}
"""


def test_two_pretty_printed_objects_one_after_the_other(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(TWO_TASKS, encoding="utf-8")
    first, second = read_tasks(path)
    assert (first.id, first.entry_point) == ("demo-1", "FB_Latch")
    assert [p.pattern_id for p in first.properties] == ["assertion", "pattern-implication"]
    assert first.properties[1].params == ("instance.bStop", "NOT instance.bMotor")
    assert first.properties[1].description == "Stop wins."
    assert first.properties[1].name == "demo-1#2"
    assert second.entry_point == "FB_Count"  # found inside the property
    assert second.ground_truth is not None
    assert second.properties[0].params == ("instance.nTotal >= 0",)  # numbered from 0
    assert second.properties[1].extra["error"]  # reported as defective by the checker
    assert second.properties[2].extra["error"] == "no 'property' object"


def test_json_lines_and_arrays_and_numbers(tmp_path: Path) -> None:
    tasks = parse_tasks(TWO_TASKS)
    as_lines = "\n".join(json.dumps(task.raw) for task in tasks)
    assert [t.id for t in parse_tasks(as_lines)] == ["demo-1", "demo-2"]
    unnamed = [{k: v for k, v in task.raw.items() if k != "id"} for task in tasks]
    array = parse_tasks(json.dumps(unnamed))
    assert [t.id for t in array] == ["task-1", "task-2"]
    assert array[1].entry_point == "FB_Count"
    assert find_task(array, "2").id == "task-2"
    assert properties_from_agents4plc(tasks[0].raw)[1].pattern_id == "pattern-implication"


def test_entry_point_from_the_code_when_no_field_names_it() -> None:
    (task,) = parse_tasks(
        '{"instruction": "x", "ground_truth": "PROGRAM Main_Line\\nEND_PROGRAM",'
        ' "properties_to_be_validated": []}'
    )
    assert task.entry_point == "Main_Line"


def test_bad_files_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not Agents4PLC JSON"):
        parse_tasks('{"id": "a"} {broken', "tasks.json")
    with pytest.raises(UsageError, match="not a JSON object"):
        parse_tasks("[1, 2]")
    with pytest.raises(UsageError, match="no task 'nine'"):
        find_task(parse_tasks(TWO_TASKS), "nine")
