"""Third-party providers through the ``werk.models`` entry-point group, installed for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.chat_server import FakeChatServer, Reply
from werk.agent.models.registry import provider_registry

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "provider-plugin"


def werk(
    args: list[str], cwd: Path, site: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env, "PYTHONPATH": str(site)}
    full_env = {k: v for k, v in full_env.items() if not k.startswith("WERK_")}
    return subprocess.run(
        [sys.executable, "-m", "werk.agent.cli.main", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_builtin_providers() -> None:
    assert {"openai", "mistral", "aleph-alpha", "llamacpp", "replay"} <= set(
        provider_registry().names()
    )


@pytest.mark.slow
def test_documented_plugin_installs_and_serves(
    tmp_path: Path, project: Path, isolated_env: dict[str, str]
) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            str(EXAMPLE),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    listed = werk(["models", "list", "--json"], project, site, isolated_env)
    assert listed.returncode == 0, listed.stderr
    providers = {p["name"]: p for p in json.loads(listed.stdout)["providers"]}
    assert providers["acme-gateway"]["origin"] == "acme-gateway-werk"

    with FakeChatServer() as server:
        server.push(Reply(content="routed"))
        (project / "werk.toml").write_text(
            f'model = "gw"\n[models.gw]\nprovider = "acme-gateway"\n'
            f'base_url = "{server.base_url}"\n'
            'model = "fake-model"\ntenant = "plant-7"\n'
        )
        asked = werk(["ask", "--no-stream", "hello"], project, site, isolated_env)
        assert asked.returncode == 0, asked.stderr
        assert asked.stdout.strip() == "routed"
        assert server.chat_requests()[0].headers["x-tenant"] == "plant-7"


def test_broken_plugin_is_skipped_and_reported(
    tmp_path: Path, project: Path, isolated_env: dict[str, str]
) -> None:
    site = tmp_path / "site"
    dist = site / "broken_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[werk.models]\nbroken = broken_plugin_missing:Provider\n"
    )
    result = werk(["models", "list"], project, site, isolated_env)
    assert result.returncode == 0, result.stderr
    assert "skipped plug-in broken = broken_plugin_missing:Provider" in result.stderr
    assert "ModuleNotFoundError" in result.stderr
    assert "llamacpp" in result.stdout
