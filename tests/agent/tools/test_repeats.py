from __future__ import annotations

from werk.agent.tools import RepeatedFailures, failure_fingerprint


def test_successes_have_no_fingerprint() -> None:
    assert failure_fingerprint("read_file", {"path": "a.st"}, "a.st: lines 1-3 of 3") is None


def test_the_same_failing_edit_is_recognised_despite_whitespace_and_line_numbers() -> None:
    first = failure_fingerprint(
        "edit_file",
        {"path": "a.st", "search": "x := 1;\n  y := 2;", "replace": "x := 3;"},
        "ERROR: the search block was not found in a.st; nothing was changed.\nlines 12-13 ...",
    )
    again = failure_fingerprint(
        "edit_file",
        {"replace": "x := 3;", "search": "x := 1;\n\ty := 2;\n", "path": "a.st"},
        "ERROR: the search block was not found in a.st; nothing was changed.\nlines 14-15 ...",
    )
    other = failure_fingerprint(
        "edit_file",
        {"path": "a.st", "search": "x := 1;", "replace": "x := 4;"},
        "ERROR: the search block was not found in a.st; nothing was changed.",
    )
    assert first == again
    assert first != other


def test_repeated_failures_are_counted() -> None:
    tracker = RepeatedFailures()
    arguments = {"path": "missing.st"}
    assert tracker.record("read_file", arguments, "ERROR: no file missing.st") == 1
    assert tracker.record("read_file", arguments, "ERROR: no file missing.st") == 2
    assert tracker.record("read_file", {"path": "a.st"}, "a.st: lines 1-1 of 1") == 0
    assert tracker.record("read_file", arguments, "ERROR: no file missing.st") == 3
