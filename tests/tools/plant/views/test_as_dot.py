"""The DOT view is valid Graphviz: checked with ``dot`` when installed, and structurally."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from werk.tools.plant.model import SystemModel
from werk.tools.plant.views.as_dot import quoted, system_dot

STATEMENT = re.compile(r'^\s*("(?:[^"\\]|\\.)*")(?:\s*->\s*("(?:[^"\\]|\\.)*"))?\s*\[.*\];$')


def test_every_edge_joins_declared_nodes(plain: SystemModel) -> None:
    text = system_dot(plain, 'plain "plant"')
    lines = text.splitlines()
    assert lines[0] == 'digraph "plain \\"plant\\"" {' and lines[-1] == "}"
    assert text.count("{") == text.count("}")
    nodes, edges = set(), []
    for line in lines:
        match = STATEMENT.match(line)
        if match is None:
            continue
        if match.group(2) is None:
            nodes.add(match.group(1))
        else:
            edges.append((match.group(1), match.group(2)))
    assert len(nodes) == 14 and len(edges) == 13
    assert all(a in nodes and b in nodes for a, b in edges)
    assert '  "task:Fast" -> "inst:Main" [penwidth=1.6];' in lines


def test_quoting() -> None:
    assert quoted('a "b"\\c\nd') == '"a \\"b\\"\\\\c\\nd"'


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("name", ["plain", "twincat"])
def test_graphviz_reads_it(name: str, request: pytest.FixtureRequest) -> None:
    model: SystemModel = request.getfixturevalue(name)
    done = subprocess.run(
        ["dot", "-Tsvg"], input=system_dot(model), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout
