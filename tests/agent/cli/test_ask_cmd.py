"""``werk ask`` with a scripted model, and its audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.agent.cli.conftest import Werk


def test_ask_prints_the_answer_and_audits(werk: Werk, project: Path) -> None:
    (project / "s.json").write_text(
        json.dumps(["TON delays switching on; TOF delays switching off."])
    )
    (project / "werk.toml").write_text(
        'model = "r"\n[models.r]\nprovider = "replay"\nscript = "s.json"\n'
    )
    result = werk("-q", "ask", "--no-stream", "TON", "vs", "TOF?")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "TON delays switching on; TOF delays switching off.\n"
    assert result.stderr == ""
    record = json.loads((project / ".werk" / "audit.jsonl").read_text())
    assert record["provider"] == "replay" and record["outcome"] == "ok"


@pytest.mark.slow
def test_ask_the_embedded_model(werk: Werk) -> None:
    result = werk("--set", "models.embedded.max_tokens=32", "ask", "What does a TON timer do?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
