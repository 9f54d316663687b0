"""Real git repositories for the agent's tests, made in a temporary folder."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as a user would, and return its output.

    Optional locks are off so that looking (``git status``) never rewrites the index.
    """
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    done = subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, timeout=60, env=env
    )
    return done.stdout


def make_repo(path: Path, files: Mapping[str, str | bytes]) -> Path:
    """A repository at ``path`` with ``files`` committed on ``main``."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "--quiet", "--initial-branch=main")
    git(path, "config", "user.name", "Test User")
    git(path, "config", "user.email", "test@example.com")
    write_files(path, files)
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "-m", "initial")
    return path


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
