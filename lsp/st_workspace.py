"""The Structured Text project an editor works on, with its unsaved buffers.

Every ST file under the workspace root is loaded once; an open buffer then
stands in for its file on disk, and each keystroke becomes a byte edit of
that file's units (``StSourceFile.edit``), so the semantic model, the rules
and every feature see what the user sees, re-analysed only where the edit
reached. Closing a buffer goes back to the file on disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from werk.agent.config import LoadedConfig
from werk.tools.code.discovery import DEFAULT_EXCLUDES, discover
from werk.tools.errors import WerkError
from werk.tools.st.document import Dialect
from werk.tools.st.loader import LoadReport, load_source
from werk.tools.st.model.project import Project
from werk.tools.st.rules.incremental import IncrementalChecker
from werk.tools.st.rules.results import CheckResult, SourceCache
from werk.tools.st.rules.selection import RuleSettings, settings_from
from werk.tools.st.source_file import StSourceFile
from werk.tools.st.syntax import SyntaxIssue

log = logging.getLogger(__name__)

# Files the server treats as Structured Text when the editor opens them.
ST_SUFFIXES = frozenset({".st", ".scl", ".iecst", ".exp", ".tcpou", ".tcgvl", ".tcdut", ".xml"})


@dataclass(frozen=True)
class FileProblem:
    """A file that cannot be read as ST (malformed XML...): shown, never raised."""

    path: Path
    message: str


class StWorkspace:
    def __init__(self, root: Path, config: LoadedConfig) -> None:
        self.root = root
        self.config = config
        self.settings: RuleSettings = rule_settings(config)
        self.files: dict[Path, StSourceFile] = {}
        self.buffers: set[Path] = set()  # open in the editor: their text is not the disk's
        self.problems: dict[Path, FileProblem] = {}
        # the text of buffers that could not be read as ST (kept for positions and fixes)
        self._unreadable: dict[Path, bytes] = {}
        self.project = Project()
        self.checker = IncrementalChecker(self.project, self.settings)

    # --- loading -------------------------------------------------------------------------

    def load(self, progress: Callable[[int, int], None] | None = None) -> LoadReport:
        """Read every ST file under the root (``progress(done, total)`` as it goes)."""
        report = LoadReport()
        found = discover(
            self.root,
            exclude=(*DEFAULT_EXCLUDES, *self.config.config.index.exclude),
            max_file_size=10**12,
        )
        for skipped in found.skipped:
            report.skipped.append((self.root / skipped.path, skipped.reason))
        paths = [f.absolute for f in found.files if f.language == "st"]
        for done, path in enumerate(paths, 1):
            if path not in self.buffers:
                self._read(path, None)
            if progress is not None:
                progress(done, len(paths))
        report.files = len(self.files)
        report.units = sum(len(f.units) for f in self.files.values())
        return report

    def reconfigure(self, config: LoadedConfig) -> None:
        """New settings: rule selection at once; dialect or limits by re-reading files."""
        settings = rule_settings(config)  # raises on a bad selector, before anything changes
        old = self.config.config
        self.config = config
        self.settings = settings
        if (old.st, old.index) != (config.config.st, config.config.index):
            for path, source in list(self.files.items()):
                self._read(path, source.data)
        self.checker = IncrementalChecker(self.project, self.settings)

    # --- buffers -------------------------------------------------------------------------

    def open(self, path: Path, data: bytes) -> None:
        self.buffers.add(path)
        source = self.files.get(path)
        if source is None or source.data != data:
            self._read(path, data)

    def replace(self, path: Path, data: bytes) -> None:
        """The whole new text of a buffer (full document sync)."""
        self._read(path, data)

    def edit(self, path: Path, start: int, end: int, text: bytes) -> None:
        """Replace bytes ``[start, end)`` of an open buffer."""
        source = self.files.get(path)
        if source is None:  # it could not be read before: try the whole new text
            data = self.data(path)
            self._read(path, data[:start] + text + data[end:])
            return
        try:
            source.edit(start, end, text)
        except WerkError as exc:  # a TwinCAT file whose XML the edit broke
            self._fail(path, exc.message, source.data[:start] + text + source.data[end:])
            return
        self.problems.pop(path, None)
        self.project.set_file(path, source.units)

    def close(self, path: Path) -> None:
        """Back to the file on disk (it may have been saved, or the edits discarded)."""
        self.buffers.discard(path)
        self._read_from_disk(path)

    def file_changed_on_disk(self, path: Path) -> None:
        """A file was created, changed or deleted outside the editor's buffers."""
        if path not in self.buffers:
            self._read_from_disk(path)

    def _read_from_disk(self, path: Path) -> None:
        if path.exists():
            self._read(path, None)
        else:
            self.files.pop(path, None)
            self.problems.pop(path, None)
            self._unreadable.pop(path, None)
            self.project.set_file(path, [])

    # --- questions -----------------------------------------------------------------------

    def data(self, path: Path) -> bytes:
        """The file's text as werk sees it: the buffer when open, else the file."""
        source = self.files.get(path)
        if source is not None:
            return source.data
        if path in self._unreadable:
            return self._unreadable[path]
        try:
            return path.read_bytes()
        except OSError:
            return b""

    def syntax_issues(self, path: Path) -> list[tuple[int, int, str]]:
        """Parse errors as spans of the user's file."""
        source = self.files.get(path)
        if source is None:
            return []
        found: list[tuple[int, int, str]] = []
        for unit in source.units:
            issue: SyntaxIssue
            for issue in unit.issues:
                start, end = unit.file_span(issue.start, issue.end)
                found.append((start, end, issue.message))
        return found

    def check(self, *, project_rules: bool = True) -> CheckResult:
        known = {path: self.files[path].data for path in self.buffers if path in self.files}
        return self.checker.run(
            project_rules=project_rules, root=self.root, sources=SourceCache(known)
        )

    # --- internals -----------------------------------------------------------------------

    def _read(self, path: Path, data: bytes | None) -> None:
        st = self.config.config.st
        dialect = None if st.dialect == "auto" else Dialect(st.dialect)
        try:
            source = load_source(path, data, dialect=dialect, analysis_limit=st.analysis_limit)
        except WerkError as exc:
            self._fail(path, exc.message, data)
            return
        self.files[path] = source
        self.problems.pop(path, None)
        self._unreadable.pop(path, None)
        self.project.set_file(path, source.units)

    def _fail(self, path: Path, message: str, data: bytes | None) -> None:
        log.warning("%s", message)
        self.problems[path] = FileProblem(path, message)
        self.files.pop(path, None)
        if data is not None:
            self._unreadable[path] = data
        self.project.set_file(path, [])


def rule_settings(config: LoadedConfig) -> RuleSettings:
    rules = config.config.rules
    return settings_from(
        select=rules.select, ignore=rules.ignore, severity=rules.severity, options=rules.options
    )


def is_st_path(path: Path) -> bool:
    return path.suffix.lower() in ST_SUFFIXES
