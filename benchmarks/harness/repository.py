"""Fresh git repositories for attempts, and the files of a branch to score.

Each attempt gets its own repository with the task's fixture as the only
commit, so nothing of another attempt (or of the task's hidden parts) is
reachable from it. The scored files are exported from the branch the agent
delivered, not read from its worktree, so an uncommitted edit does not count.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from werk.tools.errors import WerkError

IDENTITY = ("-c", "user.name=werk bench", "-c", "user.email=bench@werk.invalid")
BASE_BRANCH = "main"


def git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *IDENTITY, "-c", "core.hooksPath=/dev/null", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except subprocess.CalledProcessError as exc:
        raise WerkError(f"git {' '.join(args)} failed: {exc.stderr.strip()}") from None
    return done.stdout


def git_bytes(repo: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, check=True, timeout=120
    ).stdout


def create_repository(fixture: Path, target: Path) -> Path:
    """``fixture`` copied to ``target`` and committed as the first commit on ``main``."""
    shutil.copytree(fixture, target)
    git(target, "init", "-q", "-b", BASE_BRANCH)
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "fixture")
    return target


def commit_files(repo: Path, files: Path, branch: str) -> None:
    """Copy ``files`` over the checkout and commit them on a new ``branch`` (the oracle)."""
    git(repo, "switch", "-q", "-c", branch)
    # Fresh modification times: a file of the same size and time looks unchanged to git.
    shutil.copytree(files, repo, dirs_exist_ok=True, copy_function=shutil.copy)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "reference solution")


def export_tree(repo: Path, revision: str, target: Path) -> Path:
    """The files of ``revision`` written to ``target`` (which must not exist yet)."""
    archive = git_bytes(repo, "archive", "--format=tar", revision)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target
