"""Fixture repositories as real git repositories, and what the end-to-end tests check on them.

Every end-to-end test of ``werk run`` copies one of ``tests/agent/fixtures/``
into a temporary folder, commits it, and then makes an uncommitted change of
"the user's" (an edited tracked file and an untracked file) that the run must
neither see nor touch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parents[1] / "fixtures"
USER_EDIT = "\nA note the user has not committed yet.\n"
USER_FILE = "scratch.txt"
IDENTITY = ("-c", "user.name=Fixture Author", "-c", "user.email=author@example.com")


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", *IDENTITY, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
    )
    return completed.stdout


def fixture_repo(tmp_path: Path, name: str, *, user_changes: bool = True) -> Path:
    """``tests/agent/fixtures/<name>`` committed into a new repository under ``tmp_path``."""
    repo = tmp_path / name
    shutil.copytree(FIXTURES / name, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    if user_changes:
        with (repo / "README.md").open("a", encoding="utf-8") as readme:
            readme.write(USER_EDIT)
        (repo / USER_FILE).write_text("work in progress\n", encoding="utf-8")
    return repo


def user_state(repo: Path) -> tuple[str, str, str]:
    """The user's checkout as git and the files show it: status, HEAD, the edited README."""
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    head = git(repo, "rev-parse", "HEAD").strip()
    return status, head, (repo / "README.md").read_text(encoding="utf-8")


def show(repo: Path, revision: str, path: str) -> str:
    return git(repo, "show", f"{revision}:{path}")


def branch_commits(repo: Path, branch: str) -> list[str]:
    """Subjects of the commits on ``branch`` that ``main`` does not have."""
    return git(repo, "log", "--format=%s", f"main..{branch}").splitlines()


def committed_files(repo: Path, commit: str) -> list[str]:
    return sorted(git(repo, "show", "--name-only", "--format=", commit).split())


def write_script(tmp_path: Path, answers: list[Any], name: str = "script.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers, indent=1), encoding="utf-8")
    return path


def replay_settings(script: Path, *extra: str) -> tuple[str, ...]:
    """``--set`` assignments for a replay profile named ``script`` that plays ``script``."""
    return (
        'models.script.provider="replay"',
        f"models.script.script={json.dumps(str(script))}",
        *extra,
    )


def python_tests_setting() -> str:
    """The Python fixture's test command, with this interpreter (it has pytest)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    return f"agent.test_command={json.dumps(command)}"


def call(name: str, **args: Any) -> dict[str, Any]:
    """One scripted answer that calls one tool."""
    return {"tool_calls": [{"name": name, "args": args}]}


def planned(plan: str, name: str, **args: Any) -> dict[str, Any]:
    """A first answer: the plan in words, and one tool call."""
    return {"content": plan, "tool_calls": [{"name": name, "args": args}]}


PUMP = "plc/fb_pump.st"
PUMP_TASK = "FB_Pump must not run dry: keep bRun FALSE while bLevelLow is TRUE"


def pump_script() -> list[dict[str, Any]]:
    """A scripted model that fixes the ST fixture's dry-running pump in three answers."""
    return [
        planned("1. Fix FB_Pump.", "read_file", path=PUMP),
        call(
            "edit_file",
            path=PUMP,
            search="bRun := bStart;",
            replace="bRun := bStart AND NOT bLevelLow;",
        ),
        call("finish", summary="FB_Pump drops bRun while bLevelLow is TRUE (dry-run protection)."),
    ]
