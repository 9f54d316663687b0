"""The ``test_cases`` of Agents4PLC benchmark tasks, read as traces.

Agents4PLC (Liu et al., "Agents4PLC: Automating Closed-loop PLC Code
Generation and Verification in Industrial Control Systems using LLM-based
Agents", 2024) publishes its tasks as JSON objects, pretty-printed one after
another in one file (or one per line, or in a JSON array). A task has an
``id``, an ``instruction``, often an ``entry_point`` (the POU to generate)
and a ``ground_truth`` (reference ST), ``properties_to_be_validated`` (read
by ``werk prove``, not here) and ``test_cases``::

    {"description": "push until full",
     "simulation_rounds": 3,
     "input_trace": {"push": [true, true, true], "item": [5, 2, 8]},
     "expected_output_trace": {"error": [false, false, true], "status": [0, 0, 35332]},
     "notes": ["..."]}

Each test case is a trace of ``simulation_rounds`` cycles: before cycle
*i* the inputs get element *i* of their lists, after it the outputs must
equal element *i* of theirs (JSON ``null`` is don't care). A list shorter
than the rounds holds its last input, or leaves the remaining outputs
unchecked; a longer one is an error. Values are JSON numbers, booleans,
strings (read as ST literals for the signal's type, e.g. ``"T#2s"``) and
lists for arrays (a shorter list sets the first elements).

The entry point is the task's ``entry_point``, else the one its properties
name, else the only FUNCTION_BLOCK/PROGRAM/FUNCTION of the ground truth.
Agents4PLC gives no cycle time; traces run at 10 ms cycles unless told.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werk.tools.st.testing.errors import TestDefinitionError
from werk.tools.st.testing.trace import DEFAULT_CYCLE_NS, Trace, TraceRow

if TYPE_CHECKING:
    from werk.tools.st.document import Dialect
    from werk.tools.st.testing.results import TestRun

AGENTS4PLC_SUFFIXES = (".agents4plc.json", ".agents4plc.jsonl")
_POU_HEADER = re.compile(r"^\s*(FUNCTION_BLOCK|PROGRAM|FUNCTION)\s+([A-Za-z_]\w*)", re.M | re.I)


@dataclass
class Agents4PlcTask:
    """One benchmark task: what the tests need of it."""

    id: str
    instruction: str = ""
    entry_point: str | None = None
    ground_truth: str | None = None
    test_cases: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None
    line: int = 1
    raw: dict[str, Any] = field(default_factory=dict)


def read_task_file(path: Path) -> list[Agents4PlcTask]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TestDefinitionError(f"cannot read: {exc}", path) from None
    return read_tasks(text, path)


def read_tasks(text: str, path: Path | None = None) -> list[Agents4PlcTask]:
    """Every task of ``text``: JSON objects one after another, or a JSON array of them."""
    decoder = json.JSONDecoder()
    found: list[tuple[int, Any]] = []
    position = _skip_space(text, 0)
    while position < len(text):
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise TestDefinitionError(
                f"malformed JSON: {exc.msg}", path, exc.lineno, exc.colno
            ) from None
        line = text.count("\n", 0, position) + 1
        if isinstance(value, list):
            found.extend((line, item) for item in value)
        else:
            found.append((line, value))
        position = _skip_space(text, end)
    tasks = []
    for index, (line, value) in enumerate(found):
        if not isinstance(value, dict):
            raise TestDefinitionError("a task must be a JSON object", path, line)
        tasks.append(_task(value, path, line, index))
    return tasks


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n,":
        position += 1
    return position


def _task(value: dict[str, Any], path: Path | None, line: int, index: int) -> Agents4PlcTask:
    cases = value.get("test_cases")
    if cases is None:
        cases = []
    if not isinstance(cases, list) or not all(isinstance(case, dict) for case in cases):
        raise TestDefinitionError("test_cases must be a list of objects", path, line)
    entry = value.get("entry_point")
    if entry is None:
        for item in value.get("properties_to_be_validated") or []:
            prop = item.get("property") if isinstance(item, dict) else None
            if isinstance(prop, dict) and isinstance(prop.get("entry_point"), str):
                entry = prop["entry_point"]
                break
    ground_truth = value.get("ground_truth")
    if entry is None and isinstance(ground_truth, str):
        names = [match.group(2) for match in _POU_HEADER.finditer(ground_truth)]
        if len(names) == 1:
            entry = names[0]
    return Agents4PlcTask(
        id=str(value.get("id", f"task{index + 1}")),
        instruction=str(value.get("instruction", "")),
        entry_point=str(entry) if entry is not None else None,
        ground_truth=ground_truth if isinstance(ground_truth, str) else None,
        test_cases=cases,
        path=path,
        line=line,
        raw=value,
    )


def task_traces(
    task: Agents4PlcTask, *, pou: str | None = None, cycle_ns: int = DEFAULT_CYCLE_NS
) -> list[Trace]:
    """The task's test cases as traces of ``pou`` (default: the task's entry point)."""
    target = pou or task.entry_point
    path = task.path or Path(f"<task {task.id}>")
    if target is None:
        raise TestDefinitionError(
            f"task {task.id} names no entry point (entry_point) for its test cases",
            path,
            task.line,
        )
    return [
        _trace(task, case, index, target, path, cycle_ns)
        for index, case in enumerate(task.test_cases)
    ]


def _trace(
    task: Agents4PlcTask, case: dict[str, Any], index: int, pou: str, path: Path, cycle_ns: int
) -> Trace:
    where = f"test case {index + 1} of task {task.id}"

    def error(message: str) -> TestDefinitionError:
        return TestDefinitionError(f"{where}: {message}", path, task.line)

    inputs = _signal_lists(case.get("input_trace"), "input_trace", error)
    outputs = _signal_lists(case.get("expected_output_trace"), "expected_output_trace", error)
    longest = max((len(values) for values in [*inputs.values(), *outputs.values()]), default=0)
    rounds = case.get("simulation_rounds", longest)
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise error(f"simulation_rounds must be a positive number, not {rounds!r}")
    for name, values in [*inputs.items(), *outputs.items()]:
        if len(values) > rounds:
            raise error(f"{name} has {len(values)} values for {rounds} simulation rounds")
    rows = []
    for cycle in range(rounds):
        row = TraceRow(task.line)
        row.inputs = {name: values[cycle] for name, values in inputs.items() if cycle < len(values)}
        row.expected = {
            name: values[cycle] for name, values in outputs.items() if cycle < len(values)
        }
        rows.append(row)
    both = {n.lower() for n in inputs} & {n.lower() for n in outputs}
    if both:
        raise error(f"{sorted(both)[0]} is both an input and an expected output")
    return Trace(
        name=f"{task.id}#{index + 1}",
        pou=pou,
        path=path,
        line=task.line,
        pou_line=task.line,
        cycle_ns=cycle_ns,
        inputs=list(inputs),
        outputs=list(outputs),
        tolerances={},
        rows=rows,
    )


def _signal_lists(value: Any, what: str, error: Any) -> dict[str, list[Any]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise error(f"{what} must map signal names to lists of values")
    lists: dict[str, list[Any]] = {}
    for name, values in value.items():
        if not isinstance(values, list):
            raise error(f"{what}.{name} must be a list with one value per cycle")
        lists[str(name)] = values
    return lists


def run_agents4plc_task(
    task: Agents4PlcTask,
    source: str,
    *,
    dialect: Dialect | None = None,
    cycle_ms: int = 10,
    coverage: bool = False,
) -> TestRun:
    """Run the task's test cases against ST ``source`` (e.g. a model's answer).

    Nothing is raised for what the source gets wrong: a missing entry point
    or output, a fault or an unsupported construct is an ERROR result.
    """
    from werk.tools.st.loader import load_source
    from werk.tools.st.model.project import Project
    from werk.tools.st.testing.discovery import agents4plc_cases
    from werk.tools.st.testing.runner import run_tests

    units = load_source(Path(f"{task.id}.st"), source.encode("utf-8"), dialect=dialect).units
    project = Project(units)
    tests = agents4plc_cases(task, cycle_ns=cycle_ms * 1_000_000)
    return run_tests(project, tests, coverage=coverage)
