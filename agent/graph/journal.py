"""The tool journal: tool calls already made, so a resumed step does not make them twice.

LangGraph re-runs an interrupted node from its start. For the tools node
that would apply an edit a second time (and fail, because its search text
is gone) or rerun a long test. So each finished call is appended to
``tool-journal.jsonl`` under its call id, with the outcome the node derived
from it; on resume the node replays the recorded outcome instead of calling
the tool. A crash between a tool's side effect and its journal line can
still repeat that one call; the window is one ``write``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ToolJournal:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] = {}
        if path is not None and path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut off by the crash: that call runs again
                if isinstance(entry, dict) and isinstance(entry.get("call_id"), str):
                    self._entries[entry["call_id"]] = entry

    def recorded(self, call_id: str) -> dict[str, Any] | None:
        return self._entries.get(call_id)

    def record(self, call_id: str, entry: dict[str, Any]) -> None:
        full = {"call_id": call_id, **entry}
        self._entries[call_id] = full
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(full, ensure_ascii=False) + "\n")
            handle.flush()
