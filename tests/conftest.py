"""Fixtures shared by the whole suite: isolated configuration and projects."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from werk.agent.config import LoadedConfig, load_config


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No user config and no WERK_* variables leak in from the machine running the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("WERK_"):
            monkeypatch.delenv(name)
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    return root


@pytest.fixture
def configure(project: Path, isolated_env: dict[str, str]) -> Callable[[str], LoadedConfig]:
    """Write werk.toml into the project and load it as `werk` would."""

    def load(text: str) -> LoadedConfig:
        (project / "werk.toml").write_text(text)
        return load_config(project, environ=isolated_env)

    return load


@pytest.fixture
def closed_port() -> int:
    """A loopback port on which nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
