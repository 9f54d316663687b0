"""The system model and slices as JSON, for tools and the agent.

The schemas are versioned (``"schema": "werk.system/1"``, ``"werk.trace/1"``):
fields are only ever added within a version. Paths of files are shown
relative to the project root when they lie below it; positions are 1-based
``line`` and ``column`` of the user's file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from werk.tools.plant.engineering import Engineering, engineering_of
from werk.tools.plant.flow import StepKind
from werk.tools.plant.model import SystemModel
from werk.tools.plant.signals import SignalStep
from werk.tools.plant.slicing import Slice
from werk.tools.plant.sources import SourceRef
from werk.tools.st.model.symbols import Variable

SYSTEM_SCHEMA = "werk.system/1"
TRACE_SCHEMA = "werk.trace/1"
Shown = Callable[[Path], str]


def relative_to(root: Path | None) -> Shown:
    """Shows a path relative to ``root`` when it lies below it."""

    def shown(path: Path) -> str:
        if root is not None:
            try:
                return path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        return str(path)

    return shown


def position(source: SourceRef | None, shown: Shown) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"file": shown(source.path), "line": source.line, "column": source.column}


def engineering(value: Engineering) -> dict[str, Any]:
    return {
        "unit": value.unit,
        "range": None if not value.has_range else {"low": value.low, "high": value.high},
    }


def step_json(step: SignalStep, shown: Shown) -> dict[str, Any]:
    return {
        "kind": step.kind.value,
        "target": step.target,
        "sources": list(step.sources),
        "conditions": list(step.conditions),
        "context": step.context,
        "pou": step.pou,
        "statement": step.statement,
        "at": position(step.source, shown),
        "tasks": list(step.tasks),
        "conditional": step.conditional,
    }


def system_json(model: SystemModel, shown: Shown = str) -> dict[str, Any]:
    flow = model.flow
    io = []
    for point in model.io.points:
        touching = [
            *((s, "writes") for s in flow.writers(point.signal)),
            *((s, "reads") for s in flow.readers(point.signal)),
        ]
        code = [(s, how) for s, how in touching if s.kind is not StepKind.IO]
        io.append(
            {
                "signal": point.signal,
                "address": point.address,
                "direction": point.direction.value,
                "type": point.type,
                **engineering(point.engineering),
                "description": point.description,
                "instance": point.instance,
                "direct_use": point.direct_use,
                "declared_at": position(point.declared_at, shown),
                "links": [
                    {
                        "device": link.device,
                        "channel": link.channel,
                        "task": link.task,
                        "at": position(link.source, shown),
                    }
                    for link in point.links
                ],
                "written_by": sorted({s.context for s, how in code if how == "writes"}),
                "read_by": sorted({s.context for s, how in code if how == "reads"}),
                "tasks": sorted({t for s, _ in code for t in s.tasks}, key=str.lower),
            }
        )
    return {
        "schema": SYSTEM_SCHEMA,
        "tasks": [
            {
                "name": task.name,
                "interval": task.interval,
                "interval_ms": task.interval_ms,
                "priority": task.priority,
                "programs": task.programs,
                "origin": task.origin,
                "declared_at": position(task.source, shown),
            }
            for task in model.tasks
        ],
        "programs": [
            {
                "name": run.name,
                "type": run.pou.name,
                "task": run.task,
                "declared_at": position(run.source, shown),
            }
            for run in model.programs
        ],
        "instances": [
            {
                "path": instance.path,
                "type": instance.pou.name,
                "parent": instance.parent.path if instance.parent is not None else None,
                "array": instance.array,
                "standard": model.project.is_standard(instance.pou),
                "declared_at": position(
                    model.lines.of(instance.variable.location)
                    if instance.variable is not None
                    else model.lines.of(instance.pou.location),
                    shown,
                ),
            }
            for instance in model.instances.all()
        ],
        "io": io,
        "globals": [
            global_json(model, path, variable, shown) for path, variable in model.global_variables()
        ],
        "multi_task_writes": [
            {
                "signal": conflict.signal,
                "tasks": list(conflict.tasks),
                "writers": [step_json(step, shown) for step in conflict.writers],
            }
            for conflict in model.multi_task_writes()
        ],
        "unresolved_links": [
            {"symbol": link.symbol, "endpoint": link.endpoint, "at": position(link.source, shown)}
            for link in model.io.unresolved_links
        ],
    }


def global_json(model: SystemModel, path: str, variable: Variable, shown: Shown) -> dict[str, Any]:
    writers = [s for s in model.flow.writers(path) if s.kind is not StepKind.IO]
    readers = [s for s in model.flow.readers(path) if s.kind is not StepKind.IO]
    return {
        "path": path,
        "type": str(variable.type),
        "address": variable.address,
        "constant": variable.is_constant,
        **engineering(engineering_of(variable)),
        "description": variable.doc,
        "declared_at": position(model.lines.of(variable.location), shown),
        "written_by": sorted({s.context for s in writers}),
        "read_by": sorted({s.context for s in readers}),
        "tasks_writing": sorted({t for s in writers for t in s.tasks}, key=str.lower),
    }


def slice_json(result: Slice, shown: Shown = str) -> dict[str, Any]:
    return {
        "schema": TRACE_SCHEMA,
        "target": result.target,
        "direction": result.direction.value,
        "truncated": result.truncated,
        "signals": result.signals,
        "steps": [
            {
                "depth": entry.depth,
                "signal": entry.signal,
                "role": entry.role,
                "parent": entry.parent,
                **step_json(entry.step, shown),
            }
            for entry in result.steps
        ],
    }
