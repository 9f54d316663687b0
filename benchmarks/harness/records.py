"""One attempt's record and the JSON Lines file that holds them all.

A run appends one line per finished attempt and never rewrites the file,
so an interrupted benchmark loses at most the attempts in flight, and a
rerun skips every (model, task, sample) already recorded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_FILE = "results.jsonl"
FORMAT = "werk.bench-attempt/1"


@dataclass
class AttemptRecord:
    model: str
    """The model profile, or ``oracle`` / ``noop`` for the suite's self-checks."""
    task: str
    sample: int
    passed: bool
    category: str
    difficulty: str
    checks: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None
    """did_not_compile, failed_tests, violated_property, budget or crash; None when passed."""
    status: str = ""
    """The agent run's outcome (delivered, unverified, budget_exhausted...)."""
    steps: int = 0
    tokens: int = 0
    wall_s: float = 0.0
    cost: float | None = None
    defective: int = 0
    """Properties the prover found defective: not counted against the model."""
    error: str | None = None
    format: str = FORMAT

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.model, self.task, self.sample)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttemptRecord:
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})


def read_records(path: Path) -> list[AttemptRecord]:
    """Every complete line of ``path``; a line cut off by a crash is skipped."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(AttemptRecord.from_json(json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return records


def append_record(path: Path, record: AttemptRecord) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
