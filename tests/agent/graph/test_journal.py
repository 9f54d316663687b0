"""The tool journal: calls already made are replayed on resume, not made again."""

from __future__ import annotations

from pathlib import Path

from werk.agent.graph.journal import ToolJournal


def test_recorded_calls_survive_a_new_process(tmp_path: Path) -> None:
    path = tmp_path / "runs" / "tool-journal.jsonl"
    ToolJournal(path).record("call_1", {"content": "edited a.st", "error": False})
    again = ToolJournal(path)
    assert again.recorded("call_1") == {
        "call_id": "call_1",
        "content": "edited a.st",
        "error": False,
    }
    assert again.recorded("call_2") is None


def test_a_line_cut_off_by_a_crash_means_that_call_runs_again(tmp_path: Path) -> None:
    path = tmp_path / "tool-journal.jsonl"
    ToolJournal(path).record("call_1", {"content": "ok"})
    with path.open("a") as handle:
        handle.write('{"call_id": "call_2", "cont')
    journal = ToolJournal(path)
    assert journal.recorded("call_1") is not None
    assert journal.recorded("call_2") is None


def test_in_memory_without_a_path() -> None:
    journal = ToolJournal()
    journal.record("c", {"content": "x"})
    assert journal.recorded("c") == {"call_id": "c", "content": "x"}
