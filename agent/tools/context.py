"""What every tool of a run shares: the workspace, the configuration, the event sink, and the
models of the code, kept current as the agent edits.

Building the ST semantic model, the symbol index or the system model of a
large project takes seconds, and a run asks dozens of questions between
edits, so each is built once and reused. The tools that write files say
which files they changed (``files_changed``): the ST project replaces just
those files' units (the semantic model re-analyses only what depended on
them), and the derived models (symbol index, repository map, system model)
are rebuilt on their next use. A command that may have changed anything
(the repository's tests, a formatter) calls ``invalidate`` and the ST
project is reloaded as well.

All paths are of the worktree (``workspace.root``), never of the user's
checkout, whatever folder the configuration was loaded from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werk.agent.config import LoadedConfig
from werk.agent.config.schema import AgentConfig
from werk.agent.workspace import Workspace
from werk.tools.errors import WerkError

if TYPE_CHECKING:
    from werk.agent.verification.result import GateBaseline
    from werk.tools.code.index import SymbolIndex
    from werk.tools.code.repomap import ReferenceGraph
    from werk.tools.plant.model import SystemModel
    from werk.tools.st.document import Dialect
    from werk.tools.st.loader import LoadReport
    from werk.tools.st.model.project import Project
    from werk.tools.st.rules.selection import RuleSettings

EventSink = Callable[[str, dict[str, Any]], None]


def no_events(kind: str, data: dict[str, Any]) -> None:
    """The event sink of a context nobody listens to."""


@dataclass
class ToolContext:
    workspace: Workspace
    config: LoadedConfig
    events: EventSink = no_events
    baseline: GateBaseline | None = None
    """What was broken before the run (``capture_baseline``): tools mark it as such."""
    _project: Project | None = field(default=None, repr=False)
    _load_report: LoadReport | None = field(default=None, repr=False)
    _index: SymbolIndex | None = field(default=None, repr=False)
    _graph: ReferenceGraph | None = field(default=None, repr=False)
    _system: SystemModel | None = field(default=None, repr=False)
    _rule_settings: RuleSettings | None = field(default=None, repr=False)
    generation: int = 0
    """Counts the changes to the worktree's files the context was told about."""

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def settings(self) -> AgentConfig:
        return self.config.config.agent

    @property
    def exclude(self) -> list[str]:
        return list(self.config.config.index.exclude)

    @property
    def dialect(self) -> Dialect | None:
        """The dialect forced by ``[st] dialect``; ``None`` detects it per file."""
        from werk.tools.st.document import Dialect

        chosen = self.config.config.st.dialect
        return None if chosen == "auto" else Dialect(chosen)

    # --- the models of the code --------------------------------------------------------------

    def project(self) -> Project:
        """The ST semantic model of the worktree as it is now."""
        if self._project is None:
            from werk.tools.st.loader import load_project

            self._project, self._load_report = load_project(
                self.root,
                dialect=self.dialect,
                exclude=self.exclude,
                analysis_limit=self.config.config.st.analysis_limit,
            )
        return self._project

    def load_report(self) -> LoadReport:
        self.project()
        assert self._load_report is not None
        return self._load_report

    def symbol_index(self) -> SymbolIndex:
        """Definitions and references of every Python, C, C++ and ST file of the worktree."""
        if self._index is None:
            from werk.tools.code import DEFAULT_EXCLUDES, SymbolIndex

            self._index = SymbolIndex.build(
                self.root,
                exclude=[*DEFAULT_EXCLUDES, *self.exclude],
                cache_path=self.workspace.state_dir / "index.sqlite",
                max_file_size=self.config.config.index.max_file_size,
            )
        return self._index

    def reference_graph(self) -> ReferenceGraph:
        if self._graph is None:
            from werk.tools.code import ReferenceGraph

            self._graph = ReferenceGraph.from_index(self.symbol_index())
        return self._graph

    def system_model(self) -> SystemModel:
        """Tasks, instances, I/O and signal flow of the worktree's project."""
        if self._system is None:
            from werk.tools.plant.model import SystemModel

            self._system = SystemModel.build(self.project(), root=self.root)
        return self._system

    def rule_settings(self) -> RuleSettings:
        """The rules ``[rules]`` selects, with ``[plant]``'s I/O lists given to the I/O rules."""
        if self._rule_settings is None:
            from werk.agent.cli.system_cmd import io_list_rule_options
            from werk.tools.st.rules.selection import settings_from

            rules = self.config.config.rules
            self._rule_settings = settings_from(
                select=rules.select,
                ignore=rules.ignore,
                severity=rules.severity,
                options=io_list_rule_options(self.config.config.plant, self.root, rules.options),
            )
        return self._rule_settings

    # --- keeping them current ----------------------------------------------------------------

    def files_changed(self, relative_paths: Iterable[str]) -> None:
        """Some files of the worktree were written, created or deleted (POSIX, relative)."""
        self.generation += 1
        self._index = self._graph = self._system = None
        if self._project is None:
            return
        from werk.tools.st.containers import documents_for
        from werk.tools.st.loader import load_file

        for relative in relative_paths:
            path = self.root / relative
            units = []
            if path.is_file():
                try:
                    data = path.read_bytes()
                    if documents_for(path, data, self.dialect):
                        units = load_file(path, data, dialect=self.dialect)
                except (OSError, WerkError):  # unreadable now: report it from a full reload
                    self._project = None
                    return
            self._project.set_file(path, units)

    def invalidate(self) -> None:
        """Anything may have changed (a command ran): rebuild every model on its next use."""
        self.generation += 1
        self._project = None
        self._load_report = None
        self._index = self._graph = self._system = None
