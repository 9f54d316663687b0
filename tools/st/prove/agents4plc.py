"""Reading Agents4PLC benchmark tasks: JSON objects one after another in one file.

The public benchmark (Agents4PLC, 2024) writes each task as a JSON object --
pretty-printed over many lines, concatenated without separators -- or one
per line, or (in its first release) a JSON array of them. A task has:

- ``id`` (absent in the first release: the task's position is used),
  ``instruction`` (the natural-language request with the POU's interface),
  ``entry_point`` (the POU checked as ``instance``; in some tasks only inside
  each property, sometimes misplaced next to it), ``ground_truth`` (a
  reference ST solution, sometimes) and ``test_cases`` (read by
  ``werk test``, not here);
- ``properties_to_be_validated``: objects with a ``property_description``
  and a ``property``: ``{"job_req": "pattern", "pattern_id": ...,
  "pattern_params": {"1": ...}}`` or ``{"job_req": "assertion"}``.

Parameters are numbered from ``"1"`` (PLCverif) or from ``"0"`` (later
files); ``patterns.ordered_params`` renumbers them. A property that cannot
be read (no pattern id, parameters that are not numbered) becomes a
property the checker reports as defective, never a crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werk.tools.errors import UsageError
from werk.tools.st.prove.patterns import ASSERTION, Property, ordered_params

_POU_HEADER = re.compile(r"\b(?:FUNCTION_BLOCK|PROGRAM)\s+([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


@dataclass
class Agents4PlcTask:
    id: str
    instruction: str
    entry_point: str | None
    properties: list[Property]
    ground_truth: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def parse_tasks(text: str, source: str = "<tasks>") -> list[Agents4PlcTask]:
    """Every task in ``text``: concatenated JSON objects, JSON lines, or a JSON array."""
    decoder = json.JSONDecoder()
    objects: list[Any] = []
    position = 0
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length:
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{source}: not Agents4PLC JSON ({exc})") from None
        if isinstance(value, list):
            objects.extend(value)
        else:
            objects.append(value)
    tasks = []
    for number, value in enumerate(objects, start=1):
        if not isinstance(value, dict):
            raise UsageError(f"{source}: task {number} is not a JSON object")
        tasks.append(task_from_json(value, number))
    return tasks


def read_tasks(path: Path) -> list[Agents4PlcTask]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    return parse_tasks(text, str(path))


def find_task(tasks: list[Agents4PlcTask], wanted: str) -> Agents4PlcTask:
    """The task with id ``wanted``, or the ``wanted``-th task (1-based) when it is a number."""
    for task in tasks:
        if task.id == wanted:
            return task
    if wanted.isdigit() and 1 <= int(wanted) <= len(tasks):
        return tasks[int(wanted) - 1]
    ids = ", ".join(task.id for task in tasks[:10])
    more = " ..." if len(tasks) > 10 else ""
    raise UsageError(f"no task {wanted!r} (tasks: {ids}{more})")


def task_from_json(data: dict[str, Any], number: int = 1) -> Agents4PlcTask:
    task_id = str(data.get("id") or f"task-{number}")
    instruction = str(data.get("instruction") or "")
    ground_truth = data.get("ground_truth")
    entry = _text(data.get("entry_point"))
    items = data.get("properties_to_be_validated") or []
    if not isinstance(items, list):
        items = []
    for item in items:  # some tasks name the entry only inside the properties
        if entry is None and isinstance(item, dict):
            inner = item.get("property")
            entry = _text(item.get("entry_point")) or (
                _text(inner.get("entry_point")) if isinstance(inner, dict) else None
            )
    if entry is None:
        for text in (ground_truth, instruction):
            match = _POU_HEADER.search(str(text or ""))
            if match is not None:
                entry = match.group(1)
                break
    properties = [_property(item, task_id, index) for index, item in enumerate(items, start=1)]
    return Agents4PlcTask(
        task_id,
        instruction,
        entry,
        properties,
        str(ground_truth) if isinstance(ground_truth, str) else None,
        data,
    )


def properties_from_agents4plc(task: Agents4PlcTask | dict[str, Any]) -> list[Property]:
    """The properties of one task (a parsed task or its JSON object)."""
    if isinstance(task, dict):
        task = task_from_json(task)
    return list(task.properties)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _property(item: Any, task_id: str, index: int) -> Property:
    name = f"{task_id}#{index}"
    origin = f"task {task_id} property {index}"
    if not isinstance(item, dict) or not isinstance(item.get("property"), dict):
        return Property(name, "", origin=origin, extra={"error": "no 'property' object"})
    description = str(item.get("property_description") or "")
    body = item["property"]
    job = str(body.get("job_req") or "").strip().lower()
    if job == ASSERTION:
        return Property(name, ASSERTION, (), description, origin)
    if job != "pattern":
        return Property(
            name, job or "", (), description, origin, extra={"error": f"job_req {job!r}"}
        )
    pattern_id = str(body.get("pattern_id") or "").strip()
    raw = body.get("pattern_params") or {}
    try:
        if not isinstance(raw, dict | list):
            raise ValueError("pattern_params is not an object")
        params = tuple(ordered_params(raw))
    except ValueError as exc:
        return Property(name, pattern_id, (), description, origin, extra={"error": str(exc)})
    return Property(name, pattern_id, params, description, origin)
