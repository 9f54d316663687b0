"""``werk models list`` and ``werk models check`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.agent.cli.conftest import Werk
from tests.fakes.chat_server import FakeChatServer, Reply


def test_list_marks_the_active_profile(werk: Werk, project: Path) -> None:
    (project / "werk.toml").write_text(
        'model = "gpu"\n[models.gpu]\nprovider = "openai"\n'
        'base_url = "http://127.0.0.1:8000/v1"\nmodel = "q"\n'
    )
    result = werk("models", "list", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["active"] == "gpu"
    assert {p["name"] for p in payload["profiles"]} == {"embedded", "gpu"}
    assert all(p["installed"] for p in payload["providers"])


def test_check_passes_against_a_working_server(werk: Werk, project: Path) -> None:
    call = Reply(tool_calls=[{"name": "read_plc_variable", "arguments": {"name": "bMotorOn"}}])
    with FakeChatServer(models=("m",)) as server:
        server.push(Reply(content="OK"), call, call)
        (project / "werk.toml").write_text(
            f'model = "gpu"\n[models.gpu]\nprovider = "openai"\n'
            f'base_url = "{server.base_url}"\nmodel = "m"\n'
        )
        result = werk("models", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ tool call (forced): called read_plc_variable" in result.stdout
    assert "model works, tool calls included" in result.stdout


def test_check_json_reports_the_failing_step(werk: Werk, project: Path, closed_port: int) -> None:
    (project / "werk.toml").write_text(
        f'[models.gpu]\nprovider = "openai"\n'
        f'base_url = "http://127.0.0.1:{closed_port}/v1"\nmodel = "m"\n'
    )
    result = werk("models", "check", "gpu", "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["steps"][-1]["name"] == "server reachable"
