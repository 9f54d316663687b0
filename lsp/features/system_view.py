"""The system model behind hover: built when first needed, rebuilt when the editor is idle.

A hover on ``bStart`` tells where its value goes in the plant: the
instance paths it exists at (``MAIN.fbPump1.bStart``), the address and the
TwinCAT channel it is wired to. That comes from ``SystemModel``, which takes
around a second to build on a large project. The model is built on the first
hover that needs it; after the project changes, hovers go on answering from
the previous model (marked as such) and one rebuild is scheduled for when
the edits pause, so no hover ever waits for a rebuild after the first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from werk.lsp.st_workspace import StWorkspace
from werk.tools.plant.flow import global_path
from werk.tools.plant.model import SystemModel
from werk.tools.plant.twincat import IoLink
from werk.tools.st.model.symbols import GlobalList, Pou, Variable, key

QUIET_SECONDS = 0.5  # edits this far apart end a burst


@dataclass
class SystemFacts:
    """What the system model says about one declaration."""

    paths: list[str] = field(default_factory=list)  # its instance paths, or a global's path
    links: list[IoLink] = field(default_factory=list)  # TwinCAT channels it is wired to
    task: str | None = None  # for a PROGRAM: the task that runs it
    stale: bool = False  # from a model of the project before the latest edits


class SystemView:
    def __init__(self, quiet_seconds: float = QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self.model: SystemModel | None = None
        self.builds = 0
        self.last_build_seconds: float | None = None
        self._built_from: Any = None  # the project's POU table the model was built from
        self._pending: asyncio.TimerHandle | None = None
        self._seen_at_schedule: Any = None
        self._workspace: StWorkspace | None = None

    # --- the model ---------------------------------------------------------------------------

    def current(self, workspace: StWorkspace) -> tuple[SystemModel | None, bool]:
        """The model and whether it is stale; builds it only if there has never been one."""
        self._workspace = workspace
        if self.model is None:
            self.build(workspace)
            return self.model, False
        if self.is_current(workspace):
            return self.model, False
        self.schedule_rebuild(workspace)
        return self.model, True

    def is_current(self, workspace: StWorkspace) -> bool:
        # Every change to the project replaces its POU table: identity tells a change apart.
        return self._built_from is workspace.project.pous

    def build(self, workspace: StWorkspace) -> None:
        started = time.perf_counter()
        table = workspace.project.pous
        try:
            self.model = SystemModel.build(workspace.project, root=workspace.root)
        except Exception:  # a broken project file must not take hovers down
            logging.getLogger(__name__).exception("building the system model failed")
            self.model = None
        self._built_from = table
        self.builds += 1
        self.last_build_seconds = time.perf_counter() - started

    def schedule_rebuild(self, workspace: StWorkspace) -> None:
        """Rebuild once the project has not changed for ``quiet_seconds``."""
        if self._pending is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop (a direct call in a test): the next hover will schedule
        self._seen_at_schedule = workspace.project.pous
        self._pending = loop.call_later(self.quiet_seconds, self._rebuild_when_quiet)

    def _rebuild_when_quiet(self) -> None:
        self._pending = None
        workspace = self._workspace
        if workspace is None or self.is_current(workspace):
            return
        if workspace.project.pous is not self._seen_at_schedule:  # still editing: wait more
            self.schedule_rebuild(workspace)
            return
        self.build(workspace)

    # --- questions ---------------------------------------------------------------------------

    def facts_for_variable(self, workspace: StWorkspace, variable: Variable) -> SystemFacts | None:
        model, stale = self.current(workspace)
        if model is None:
            return None
        owner = variable.owner
        paths: list[str] = []
        if isinstance(owner, GlobalList):
            paths = [global_path(variable)]
        elif isinstance(owner, Pou):
            paths = [f"{i.path}.{variable.name}" for i in model.instances_of(owner.key)]
        else:
            return None
        wanted = {key(path) for path in paths}
        links = [
            link
            for point in model.io.points
            if point.variable is variable or point.key in wanted
            for link in point.links
        ]
        return SystemFacts(paths, links, stale=stale)

    def facts_for_pou(self, workspace: StWorkspace, pou: Pou) -> SystemFacts | None:
        model, stale = self.current(workspace)
        if model is None:
            return None
        paths = [instance.path for instance in model.instances_of(pou.key)]
        task = model.task_of(pou.name) if pou.kind.value == "PROGRAM" else None
        return SystemFacts(paths, [], task=task, stale=stale)
