"""The two fixture plants, loaded once per test module, and helpers to show steps compactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from werk.tools.plant.model import SystemModel
from werk.tools.plant.signals import SignalStep
from werk.tools.st.loader import load_project

FIXTURES = Path(__file__).parent / "fixtures"
PLAIN = FIXTURES / "plain"
TWINCAT = FIXTURES / "twincat"


def build(root: Path) -> SystemModel:
    project, report = load_project(root)
    assert report.skipped == []
    return SystemModel.build(project, root=root)


@pytest.fixture(scope="module")
def plain() -> SystemModel:
    return build(PLAIN)


@pytest.fixture(scope="module")
def twincat() -> SystemModel:
    return build(TWINCAT)


@pytest.fixture
def plant_copy(tmp_path: Path) -> Path:
    """A writable copy of the plain plant (tests that edit files or add lists)."""
    target = tmp_path / "plant"
    shutil.copytree(PLAIN, target)
    return target


def at(step: SignalStep, root: Path) -> str:
    """``file:line`` of a step, the file relative to the fixture plant."""
    return f"{step.source.path.resolve().relative_to(root.resolve()).as_posix()}:{step.source.line}"
