"""The system model and slices as text for a terminal (``werk system``, ``werk trace``).

A slice prints as a tree: each step under the step whose value it feeds
(backward) or that feeds it (forward), with the instance running it, the
statement and ``file:line``. Signals nothing in the project writes (operator
panels, ADS clients) are named under the step that reads them, so the chain
visibly ends there rather than just stopping.
"""

from __future__ import annotations

from werk.tools.plant.engineering import Engineering
from werk.tools.plant.flow import StepKind
from werk.tools.plant.model import SystemModel
from werk.tools.plant.slicing import Slice, SliceDirection
from werk.tools.plant.views.as_json import Shown

ARROW = {SliceDirection.BACKWARD: "<-", SliceDirection.FORWARD: "->"}


def engineering_text(value: Engineering) -> str:
    parts = [f"[{value.unit}]" if value.unit else "", value.range_text() or ""]
    return " ".join(p for p in parts if p)


def system_text(model: SystemModel, shown: Shown = str) -> str:
    out: list[str] = []
    out.append("Tasks")
    if not model.tasks:
        out.append("  (none declared: every PROGRAM no other POU calls is listed without a task)")
    for task in model.tasks:
        timing = ", ".join(
            t
            for t in (
                task.interval,
                f"priority {task.priority}" if task.priority is not None else "",
            )
            if t
        )
        where = f"  {shown(task.source.path)}:{task.source.line}" if task.source else ""
        out.append(
            f"  {task.name} ({timing or 'no interval'}): {', '.join(task.programs) or '-'}{where}"
        )
    out.append("")
    out.append("Instances")
    for instance in model.instances.all():
        indent = "  " * (instance.depth + 1)
        task = model.task_of(instance.root.path) if instance.parent is None else None
        suffix = f"  [task {task}]" if task else ""
        out.append(f"{indent}{instance.path} : {instance.pou.name}{instance.array or ''}{suffix}")
    out.append("")
    out.append("I/O")
    if not model.io.points:
        out.append("  (no addresses declared or used)")
    width = max((len(p.address or "") for p in model.io.points), default=0)
    for point in model.io.points:
        extra = engineering_text(point.engineering)
        links = "".join(f"  <-> {link.endpoint}" for link in point.links)
        description = f"  ({point.description})" if point.description else ""
        out.append(
            f"  {(point.address or '-').ljust(width)}  {point.direction.value:6}  "
            f"{point.signal} : {point.type}{' ' + extra if extra else ''}{description}{links}"
        )
    conflicts = model.multi_task_writes()
    if conflicts:
        out.append("")
        out.append("Written by more than one task")
        for conflict in conflicts:
            out.append(f"  {conflict.signal}: tasks {', '.join(conflict.tasks)}")
            for step in conflict.writers:
                tasks = ", ".join(step.tasks) or "-"
                out.append(
                    f"    {step.context or '-'}: {step.statement}  "
                    f"{shown(step.source.path)}:{step.source.line}  [{tasks}]"
                )
    return "\n".join(out) + "\n"


def unwritten(model: SystemModel, signal: str) -> str:
    """Why a signal a step reads has no writer: a constant, an initial value, or the outside."""
    variable = model.variable_at(signal)
    if variable is not None and variable.is_constant:
        return f"a constant: {variable.initial_value}" if variable.initial_value else "a constant"
    if variable is not None and variable.initial_value:
        return f"not written in the project; initial value {variable.initial_value}"
    return "not written in the project"


def slice_text(model: SystemModel, result: Slice, shown: Shown = str) -> str:
    backward = result.direction is SliceDirection.BACKWARD
    out = [f"{result.target}: {'what drives it' if backward else 'what it drives'}"]
    if not result.steps:
        out.append(f"  (nothing in the project {'writes' if backward else 'reads'} it)")
    arrow = ARROW[result.direction]
    children: dict[int | None, list[int]] = {}
    for index, entry in enumerate(result.steps):
        children.setdefault(entry.parent, []).append(index)

    def show(index: int, indent: int) -> None:
        entry = result.steps[index]
        step = entry.step
        via = " (condition)" if entry.role == "condition" else ""
        out.append(
            f"{'  ' * indent}{entry.signal}{via} {arrow} {step.statement}"
            f"  [{step.context or 'I/O'}]  {shown(step.source.path)}:{step.source.line}"
        )
        if backward and step.kind is not StepKind.IO:
            for source in (*step.sources, *step.conditions):
                if not model.flow.writers(source):
                    out.append(
                        f"{'  ' * (indent + 1)}{source} {arrow} ({unwritten(model, source)})"
                    )
        for child in children.get(index, []):
            show(child, indent + 1)

    for root in children.get(None, []):
        show(root, 1)
    if result.truncated:
        out.append("  ... (cut at --depth)")
    return "\n".join(out) + "\n"
