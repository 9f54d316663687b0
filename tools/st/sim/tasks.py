"""Which PROGRAM runs when: the tasks of a CONFIGURATION, or one cyclic task.

IEC 61131-3 §6.8.2: a RESOURCE's TASKs run their PROGRAMs cyclically at an
INTERVAL, with a PRIORITY (0 is the highest). The simulator has one
base tick, the greatest common divisor of the intervals; on each tick the
tasks that are due run one after the other, lower priority number first
(declaration order among equals), each to its end: there is no preemption
(a real multitasking runtime may interrupt a slow task with a faster one;
the simulator's order is what a single-core PLC with cooperative
scheduling would do, and it is deterministic). A task due while the clock
jumped past several of its periods runs once, not once per missed period,
like a PLC task that overran.

A program assigned to no task runs on every tick at the lowest priority.
Event tasks (``SINGLE``) are not supported. Without a configuration the
caller names the programs and the cycle time: one task runs them all, in
the order given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from werk.tools.st.sim.iec.literals import parse_literal
from werk.tools.st.sim.iec.types import spec

if TYPE_CHECKING:
    from werk.tools.st.sim.runtime import FbInstance

NS_PER_MS = 1_000_000
LOWEST_PRIORITY = 1 << 31


@dataclass(eq=False)
class ScheduledTask:
    name: str
    interval_ns: int
    priority: int
    order: int
    instances: list[FbInstance] = field(default_factory=list)
    next_due_ns: int = 0

    def due(self, now_ns: int) -> bool:
        return self.next_due_ns <= now_ns

    def ran(self, now_ns: int) -> None:
        missed = (now_ns - self.next_due_ns) // self.interval_ns
        self.next_due_ns += (missed + 1) * self.interval_ns


class Schedule:
    """The tasks of one simulator, in the order they run within a tick."""

    def __init__(self, tasks: list[ScheduledTask]) -> None:
        self.tasks = sorted(tasks, key=lambda task: (task.priority, task.order))
        intervals = [task.interval_ns for task in self.tasks] or [10 * NS_PER_MS]
        self.base_ns = math.gcd(*intervals)

    def due(self, now_ns: int) -> list[ScheduledTask]:
        return [task for task in self.tasks if task.due(now_ns)]

    def reset(self) -> None:
        for task in self.tasks:
            task.next_due_ns = 0


def interval_ns(text: str) -> int:
    """A task INTERVAL literal (``T#10ms``, ``LTIME#500us``) in nanoseconds; ``ValueError`` else."""
    type_name, value = parse_literal(text)
    found = spec(type_name) if type_name else None
    if found is None or found.kind != "time" or not isinstance(value, int):
        raise ValueError(f"INTERVAL {text!r} is not a duration")
    if value <= 0:
        raise ValueError(f"INTERVAL {text!r} must be longer than zero")
    # TIME counts milliseconds, LTIME nanoseconds (the iec value representation).
    return value * (1 if found.bits == 64 else NS_PER_MS)
