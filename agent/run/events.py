"""The run's event stream: one sink the graph and the tools call, many listeners.

Nodes and tools report what happens as ``events(kind, data)``; the bus
stamps each event (time, run id, sequence number) and hands it to every
listener: the JSONL file under ``.werk/runs/<id>/``, a copy the user asked
for (``--events FILE``), the terminal's progress display, the language
server. A listener that fails is dropped with a log line: reporting must
never stop a run.

Event kinds: ``run`` (started, resumed, finished), ``node`` (a graph node
starts or ends), ``model`` (one model call with its tokens), ``tool`` (a
tool call; the tools emit their own as well), ``verify`` (one gate step),
``budget`` (a budget ran out), ``deliver`` (commit or not), ``error``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger(__name__)

EventSink = Callable[[str, dict[str, Any]], None]
"""What nodes and tools call: ``events("tool", {"name": "read_file", ...})``."""
Listener = Callable[[dict[str, Any]], None]
"""Receives each stamped event as one JSON-ready dict."""


def no_events(kind: str, data: dict[str, Any]) -> None:
    """A sink that drops everything (tests of single nodes, the benchmark)."""


class EventBus:
    """Stamps events and fans them out; thread-safe, because tools may run in threads."""

    def __init__(self, run_id: str, listeners: list[Listener] | None = None) -> None:
        self.run_id = run_id
        self._listeners: list[Listener] = list(listeners or [])
        self._lock = threading.Lock()
        self._sequence = 0

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        with self._lock:
            self._sequence += 1
            event = {
                "ts": round(time.time(), 3),
                "seq": self._sequence,
                "run_id": self.run_id,
                "kind": kind,
                **_json_ready(data),
            }
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken display or full disk must not end the run
                log.warning("event listener %r failed; dropping it", listener, exc_info=True)
                with self._lock:
                    if listener in self._listeners:
                        self._listeners.remove(listener)


class JsonlWriter:
    """Appends events to a JSON Lines file, one flushed line each (readable while running)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file: TextIO | None = path.open("a", encoding="utf-8")

    def __call__(self, event: dict[str, Any]) -> None:
        if self._file is None:
            return
        self._file.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_events(path: Path) -> list[dict[str, Any]]:
    """The events of a JSONL file; a line cut off by a crash is skipped."""
    events: list[dict[str, Any]] = []
    if not path.is_file():
        return events
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return events


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    """The event's fields as JSON values; anything else becomes its text."""
    ready: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or isinstance(value, bool | int | float | str):
            ready[key] = value
        elif isinstance(value, Path):
            ready[key] = str(value)
        elif isinstance(value, dict):
            ready[key] = _json_ready({str(k): v for k, v in value.items()})
        elif isinstance(value, list | tuple):
            ready[key] = [_json_ready({"v": item})["v"] for item in value]
        else:
            ready[key] = str(value)
    return ready
