"""The event bus: stamped events, JSON Lines on disk, listeners that fail are dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from werk.agent.run.events import EventBus, JsonlWriter, read_events


def test_events_are_stamped_and_written_as_json_lines(tmp_path: Path) -> None:
    writer = JsonlWriter(tmp_path / "runs" / "events.jsonl")
    bus = EventBus("run-1", [writer])
    bus("tool", {"name": "read_file", "path": tmp_path / "a.st", "args": {"n": (1, 2)}})
    bus("model", {"step": 1, "odd": object()})
    writer.close()
    events = read_events(tmp_path / "runs" / "events.jsonl")
    assert [event["seq"] for event in events] == [1, 2]
    assert events[0]["run_id"] == "run-1"
    assert events[0]["kind"] == "tool"
    assert events[0]["path"] == str(tmp_path / "a.st")
    assert events[0]["args"] == {"n": [1, 2]}
    assert events[1]["odd"].startswith("<object object")


def test_a_failing_listener_is_dropped_and_the_others_go_on() -> None:
    seen: list[dict[str, Any]] = []
    calls = 0

    def broken(event: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        raise OSError("disk full")

    bus = EventBus("r", [broken, seen.append])
    bus("a", {})
    bus("b", {})
    assert calls == 1
    assert [event["kind"] for event in seen] == ["a", "b"]


def test_a_line_cut_off_by_a_crash_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps({"kind": "a"}) + "\n" + '{"kind": "b", "cut', encoding="utf-8")
    assert read_events(path) == [{"kind": "a"}]
    assert read_events(tmp_path / "missing.jsonl") == []


def test_appending_keeps_earlier_events(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    for run in ("first", "resumed"):
        writer = JsonlWriter(path)
        EventBus(run, [writer])("run", {})
        writer.close()
    assert [event["run_id"] for event in read_events(path)] == ["first", "resumed"]
