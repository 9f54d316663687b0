"""Fixtures of the code tools' tests: real git work trees in temporary folders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty git work tree (no commits needed: ignore rules apply to untracked files)."""
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root
