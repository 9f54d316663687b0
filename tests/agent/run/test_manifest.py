"""The run manifest: what --resume rebuilds a run from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werk.agent.run.manifest import RunManifest
from werk.tools.errors import UsageError


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / ".werk" / "runs" / "r1" / "run.json"
    manifest = RunManifest(
        run_id="r1", repo="/repo", task="Fix it", model="gpu", max_steps=4, settings=["a=1"]
    )
    manifest.save(path)
    assert json.loads(path.read_text())["format"] == "werk.run-manifest/1"
    assert RunManifest.load(path) == manifest


def test_fields_a_newer_werk_added_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"run_id": "r", "repo": "/x", "task": "t", "future": 1}))
    assert RunManifest.load(path).task == "t"


def test_an_unknown_run_says_where_to_look(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no run r9") as caught:
        RunManifest.load(tmp_path / "repo" / ".werk" / "runs" / "r9" / "run.json")
    assert caught.value.hint is not None and "ls .werk/runs" in caught.value.hint
