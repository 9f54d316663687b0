"""The concrete monitors: each pattern's meaning on hand-made value sequences."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tools.st.prove.support import project_of, prop
from werk.tools.st.prove.bound import bind_property
from werk.tools.st.prove.entry import Entry, Signal
from werk.tools.st.prove.monitor import Monitor, Outcome


@pytest.fixture(scope="module")
def follow() -> Entry:
    return Entry(project_of("latch.st"), "FB_Follow")  # bIn, bNow, bLate


def outcomes(
    entry: Entry,
    pattern: str,
    params: tuple[str, ...],
    rows: list[dict[str, Any]],
    begins: list[dict[str, Any]] | None = None,
) -> list[Outcome]:
    monitor = Monitor(bind_property(entry, prop(pattern, *params)))
    found = []
    for index, row in enumerate(rows):
        begin = begins[index] if begins else row

        def end_value(signal: Signal, _row: dict[str, Any] = row) -> Any:
            return _row[signal.path]

        def begin_value(signal: Signal, _row: dict[str, Any] = begin) -> Any:
            return _row[signal.path]

        found.append(monitor.step(begin_value, end_value))
    return found


G, B, W = Outcome.GOOD, Outcome.BAD, Outcome.WITNESS


def rows(*values: tuple[bool, bool, bool]) -> list[dict[str, Any]]:
    return [{"bIn": a, "bNow": b, "bLate": c} for a, b, c in values]


def test_invariant_forbidden_implication(follow: Entry) -> None:
    run = rows((True, True, False), (False, True, False))
    assert outcomes(follow, "pattern-invariant", ("instance.bNow",), run) == [G, G]
    assert outcomes(follow, "pattern-forbidden", ("instance.bIn",), run) == [B, G]
    assert outcomes(follow, "pattern-implication", ("instance.bNow", "instance.bIn"), run) == [G, B]


def test_during_cycle_reads_the_beginning(follow: Entry) -> None:
    run = rows((True, False, False))
    begins = rows((True, False, False))
    assert outcomes(
        follow, "pattern-statechange-duringcycle", ("instance.bIn", "instance.bNow"), run, begins
    ) == [B]
    quiet = rows((False, False, False))
    assert outcomes(
        follow, "pattern-statechange-duringcycle", ("instance.bIn", "instance.bNow"), run, quiet
    ) == [G]


def test_between_cycles_looks_at_consecutive_ends(follow: Entry) -> None:
    params = ("instance.bIn", "instance.bNow", "instance.bLate")
    # {1} at the end of cycle 1, {2} at the end of 2 and not {3} there: bad in cycle 2 only
    run = rows((True, False, False), (False, True, False), (True, True, True))
    assert outcomes(follow, "pattern-statechange-betweencycles", params, run) == [G, B, G]


def test_leadsto_wants_the_cause_strictly_earlier(follow: Entry) -> None:
    params = ("instance.bNow", "instance.bIn")
    assert outcomes(follow, "pattern-leadsto", params, rows((True, True, False))) == [B]
    later = rows((True, False, False), (False, True, False))
    assert outcomes(follow, "pattern-leadsto", params, later) == [G, G]


def test_response_within_n_cycles(follow: Entry) -> None:
    params = ("instance.bIn", "instance.bLate", "2")
    waiting = rows((True, False, False), (False, False, False), (False, False, False))
    assert outcomes(follow, "werk-response", params, waiting) == [G, G, B]
    answered = rows((True, False, False), (False, False, False), (False, False, True))
    assert outcomes(follow, "werk-response", params, answered) == [G, G, G]
    at_once = ("instance.bIn", "instance.bLate", "0")
    assert outcomes(follow, "werk-response", at_once, rows((True, False, False))) == [B]


def test_reachability_and_assumptions(follow: Entry) -> None:
    run = rows((False, False, False), (True, True, False))
    assert outcomes(follow, "pattern-reachability", ("instance.bNow",), run) == [G, W]
    assumed = bind_property(
        follow, prop("pattern-invariant", "instance.bNow", assume=("NOT instance.bIn",))
    )
    monitor = Monitor(assumed)

    def value(signal: Signal) -> Any:
        return {"bIn": True, "bNow": False, "bLate": False}[signal.path]

    assert monitor.step(value, value) is Outcome.ASSUMPTION
