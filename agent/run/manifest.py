"""The request behind a run, saved before the first step so ``--resume`` can rebuild it.

The graph's state holds what happened; the manifest holds what was asked
(task, model profile, budgets, settings overrides) and the run's lifecycle
(``running`` until a report is written, then the outcome), which is how
``--resume`` tells a crashed run from a finished one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from werk.tools.errors import UsageError

MANIFEST_FORMAT = "werk.run-manifest/1"


@dataclass
class RunManifest:
    run_id: str
    repo: str
    task: str
    model: str | None = None
    max_steps: int | None = None
    budget_tokens: int | None = None
    max_wall_s: float | None = None
    commit_unverified: bool | None = None
    settings: list[str] = field(default_factory=list)  # --set KEY=VALUE, as given
    events_copy: str | None = None
    created: str = ""
    status: str = "running"  # running | awaiting_approval | crashed | an outcome
    pid: int = 0
    user_changes: int = 0  # uncommitted changes in the user's checkout at the start

    def save(self, path: Path) -> None:
        data = {"format": MANIFEST_FORMAT, **asdict(self)}
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> RunManifest:
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(
                f"no run {path.parent.name} in {path.parents[3]}",
                hint="list the runs with: ls .werk/runs",
            ) from None
        except (OSError, json.JSONDecodeError) as exc:
            raise UsageError(f"{path}: cannot read the run's manifest: {exc}") from None
        data.pop("format", None)
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})
