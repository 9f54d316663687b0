"""What the graph needs from the workspace and the verification gate, as protocols.

The graph is written against these shapes, not against the classes of
``werk.agent.workspace`` and ``werk.agent.verification``, so each node can
be tested with the real workspace and gate or, for a node's own logic, with
anything that has the same shape. The real classes satisfy them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol


class WorkspacePort(Protocol):
    """A git worktree on the run's own branch (``werk.agent.workspace.Workspace``)."""

    @property
    def repo(self) -> Path: ...
    @property
    def root(self) -> Path: ...
    @property
    def branch(self) -> str: ...
    @property
    def run_id(self) -> str: ...
    @property
    def base_commit(self) -> str: ...

    def changed_files(self) -> list[str]: ...
    def diff(self) -> str: ...
    def commit(self, message: str) -> str: ...
    def write_patch(self, path: Path) -> None: ...


class GateStepPort(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def passed(self) -> bool: ...
    @property
    def skipped(self) -> bool: ...
    @property
    def summary(self) -> str: ...
    @property
    def evidence(self) -> str: ...


class GateResultPort(Protocol):
    @property
    def passed(self) -> bool: ...
    @property
    def steps(self) -> Sequence[GateStepPort]: ...
    @property
    def duration_s(self) -> float: ...


Verifier = Callable[[Any], GateResultPort]
"""Runs the gate against a baseline (as ``take_baseline`` returned it, or None)."""
BaselineTaker = Callable[[], Any]
"""Captures what already fails before the run changes anything."""
