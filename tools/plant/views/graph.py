"""The system as a diagram: tasks -> programs -> FB instances -> I/O, shared by DOT and HTML.

Nodes sit in four columns (tasks, PROGRAM instances and global FB
instances, the FB instances below them, the I/O points). Edges: a task runs
its programs, an instance contains its instances, an instance writes an
output (or marker) or reads an input; the reading and writing instances come
from the signal flow. Instances of standard FBs (TON, R_TRIG...) are left out
of the diagram (they are in the tables): there is one per timer and edge,
and they would bury the structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from werk.tools.plant.addresses import Direction
from werk.tools.plant.flow import StepKind
from werk.tools.plant.instances import FbInstance
from werk.tools.plant.io_image import IoPoint
from werk.tools.plant.model import SystemModel
from werk.tools.st.model.symbols import key

TASKS, PROGRAMS, INSTANCES, IO = 0, 1, 2, 3


@dataclass(frozen=True)
class DiagramNode:
    id: str
    column: int
    label: str
    detail: str
    depth: int = 0
    parent: str | None = None  # the containing node, for instances


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    kind: str  # runs, contains, writes, reads


@dataclass
class Diagram:
    nodes: list[DiagramNode]
    edges: list[DiagramEdge]


def task_id(name: str) -> str:
    return f"task:{name}"


def instance_id(path: str) -> str:
    return f"inst:{path}"


def io_id(signal: str) -> str:
    return f"io:{signal}"


def system_diagram(model: SystemModel) -> Diagram:
    nodes: list[DiagramNode] = []
    edges: list[DiagramEdge] = []
    for task in model.tasks:
        timing = [
            t
            for t in (task.interval, f"prio {task.priority}" if task.priority is not None else None)
            if t
        ]
        nodes.append(DiagramNode(task_id(task.name), TASKS, task.name, ", ".join(timing)))
    visible: dict[str, str] = {}  # instance key -> node id
    for root in model.instances.roots:
        for instance in root.walk():
            if instance.parent is not None and model.project.is_standard(instance.pou):
                continue
            node_id = instance_id(instance.path)
            visible[instance.key] = node_id
            parent = instance_id(instance.parent.path) if instance.parent is not None else None
            nodes.append(
                DiagramNode(
                    node_id,
                    PROGRAMS if instance.parent is None else INSTANCES,
                    instance.path if instance.parent is None else instance.name,
                    type_label(instance),
                    instance.depth,
                    parent,
                )
            )
            if parent is not None:
                edges.append(DiagramEdge(parent, node_id, "contains"))
    for run in model.programs:
        if run.task and key(run.name) in visible:
            edges.append(DiagramEdge(task_id(run.task), visible[key(run.name)], "runs"))
    seen: set[tuple[str, str]] = set()
    order = {Direction.INPUT: 0, Direction.OUTPUT: 1, Direction.MEMORY: 2}
    for point in sorted(model.io.points, key=lambda p: order[p.direction]):
        point_id = io_id(point.signal)
        nodes.append(DiagramNode(point_id, IO, io_title(point), io_label(point.signal, point.type)))
        for context, kind in io_contexts(model, point.signal, point.direction, point.instance):
            node = nearest_visible(context, visible)
            if node is None:
                continue
            pair = (node, point_id) if kind == "writes" else (point_id, node)
            if pair not in seen:
                seen.add(pair)
                edges.append(DiagramEdge(pair[0], pair[1], kind))
    return Diagram(nodes, edges)


def type_label(instance: FbInstance) -> str:
    return f"{instance.pou.name}{instance.array or ''}"


def io_title(point: IoPoint) -> str:
    """The address, and for a linked point the terminal and channel it is wired to."""
    title = point.address or point.signal
    for link in point.links[:1]:
        title += f" = {link.device.rsplit('^', 1)[-1]} {link.channel.replace('^', ' ')}"
    return title


def io_label(signal: str, type_name: str) -> str:
    return f"{signal} : {type_name}"


def io_contexts(
    model: SystemModel, signal: str, direction: Direction, owner: str | None
) -> list[tuple[str, str]]:
    """The instances that write an output or read an input (both for marker memory)."""
    found: list[tuple[str, str]] = []
    if direction in (Direction.OUTPUT, Direction.MEMORY):
        found += [
            (s.context, "writes") for s in model.flow.writers(signal) if s.kind is not StepKind.IO
        ]
    if direction in (Direction.INPUT, Direction.MEMORY):
        found += [
            (s.context, "reads") for s in model.flow.readers(signal) if s.kind is not StepKind.IO
        ]
    if not found and owner is not None:
        found.append((owner, "writes" if direction is Direction.OUTPUT else "reads"))
    return found


def nearest_visible(context: str, visible: dict[str, str]) -> str | None:
    """The diagram node of ``context`` or of the closest instance containing it."""
    path = key(context)
    while path:
        if path in visible:
            return visible[path]
        if "." not in path:
            return None
        path = path.rsplit(".", 1)[0]
    return None
