"""Read ST files from disk into units and a project, never failing on bad input.

A project's files are found by the repository walker (``werk.tools.code``):
``.gitignore`` respected, binaries skipped. Each file becomes one or more
units (a PLCopen XML file holds many POUs). What cannot be read is reported,
not raised: an unreadable file, malformed XML, or a file too large to
analyse (its declarations are still read, "symbols only").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.code.discovery import DEFAULT_EXCLUDES, discover
from werk.tools.errors import WerkError
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.source_file import StSourceFile
from werk.tools.st.unit import StUnit

log = logging.getLogger(__name__)

# Beyond this, a file gets declarations only: bodies are not resolved.
DEFAULT_ANALYSIS_LIMIT = 5 * 1024 * 1024


@dataclass
class LoadReport:
    files: int = 0
    units: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    symbols_only: list[Path] = field(default_factory=list)


def load_source(
    path: Path,
    data: bytes | None = None,
    *,
    dialect: Dialect | None = None,
    analysis_limit: int = DEFAULT_ANALYSIS_LIMIT,
) -> StSourceFile:
    """One file as units that follow its edits; raises ``WerkError`` for bad input."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise WerkError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return StSourceFile.load(path, data, dialect, analysis_limit)


def load_file(
    path: Path,
    data: bytes | None = None,
    *,
    dialect: Dialect | None = None,
    analysis_limit: int = DEFAULT_ANALYSIS_LIMIT,
) -> list[StUnit]:
    """The units of one file; raises ``WerkError`` (e.g. ``ContainerError``) for bad input."""
    return load_source(path, data, dialect=dialect, analysis_limit=analysis_limit).units


def load_project(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    dialect: Dialect | None = None,
    exclude: Iterable[str] = (),
    analysis_limit: int = DEFAULT_ANALYSIS_LIMIT,
) -> tuple[Project, LoadReport]:
    """Every ST unit under ``root`` (or of ``paths``), as one project."""
    report = LoadReport()
    if paths is None:
        found = discover(root, exclude=(*DEFAULT_EXCLUDES, *exclude), max_file_size=10**12)
        for skipped in found.skipped:
            report.skipped.append((root / skipped.path, skipped.reason))
        paths = [f.absolute for f in found.files if f.language == "st"]
    units: list[StUnit] = []
    for path in paths:
        try:
            file_units = load_file(path, dialect=dialect, analysis_limit=analysis_limit)
        except WerkError as exc:
            log.warning("%s", exc.message)
            report.skipped.append((path, exc.message))
            continue
        report.files += 1
        report.units += len(file_units)
        if any(unit.symbols_only for unit in file_units):
            report.symbols_only.append(path)
        units.extend(file_units)
    return Project(units), report
