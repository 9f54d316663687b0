"""Traces: saved as JSON, read back, replayed after a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.prove.support import check_one, project_of, prop
from werk.tools.errors import UsageError
from werk.tools.st.prove import Verdict, load_trace, replay_property, save_trace


def test_round_trip_and_replay(tmp_path: Path) -> None:
    result = check_one(
        "latch.st", "FB_StartWins", "pattern-implication", "instance.bStop", "NOT instance.bMotor"
    )
    assert result.trace is not None
    path = tmp_path / "cex.trace.json"
    save_trace(path, result.trace, {"note": "kept"})
    trace, data = load_trace(path)
    assert data["note"] == "kept"
    assert trace.cycles[0].inputs == result.trace.cycles[0].inputs
    assert trace.failing_cycle == 1
    implication = prop("pattern-implication", "instance.bStop", "NOT instance.bMotor")
    again = replay_property(project_of("latch.st"), implication, trace)
    assert again.verdict is Verdict.VIOLATED and again.engine == "replay"
    fixed = replay_property(project_of("latch.st"), implication, trace, entry="FB_Latch")
    assert fixed.verdict is Verdict.UNKNOWN and "no longer fails" in fixed.reason


def test_not_a_trace(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"format": "something else"}')
    with pytest.raises(UsageError, match="not a werk trace"):
        load_trace(path)
