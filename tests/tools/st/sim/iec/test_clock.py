"""The virtual clock: simulated time only moves when the runtime or a test moves it."""

from __future__ import annotations

import pytest

from werk.tools.st.sim.iec.clock import VirtualClock


def test_starts_at_zero_and_advances_by_exactly_what_it_is_told() -> None:
    clock = VirtualClock()
    assert (clock.now_ns, clock.now_ms) == (0, 0)
    clock.advance(1_500_000)
    assert (clock.now_ns, clock.now_ms) == (1_500_000, 1)  # whole milliseconds only
    clock.advance_ms(10)
    assert (clock.now_ns, clock.now_ms) == (11_500_000, 11)
    clock.advance(0)
    assert clock.now_ns == 11_500_000


def test_time_never_runs_backwards() -> None:
    clock = VirtualClock(now_ns=5)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="before zero"):
        VirtualClock(now_ns=-1)
    assert clock.now_ns == 5
    assert repr(clock) == "VirtualClock(now_ns=5)"


def test_runs_past_the_range_of_time_without_wrapping() -> None:
    clock = VirtualClock()
    clock.advance_ms(2**32 + 7)  # beyond a DWORD of ms (49.7 days): timers still see the gap
    assert clock.now_ms == 2**32 + 7
