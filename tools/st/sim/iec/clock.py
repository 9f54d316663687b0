"""The simulated time every timer reads.

Nothing in the simulator reads the wall clock: a test that advances the
clock by exactly ``T#100ms`` sees a TON reach its preset at exactly that
cycle, on any machine and at any load. The scan-cycle runtime advances the
clock by the task interval each cycle; tests may advance it freely.
"""

from __future__ import annotations

NS_PER_MS = 1_000_000


class VirtualClock:
    """Monotonic simulated time in nanoseconds since the start of the run."""

    __slots__ = ("now_ns",)

    def __init__(self, now_ns: int = 0) -> None:
        if now_ns < 0:
            raise ValueError(f"a clock cannot start before zero (got {now_ns} ns)")
        self.now_ns = now_ns

    @property
    def now_ms(self) -> int:
        """Whole milliseconds elapsed: the resolution of TIME, which the standard timers use."""
        return self.now_ns // NS_PER_MS

    def advance(self, ns: int) -> None:
        """Move time forward by ``ns``; a PLC's clock never runs backwards."""
        if ns < 0:
            raise ValueError(f"time only moves forward (asked to advance by {ns} ns)")
        self.now_ns += ns

    def advance_ms(self, ms: int) -> None:
        """Move time forward by ``ms`` milliseconds (the unit of TIME and of task intervals)."""
        self.advance(ms * NS_PER_MS)

    def __repr__(self) -> str:
        return f"VirtualClock(now_ns={self.now_ns})"
