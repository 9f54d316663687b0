"""Tasks of a CONFIGURATION: intervals, priorities and the base tick."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import simulate
from werk.tools.st.sim.tasks import ScheduledTask, interval_ns


def test_two_tasks_run_at_their_intervals_in_priority_order() -> None:
    sim = simulate("tasks.st")
    assert sim.schedule.base_ns == 10_000_000  # gcd(10 ms, 30 ms)
    assert [task.name for task in sim.schedule.tasks] == ["Slow", "Fast"]  # priority 0 first
    assert sim.programs == ["Slow1", "Fast1"]
    traces = []
    for _ in range(6):
        sim.cycle()
        traces.append((sim.clock.now_ms, sim.get("nTrace")))
    # Slow (2) runs at 0 and 30 ms before Fast (1); Fast runs every 10 ms.
    assert traces == [
        (0, 21),
        (10, 211),
        (20, 2111),
        (30, 211121),
        (40, 2111211),
        (50, 21112111),
    ]
    assert sim.get("nFastRuns") == 6 and sim.get("nSlowRuns") == 2
    # Program instances answer to their instance name and to their type name.
    assert sim.get("Fast1") == sim.get("PFast") == {}


def test_advance_runs_the_cycles_that_start_within_the_time() -> None:
    sim = simulate("tasks.st")
    sim.advance(60)  # ticks at 0, 10, ..., 50
    assert sim.get("nFastRuns") == 6 and sim.get("nSlowRuns") == 2
    assert sim.clock.now_ms == 60
    sim.advance(5)  # the tick at 60 ms starts within [60, 65): it runs
    assert sim.get("nFastRuns") == 7 and sim.get("nSlowRuns") == 3


def test_a_task_overrun_by_a_clock_jump_runs_once() -> None:
    task = ScheduledTask("t", 10, 0, 0)
    task.ran(0)
    assert task.next_due_ns == 10
    task.ran(35)  # due at 10, 20 and 30: runs once, next at 40
    assert task.next_due_ns == 40


@pytest.mark.parametrize(
    ("text", "ns"), [("T#10ms", 10_000_000), ("T#1s", 1_000_000_000), ("LTIME#500us", 500_000)]
)
def test_interval(text: str, ns: int) -> None:
    assert interval_ns(text) == ns


@pytest.mark.parametrize("text", ["T#0ms", "10", "TOD#12:00"])
def test_bad_interval(text: str) -> None:
    with pytest.raises(ValueError):
        interval_ns(text)
