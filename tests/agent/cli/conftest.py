"""Run the real ``werk`` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Werk = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def werk(project: Path, isolated_env: dict[str, str]) -> Werk:
    def run(
        *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("WERK_")}
        full_env.update(isolated_env)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "werk.agent.cli.main", *args],
            cwd=cwd or project,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run
