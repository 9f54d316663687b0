"""What a running test keeps for its report: the last cycles, the window around a failure, faults.

A failure is reported with the trace around it: a few cycles before the
diverging one and a few after, every watched signal in ST syntax. Only the
last few cycles are kept while a test runs, so a trace of a million cycles
costs no memory; after a failure the executor runs up to ``AFTER`` more
cycles for the context (a fault in them just ends the window).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from werk.tools.st.sim import SimulationFault, SourcePosition
from werk.tools.st.testing.bench import NS_PER_MS, CycleLimitReached, Signal, TestBench
from werk.tools.st.testing.errors import where
from werk.tools.st.testing.results import CycleRecord, FaultInfo, Place, TraceWindow

if TYPE_CHECKING:
    from werk.tools.st.sim import Unsupported

BEFORE = 3
AFTER = 3


def place_of(position: SourcePosition | None) -> Place | None:
    if position is None:
        return None
    return Place(position.path, position.line, position.column)


def time_ms(ns: int | None) -> float | None:
    if ns is None:
        return None
    ms = ns / NS_PER_MS
    return float(int(ms)) if ms == int(ms) else ms


def show_ms(ms: float | None) -> str:
    if ms is None:
        return "?"
    return f"{int(ms)}ms" if ms == int(ms) else f"{ms:g}ms"


def fault_info(fault: SimulationFault, bench: TestBench) -> FaultInfo:
    """A fault of the program under test, at the cycle the bench was running."""
    return FaultInfo(
        kind=str(fault.kind),
        message=fault.message,
        position=place_of(fault.position),
        stack=[
            (f"{frame.instance} ({frame.pou})", place_of(frame.position)) for frame in fault.stack
        ],
        cycle=bench.cycles,
        time_ms=time_ms(bench.last_cycle_ns),
    )


def unsupported_message(found: Sequence[Unsupported]) -> str:
    """Why a test whose code the simulator cannot fully run is an ERROR, never a pass."""
    listed = "; ".join(
        f"{item.what} at {where(item.position.path, item.position.line)}" for item in found[:5]
    )
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    return f"not supported by the simulator: {listed}{more}"


class CycleWindow:
    """The recent cycles of a test, shown; the window around a failure on demand."""

    def __init__(self, bench: TestBench, inputs: list[Signal], outputs: list[Signal]) -> None:
        self.bench = bench
        self.inputs = inputs
        self.outputs = outputs
        self._recent: deque[CycleRecord] = deque(maxlen=BEFORE + 1)

    def record(self) -> CycleRecord:
        """The watched signals now; call after every cycle."""
        values = {}
        for signal in [*self.inputs, *self.outputs]:
            try:
                values[signal.name] = signal.show(signal.read())
            except Exception:  # a value that cannot be read now (an unbound reference)
                values[signal.name] = "?"
        record = CycleRecord(self.bench.cycles, time_ms(self.bench.last_cycle_ns) or 0.0, values)
        self._recent.append(record)
        return record

    def window(self, expected: dict[str, str], more: Callable[[], bool]) -> TraceWindow:
        """The trace around the cycle just recorded (which diverged from ``expected``).

        ``more`` runs the next cycle for the context after it and says whether
        it did (False: nothing more to run); faults end the context quietly.
        """
        failing = self._recent[-1].cycle if self._recent else self.bench.cycles
        before = list(self._recent)
        after: list[CycleRecord] = []
        for _ in range(AFTER):
            try:
                if not more():
                    break
            except (SimulationFault, CycleLimitReached):
                break
            after.append(self.record())
        return TraceWindow(
            inputs=[signal.name for signal in self.inputs],
            outputs=[signal.name for signal in self.outputs],
            rows=before + after,
            failing_cycle=failing,
            expected=expected,
        )
