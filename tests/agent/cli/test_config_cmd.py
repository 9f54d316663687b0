"""``werk config show``: effective values and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

from tests.agent.cli.conftest import Werk


def test_show_lists_values_with_sources(werk: Werk, project: Path) -> None:
    (project / "werk.toml").write_text("[sovereignty]\nredact_secrets = false\n")
    result = werk("config", "show", env={"WERK_SOVEREIGNTY__AUDIT__INCLUDE_CONTENT": "true"})
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "project config" in lines["sovereignty.redact_secrets"]
    assert (
        "environment WERK_SOVEREIGNTY__AUDIT__INCLUDE_CONTENT"
        in lines["sovereignty.audit.include_content"]
    )
    assert "default" in lines["model"]


def test_show_json(werk: Werk, project: Path) -> None:
    result = werk("--set", "models.embedded.n_threads=2", "config", "show", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    values = {row["key"]: row for row in payload["values"]}
    assert values["models.embedded.n_threads"]["value"] == 2
    assert (
        values["models.embedded.n_threads"]["source"]
        == "command line --set models.embedded.n_threads"
    )
    assert values["models.embedded.provider"]["source"] == "default"
    assert payload["project_root"] == str(project.resolve())
