"""The JSON views keep a stable schema."""

from __future__ import annotations

import json

from tests.tools.plant.conftest import PLAIN, TWINCAT
from werk.tools.plant.model import SystemModel
from werk.tools.plant.slicing import SliceDirection
from werk.tools.plant.views.as_json import relative_to, slice_json, system_json


def test_the_system_schema(plain: SystemModel) -> None:
    data = json.loads(json.dumps(system_json(plain, relative_to(PLAIN))))
    assert data["schema"] == "werk.system/1"
    assert list(data) == [
        "schema", "tasks", "programs", "instances", "io", "globals", "multi_task_writes",
        "unresolved_links",
    ]  # fmt: skip
    reset = next(g for g in data["globals"] if g["path"] == "GVL_Data.bReset")
    assert reset == {
        "path": "GVL_Data.bReset",
        "type": "BOOL",
        "address": None,
        "constant": False,
        "unit": None,
        "range": None,
        "description": "written by Main and by Diag: two tasks",
        "declared_at": {"file": "GVL_Data.st", "line": 2, "column": 5},
        "written_by": ["Diag", "Main"],
        "read_by": ["Main"],
        "tasks_writing": ["Fast", "Slow"],
    }
    assert data["tasks"][0] == {
        "name": "Fast",
        "interval": "T#10MS",
        "interval_ms": 10.0,
        "priority": 1,
        "programs": ["Main"],
        "origin": "configuration",
        "declared_at": {"file": "config.st", "line": 3, "column": 14},
    }
    assert data["instances"][2] == {
        "path": "Main.fbStation.fbPump1",
        "type": "FB_Pump",
        "parent": "Main.fbStation",
        "array": None,
        "standard": False,
        "declared_at": {"file": "FB_Station.st", "line": 11, "column": 5},
    }
    level = next(p for p in data["io"] if p["signal"] == "GVL_IO.nLevelRaw")
    assert level == {
        "signal": "GVL_IO.nLevelRaw",
        "address": "%IW2",
        "direction": "input",
        "type": "INT",
        "unit": "mm",
        "range": {"low": 0.0, "high": 2000.0},
        "description": "tank level [mm] 0..2000",
        "instance": None,
        "direct_use": False,
        "declared_at": {"file": "GVL_IO.st", "line": 5, "column": 5},
        "links": [],
        "written_by": [],
        "read_by": ["Main"],
        "tasks": ["Fast"],
    }
    [conflict] = data["multi_task_writes"]
    assert conflict["signal"] == "GVL_Data.bReset"
    assert [w["at"]["line"] for w in conflict["writers"]] == [11, 7]


def test_links_in_json(twincat: SystemModel) -> None:
    data = system_json(twincat, relative_to(TWINCAT))
    start = next(p for p in data["io"] if p["signal"] == "GVL_IO.bStart")
    assert start["links"] == [
        {
            "device": "TIID^Device 1 (EtherCAT)^Term 1 (EK1100)^Term 2 (EL1008)",
            "channel": "Channel 1^Input",
            "task": "PlcTask",
            "at": {"file": "Plant.tsproj", "line": 29, "column": 6},
        }
    ]


def test_the_trace_schema(plain: SystemModel) -> None:
    data = slice_json(
        plain.slice("%QX0.1", SliceDirection.BACKWARD, max_depth=2), relative_to(PLAIN)
    )
    assert data["schema"] == "werk.trace/1"
    assert (data["target"], data["direction"], data["truncated"]) == ("%QX0.1", "backward", True)
    assert data["steps"] == [
        {
            "depth": 1, "signal": "%QX0.1", "role": "data", "parent": None, "kind": "io",
            "target": "%QX0.1", "sources": ["GVL_IO.bPump2"], "conditions": [], "context": "",
            "pou": "", "statement": "bPump2 AT %QX0.1 : BOOL;",
            "at": {"file": "GVL_IO.st", "line": 7, "column": 5}, "tasks": [], "conditional": False,
        },
        {
            "depth": 2, "signal": "GVL_IO.bPump2", "role": "data", "parent": 0, "kind": "assign",
            "target": "GVL_IO.bPump2", "sources": ["Main.fbStation.bPump2On"], "conditions": [],
            "context": "Main", "pou": "MAIN", "statement": "GVL_IO.bPump2 := fbStation.bPump2On;",
            "at": {"file": "MAIN.st", "line": 9, "column": 1}, "tasks": ["Fast"],
            "conditional": False,
        },
    ]  # fmt: skip
