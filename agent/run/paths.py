"""Where a run keeps its artefacts: ``<repo>/.werk/runs/<run_id>/``.

Everything lives under the repository's ``.werk/`` folder, next to the
worktrees and the checkpoint database, so a run can be inspected and resumed
from the repository alone and nothing of it reaches a commit. A
``.werk/.gitignore`` (which ignores itself) keeps what a run writes there
out of the user's ``git status``: a run must leave the checkout as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WERK_FOLDER = ".werk"
CHECKPOINTS_FILE = "checkpoints.sqlite"
IGNORED = (".gitignore", f"{CHECKPOINTS_FILE}*", "runs/", "audit.jsonl")
"""What a run writes under ``.werk/`` (the worktrees ignore themselves)."""


@dataclass(frozen=True)
class RunPaths:
    repo: Path
    run_id: str

    @property
    def folder(self) -> Path:
        return self.repo / WERK_FOLDER / "runs" / self.run_id

    @property
    def manifest(self) -> Path:
        """The run's request (task, model, limits): what ``--resume`` starts from."""
        return self.folder / "run.json"

    @property
    def report_json(self) -> Path:
        return self.folder / "report.json"

    @property
    def report_md(self) -> Path:
        return self.folder / "report.md"

    @property
    def events(self) -> Path:
        return self.folder / "events.jsonl"

    @property
    def patch(self) -> Path:
        return self.folder / "changes.patch"

    @property
    def tool_journal(self) -> Path:
        """Results of tool calls already made, so a resumed step does not redo them."""
        return self.folder / "tool-journal.jsonl"

    @property
    def checkpoints(self) -> Path:
        return checkpoint_db(self.repo)

    def ensure(self) -> RunPaths:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore_run_state(self.repo)
        return self


def checkpoint_db(repo: Path) -> Path:
    return repo / WERK_FOLDER / CHECKPOINTS_FILE


def runs_folder(repo: Path) -> Path:
    return repo / WERK_FOLDER / "runs"


def ignore_run_state(repo: Path) -> None:
    """Keep the run's state out of ``git status`` unless the user already decided otherwise."""
    ignore = repo / WERK_FOLDER / ".gitignore"
    if ignore.exists():
        return
    ignore.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# werk's run state: checkpoints, run reports, the audit log", *IGNORED]
    ignore.write_text("\n".join(lines) + "\n", encoding="utf-8")
