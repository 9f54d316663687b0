"""The audit log: one JSON line for every request that leaves the process.

Sovereignty means a user can prove what was sent where. Each line records
time, provider, profile, endpoint, model, token counts, latency, outcome and a
SHA-256 of the (already redacted) request; the request and answer themselves
only when ``sovereignty.audit.include_content`` is on.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class AuditRecord:
    provider: str
    profile: str
    endpoint: str | None
    model: str
    request_sha256: str
    latency_ms: float
    outcome: str  # "ok" or "error"
    input_tokens: int | None = None
    output_tokens: int | None = None
    redactions: int = 0
    error: str | None = None
    request: Any = None
    response: Any = None
    time: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))


def request_digest(payload: Any) -> str:
    """A stable hash of what was sent, so two log lines can be compared without the content."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AuditLog:
    """Appends records to a JSONL file; safe to share between threads."""

    def __init__(self, path: Path, *, include_content: bool = False) -> None:
        self.path = path
        self.include_content = include_content
        self._lock = threading.Lock()

    def write(self, record: AuditRecord) -> None:
        data = asdict(record)
        if not self.include_content:
            data.pop("request")
            data.pop("response")
        line = json.dumps(data, ensure_ascii=False, default=str)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
