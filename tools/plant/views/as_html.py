"""The system model as one self-contained HTML page (``werk system --html``).

A person should rather look at it than read the JSON: a diagram of tasks ->
programs -> FB instances -> I/O (SVG, laid out here, no script needed to
draw it), and searchable tables of the I/O points, the tasks, the instances
and the signals several tasks write. Everything is inline: the page works
from a file, offline, forwarded by mail; it loads nothing from anywhere.

Typing in the search box filters every table and dims the diagram nodes that
do not match; clicking a diagram node searches for it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from werk.tools.plant.addresses import Direction
from werk.tools.plant.model import SystemModel
from werk.tools.plant.views.as_json import Shown, system_json
from werk.tools.plant.views.as_text import engineering_text
from werk.tools.plant.views.graph import (
    INSTANCES,
    IO,
    PROGRAMS,
    TASKS,
    Diagram,
    DiagramNode,
    system_diagram,
)

COLUMN_X = {TASKS: 16, PROGRAMS: 236, INSTANCES: 476, IO: 816}
COLUMN_WIDTH = {TASKS: 190, PROGRAMS: 210, INSTANCES: 290, IO: 300}
COLUMN_TITLE = {TASKS: "Tasks", PROGRAMS: "Programs", INSTANCES: "FB instances", IO: "I/O"}
ROW, NODE_HEIGHT, TOP, INDENT = 40, 32, 40, 14
DIRECTION_ORDER = {Direction.INPUT: 0, Direction.OUTPUT: 1, Direction.MEMORY: 2}

CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;
  color:#111827;background:#f9fafb}
header{padding:16px 24px;background:#1f2937;color:#f9fafb}
header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#d1d5db}
main{padding:16px 24px}
section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;
  padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:4px 0 10px}
#search{width:100%;max-width:480px;padding:8px 10px;font-size:14px;
  border:1px solid #9ca3af;border-radius:6px}
.diagram{overflow:auto;max-height:80vh}
svg text{font:12px system-ui,sans-serif;pointer-events:none}
svg .detail{fill:#4b5563;font-size:10.5px}
svg .title{font-weight:600;fill:#374151;font-size:13px}
.node rect{stroke:#9ca3af;stroke-width:1}
.node{cursor:pointer}.node:hover rect{stroke:#111827;stroke-width:2}
.c0 rect{fill:#dbeafe}.c1 rect{fill:#dcfce7}.c2 rect{fill:#f3f4f6}.c3 rect{fill:#fef3c7}
.edge{fill:none;stroke:#9ca3af;stroke-width:1.2;opacity:.8}
.edge.runs{stroke:#2563eb;stroke-width:1.6}.edge.writes{stroke:#b45309}.edge.reads{stroke:#059669}
.dim{opacity:.15}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f3f4f6;position:sticky;top:0}
tr.hidden{display:none}
code{font:12px ui-monospace,Menlo,Consolas,monospace}
.legend span{display:inline-block;margin-right:14px}
.swatch{display:inline-block;width:22px;height:3px;vertical-align:middle;margin-right:4px}
"""

SCRIPT = """
(function(){
  var box=document.getElementById('search');
  function apply(){
    var q=box.value.trim().toLowerCase();
    document.querySelectorAll('[data-search]').forEach(function(el){
      var hit=!q||el.getAttribute('data-search').indexOf(q)>=0;
      if(el.tagName==='TR'){el.classList.toggle('hidden',!hit);}else{el.classList.toggle('dim',!hit);}
    });
    document.querySelectorAll('.edge').forEach(function(edge){
      var a=document.getElementById(edge.getAttribute('data-from'));
      var b=document.getElementById(edge.getAttribute('data-to'));
      var lit=!q||(a&&!a.classList.contains('dim'))||(b&&!b.classList.contains('dim'));
      edge.classList.toggle('dim',!lit);
    });
  }
  box.addEventListener('input',apply);
  document.querySelectorAll('.node').forEach(function(node){
    node.addEventListener('click',function(){box.value=node.getAttribute('data-name');apply();});
  });
})();
"""


def system_html(model: SystemModel, shown: Shown = str, title: str = "werk system") -> str:
    data = system_json(model, shown)
    diagram = system_diagram(model)
    svg = diagram_svg(diagram)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1><p>{summary(data)}</p></header><main>",
        '<section><input id="search" type="search" placeholder="Search signals, addresses, '
        'instances, tasks..." aria-label="Search"></section>',
        '<section><h2>Tasks, programs, instances and I/O</h2><p class="legend">'
        '<span><i class="swatch" style="background:#2563eb"></i>runs</span>'
        '<span><i class="swatch" style="background:#9ca3af"></i>contains</span>'
        '<span><i class="swatch" style="background:#b45309"></i>writes</span>'
        '<span><i class="swatch" style="background:#059669"></i>reads</span></p>'
        f'<div class="diagram">{svg}</div></section>',
        io_table(data),
        task_table(data),
        conflict_table(data),
        instance_table(data),
        f"</main><script>{SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


def summary(data: dict[str, Any]) -> str:
    counts = [
        (len(data["tasks"]), "task"),
        (len(data["programs"]), "program"),
        (len(data["instances"]), "instance"),
        (len(data["io"]), "I/O point"),
    ]
    text = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)
    conflicts = len(data["multi_task_writes"])
    if conflicts:
        text += f"; {conflicts} signal{'' if conflicts == 1 else 's'} written by several tasks"
    return escape(text)


# --- diagram -------------------------------------------------------------------------------


def layout(diagram: Diagram) -> dict[str, tuple[float, float, float]]:
    """x, y and width of every node: instances in tree order, each program on the row of its
    first instance, each task beside its first program, the I/O points in their own column."""
    rows: dict[str, int] = {}
    next_free = child_row = 0
    for node in diagram.nodes:  # in tree order: each root, then the instances below it
        if node.column == PROGRAMS:
            rows[node.id] = child_row = next_free
            next_free += 1
        elif node.column == INSTANCES:
            rows[node.id] = child_row
            child_row += 1
            next_free = max(next_free, child_row)
    placed: dict[str, tuple[float, float, float]] = {}
    for node in diagram.nodes:
        if node.column in (PROGRAMS, INSTANCES):
            indent = INDENT * max(0, node.depth - 1) if node.column == INSTANCES else 0
            x = COLUMN_X[node.column] + indent
            placed[node.id] = (x, TOP + rows[node.id] * ROW, COLUMN_WIDTH[node.column] - indent)
    first_program: dict[str, str] = {}
    for edge in diagram.edges:
        if edge.kind == "runs":
            first_program.setdefault(edge.source, edge.target)
    used: set[int] = set()
    for node in (n for n in diagram.nodes if n.column == TASKS):
        wanted = rows.get(first_program.get(node.id, ""), 0)
        while wanted in used:
            wanted += 1
        used.add(wanted)
        placed[node.id] = (COLUMN_X[TASKS], TOP + wanted * ROW, COLUMN_WIDTH[TASKS])
    for index, node in enumerate(n for n in diagram.nodes if n.column == IO):
        placed[node.id] = (COLUMN_X[IO], TOP + index * ROW, COLUMN_WIDTH[IO])
    return placed


def diagram_svg(diagram: Diagram) -> str:
    if not diagram.nodes:
        return "<p>Nothing to draw: no tasks, programs or I/O in the project.</p>"
    placed = layout(diagram)
    ids = {node.id: f"n{index}" for index, node in enumerate(diagram.nodes)}
    height = max(y for _, y, _ in placed.values()) + ROW + 8
    width = COLUMN_X[IO] + COLUMN_WIDTH[IO] + 16
    out = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6b7280"/></marker></defs>',
    ]
    for column, title in COLUMN_TITLE.items():
        out.append(f'<text class="title" x="{COLUMN_X[column]}" y="20">{title}</text>')
    for edge in diagram.edges:
        if edge.source not in placed or edge.target not in placed:
            continue
        out.append(
            edge_path(
                edge.kind,
                placed[edge.source],
                placed[edge.target],
                ids[edge.source],
                ids[edge.target],
            )
        )
    for node in diagram.nodes:
        out.append(node_svg(node, placed[node.id], ids[node.id]))
    out.append("</svg>")
    return "".join(out)


def edge_path(
    kind: str,
    source: tuple[float, float, float],
    target: tuple[float, float, float],
    source_id: str,
    target_id: str,
) -> str:
    """A tree connector inside the instance column, else a curve from the left node's right
    side to the right node's left side with an arrowhead where the value arrives."""
    sx, sy, _ = source
    tx, ty, _ = target
    attributes = f'class="edge {kind}" data-from="{source_id}" data-to="{target_id}"'
    if kind == "contains" and tx > sx and tx - sx < 120:
        x = sx + 8
        return f'<path {attributes} d="M{x},{sy + NODE_HEIGHT} V{ty + NODE_HEIGHT / 2} H{tx}"/>'
    rightwards = sx <= tx
    (lx, ly, lw), (rx, ry, _) = (source, target) if rightwards else (target, source)
    x1, y1 = lx + lw, ly + NODE_HEIGHT / 2
    x2, y2 = rx, ry + NODE_HEIGHT / 2
    middle = (x1 + x2) / 2
    arrow = 'marker-end="url(#arrow)"' if rightwards else 'marker-start="url(#arrow)"'
    if kind == "contains":
        arrow = ""
    return f'<path {attributes} {arrow} d="M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"/>'


def node_svg(node: DiagramNode, place: tuple[float, float, float], svg_id: str) -> str:
    x, y, width = place
    name = node.id.split(":", 1)[1]
    search = escape(f"{name} {node.label} {node.detail}".lower(), quote=True)
    label = clip(node.label, width)
    detail = clip(node.detail, width)
    return (
        f'<g class="node c{node.column}" id="{svg_id}" data-name="{escape(name, quote=True)}" '
        f'data-search="{search}"><title>{escape(node.label)} {escape(node.detail)}</title>'
        f'<rect x="{x}" y="{y}" width="{width}" height="{NODE_HEIGHT}" rx="5"/>'
        f'<text x="{x + 6}" y="{y + 13}">{escape(label)}</text>'
        f'<text class="detail" x="{x + 6}" y="{y + 26}">{escape(detail)}</text></g>'
    )


def clip(text: str, width: float) -> str:
    limit = max(8, int(width / 6.6))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- tables --------------------------------------------------------------------------------


def row(cells: list[str], search: str) -> str:
    return (
        f'<tr data-search="{escape(search.lower(), quote=True)}">'
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
    )


def table(title: str, headers: list[str], rows: list[str], empty: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(rows) if rows else f'<tr><td colspan="{len(headers)}">{escape(empty)}</td></tr>'
    return (
        f"<section><h2>{escape(title)}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></section>"
    )


def where(position: dict[str, Any] | None) -> str:
    if not position:
        return ""
    return f"<code>{escape(str(position['file']))}:{position['line']}</code>"


def io_table(data: dict[str, Any]) -> str:
    points = sorted(
        data["io"],
        key=lambda p: (
            DIRECTION_ORDER.get(Direction(p["direction"]), 3),
            p["address"] or "",
            p["signal"].lower(),
        ),
    )
    rows = []
    for p in points:
        unit_range = engineering_text_of(p)
        links = "<br>".join(escape(f"{link['device']}^{link['channel']}") for link in p["links"])
        users = ", ".join(
            [*(f"writes: {c}" for c in p["written_by"]), *(f"reads: {c}" for c in p["read_by"])]
        )
        cells = [
            f"<code>{escape(p['address'] or '')}</code>",
            f"<code>{escape(p['signal'])}</code>",
            escape(p["direction"]),
            f"<code>{escape(p['type'])}</code>",
            escape(unit_range),
            escape(p["description"] or ""),
            links,
            escape(users),
            escape(", ".join(p["tasks"])),
            where(p["declared_at"]),
        ]
        search = " ".join(
            str(v)
            for v in (
                p["address"],
                p["signal"],
                p["direction"],
                p["type"],
                unit_range,
                p["description"],
                users,
                " ".join(p["tasks"]),
                links,
            )
        )
        rows.append(row(cells, search))
    return table(
        "I/O",
        [
            "Address",
            "Signal",
            "Direction",
            "Type",
            "Unit, range",
            "Description",
            "Link",
            "Used by",
            "Tasks",
            "Declared",
        ],
        rows,
        "No addresses declared or used.",
    )


def engineering_text_of(point: dict[str, Any]) -> str:
    from werk.tools.plant.engineering import Engineering

    bounds = point.get("range") or {}
    assert isinstance(bounds, dict)
    unit = point.get("unit")
    return engineering_text(
        Engineering(unit if isinstance(unit, str) else None, bounds.get("low"), bounds.get("high"))
    )


def task_table(data: dict[str, Any]) -> str:
    rows = [
        row(
            [
                escape(t["name"]),
                escape(t["interval"] or ""),
                escape("" if t["priority"] is None else str(t["priority"])),
                escape(", ".join(t["programs"])),
                escape(t["origin"]),
                where(t["declared_at"]),
            ],
            f"{t['name']} {' '.join(t['programs'])}",
        )
        for t in data["tasks"]
    ]
    return table(
        "Tasks",
        ["Task", "Interval", "Priority", "Programs", "From", "Declared"],
        rows,
        "No task declared.",
    )


def conflict_table(data: dict[str, Any]) -> str:
    rows = []
    for conflict in data["multi_task_writes"]:
        writers = "<br>".join(
            f"{escape(w['context'])}: <code>{escape(w['statement'])}</code> {where(w['at'])} "
            f"[{escape(', '.join(w['tasks']))}]"
            for w in conflict["writers"]
        )
        rows.append(
            row(
                [
                    f"<code>{escape(conflict['signal'])}</code>",
                    escape(", ".join(conflict["tasks"])),
                    writers,
                ],
                f"{conflict['signal']} {' '.join(conflict['tasks'])}",
            )
        )
    return table(
        "Written by more than one task",
        ["Signal", "Tasks", "Writes"],
        rows,
        "None: every signal has writers in one task at most.",
    )


def instance_table(data: dict[str, Any]) -> str:
    rows = [
        row(
            [
                f"<code>{escape(i['path'])}</code>",
                escape(i["type"] + (i["array"] or "")),
                where(i["declared_at"]),
            ],
            f"{i['path']} {i['type']}",
        )
        for i in data["instances"]
    ]
    return table("Instances", ["Path", "Type", "Declared"], rows, "No instances.")
