"""Projects for the tests of werk test: the fixture ST plus test files written per test."""

from __future__ import annotations

import shutil
from pathlib import Path

from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.testing import TestRun, discover_tests, run_tests

FIXTURES = Path(__file__).parent / "fixtures"


def plant(root: Path, *extra: str) -> Path:
    """``root`` holding plant.st (and the named extra fixtures), as a project folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    for name in ("plant.st", *extra):
        shutil.copy(FIXTURES / name, root / name)
    return root


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(root: Path) -> Project:
    project, report = load_project(root)
    assert not report.skipped, report.skipped
    return project


def run_all(root: Path, *paths: Path, coverage: bool = False) -> TestRun:
    """Discover and run the tests under ``root`` (or in ``paths``)."""
    project = load(root)
    tests = discover_tests(root, list(paths) or None, project=project)
    return run_tests(project, tests, coverage=coverage, root=root)


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that contains ``text`` (exactly one must)."""
    lines = [i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    assert len(lines) == 1, (text, lines)
    return lines[0]
