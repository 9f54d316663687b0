"""Simulators over the ST fixtures of these tests, loaded from disk (real file positions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werk.tools.st.document import Dialect
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.sim import Simulator

FIXTURES = Path(__file__).parent / "fixtures"


def project_of(*names: str, dialect: Dialect | None = None) -> Project:
    """A project of the named fixture files (each must load without being skipped)."""
    paths = [FIXTURES / name for name in names]
    project, report = load_project(FIXTURES, paths, dialect=dialect)
    assert not report.skipped, report.skipped
    return project


def simulate(*names: str, dialect: Dialect | None = None, **options: Any) -> Simulator:
    return Simulator(project_of(*names, dialect=dialect), **options)


def line_text(name: str, line: int) -> str:
    """Line ``line`` (1-based) of a fixture, to check that an expected line is the one meant."""
    return (FIXTURES / name).read_text().splitlines()[line - 1]
