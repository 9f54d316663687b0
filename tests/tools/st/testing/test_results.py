"""The JSON form of a run: the schema the agent and the benchmark read."""

from __future__ import annotations

import json
from pathlib import Path

from tests.tools.st.testing.support import plant, run_all, write


def test_json_schema_version_1(tmp_path: Path) -> None:
    root = plant(tmp_path / "project")
    write(
        root,
        "t.trace.yaml",
        "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\ntraces:\n"
        "  - name: ok\n    rows: [[4, 1]]\n  - name: bad\n    rows: [[4, 1], [0, 1]]\n",
    )
    write(
        root, "d.trace.yaml", "pou: FB_Divide\ninputs: [nBy]\noutputs: [nResult]\nrows: [[0, 0]]\n"
    )
    data = json.loads(json.dumps(run_all(root, coverage=True).to_json()))
    assert data["version"] == 1
    assert {k: v for k, v in data["summary"].items() if k != "duration_s"} == {
        "total": 3,
        "passed": 1,
        "failed": 1,
        "errors": 1,
    }
    fault, ok, bad = data["tests"]
    keys = {"name", "kind", "file", "line", "pou", "status", "cycles", "duration_s"}
    assert set(ok) == keys | {"failure", "fault", "error"}
    assert {k: ok[k] for k in ("name", "kind", "file", "line", "pou", "status", "cycles")} == {
        "name": "t.trace.yaml::ok",
        "kind": "trace",
        "file": "t.trace.yaml",
        "line": 5,
        "pou": "FB_Classify",
        "status": "pass",
        "cycles": 1,
    }
    assert (ok["failure"], ok["fault"], ok["error"]) == (None, None, None)
    assert bad["failure"] == {
        "cycle": 2,
        "time_ms": 10.0,
        "signal": "nClass",
        "expected": "1",
        "actual": "0",
        "message": "cycle 2 (t=10ms): nClass expected 1, got 0",
        "position": "t.trace.yaml:8",
        "step": None,
        "details": [],
    }
    assert fault["status"] == "error" and fault["failure"] is None
    assert fault["fault"]["kind"] == "division by zero"
    assert fault["fault"]["position"].startswith("plant.st:")
    assert fault["fault"]["stack"][0].startswith("FB_Divide (FB_Divide) at plant.st:")
    assert (fault["fault"]["cycle"], fault["fault"]["time_ms"]) == (1, 0.0)
    assert data["coverage"]["files"][0]["file"] == "plant.st"
