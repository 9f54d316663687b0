"""The system diagram as Graphviz DOT (``werk system --dot | dot -Tsvg``).

Left to right: tasks, PROGRAM instances, FB instances, I/O points; see
``werk.tools.plant.views.graph`` for what the nodes and edges are.
"""

from __future__ import annotations

from werk.tools.plant.model import SystemModel
from werk.tools.plant.views.graph import INSTANCES, IO, PROGRAMS, TASKS, system_diagram

STYLE = {
    TASKS: 'shape=box, style="rounded,filled", fillcolor="#dbeafe"',
    PROGRAMS: 'shape=box, style="filled", fillcolor="#dcfce7"',
    INSTANCES: 'shape=box, style="filled", fillcolor="#f3f4f6"',
    IO: 'shape=note, style="filled", fillcolor="#fef3c7"',
}
EDGE_STYLE = {
    "runs": "penwidth=1.6",
    "contains": 'color="#6b7280"',
    "writes": 'color="#b45309", label="writes", fontsize=8',
    "reads": 'color="#2563eb", label="reads", fontsize=8',
}


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def system_dot(model: SystemModel, name: str = "system") -> str:
    diagram = system_diagram(model)
    lines = [
        f"digraph {quoted(name)} {{",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", arrowsize=0.7];',
    ]
    for column in (TASKS, PROGRAMS, INSTANCES, IO):
        members = [n for n in diagram.nodes if n.column == column]
        if not members:
            continue
        lines.append(f"  subgraph {quoted(f'column{column}')} {{")
        lines.append("    rank=same;" if column != INSTANCES else "    // instances")
        for node in members:
            label = f"{node.label}\n{node.detail}" if node.detail else node.label
            lines.append(f"    {quoted(node.id)} [label={quoted(label)}, {STYLE[column]}];")
        lines.append("  }")
    for edge in diagram.edges:
        lines.append(f"  {quoted(edge.source)} -> {quoted(edge.target)} [{EDGE_STYLE[edge.kind]}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
