"""Faults of a simulated PLC: what went wrong, where in the ST, and through which calls.

A real PLC stops (or raises an exception the engineer must handle) on a
division by zero, an array index out of bounds, a subrange violation, a NULL
dereference or a task overrunning its watchdog. The simulator does the same
and never hides one: every failure while running ST code surfaces as a
``SimulationFault`` carrying the kind, the position in the user's original
file and the ST call stack, innermost frame first. A construct the compiler
does not support is a fault too (kind ``not supported``): it is never run
with a guessed meaning.

Positions are attached where the fault is best known (the division, the
index, the dereference) and otherwise by the statement that was running; a
call adds its frame as the fault passes back through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from werk.tools.st.sim.positions import SourcePosition, Span


class FaultKind(StrEnum):
    DIVISION_BY_ZERO = "division by zero"
    ARRAY_BOUND = "array bound"
    SUBRANGE = "subrange"
    RANGE = "range"  # a conversion or standard function given a value IEC calls an error
    INVALID_OPERATION = "invalid operation"  # IEEE 754 invalid operation, trapped as TwinCAT does
    NULL_REFERENCE = "null reference"
    WATCHDOG = "watchdog"
    STACK_OVERFLOW = "stack overflow"
    NOT_SUPPORTED = "not supported"
    INTERNAL = "simulator error"  # a bug in the simulator, reported instead of hidden


@dataclass(frozen=True)
class StackFrame:
    """One active call: the instance path (``MAIN.fbPump1``), the POU and where it was."""

    instance: str
    pou: str
    span: Span | None

    @property
    def position(self) -> SourcePosition | None:
        return self.span.position if self.span is not None else None

    def __str__(self) -> str:
        where = f" at {self.position}" if self.span is not None else ""
        return f"{self.instance} ({self.pou}){where}"


class SimulationFault(Exception):  # noqa: N818 (the name the callers use)
    """A fault of the simulated program; ``position`` is the innermost ST position."""

    def __init__(self, kind: FaultKind, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        # Where the fault happened in the innermost frame not yet pushed onto ``stack``.
        self.pending: Span | None = span
        self.stack: list[StackFrame] = []

    @property
    def span(self) -> Span | None:
        """The innermost span known for the fault."""
        if self.stack:
            return self.stack[0].span
        return self.pending

    @property
    def position(self) -> SourcePosition | None:
        span = self.span
        return span.position if span is not None else None

    def locate(self, span: Span) -> None:
        """Record ``span`` unless a more precise place is already known."""
        if self.pending is None:
            self.pending = span

    def push(self, instance: str, pou: str) -> None:
        """Close the innermost open frame: the fault leaves the call of ``pou`` on ``instance``."""
        self.stack.append(StackFrame(instance, pou, self.pending))
        self.pending = None

    def __str__(self) -> str:
        position = self.position
        if self.kind is FaultKind.NOT_SUPPORTED:
            text = f"not supported: {self.message}"
        else:
            text = f"{self.kind}: {self.message}"
        if position is not None:
            text += f" at {position.path}:{position.line}"
        return text

    def report(self) -> str:
        """The message and the ST call stack, one frame a line, innermost first."""
        lines = [str(self)]
        lines.extend(f"  in {frame}" for frame in self.stack)
        return "\n".join(lines)


@dataclass(frozen=True)
class Unsupported:
    """A construct the compiler found and refuses to run."""

    what: str
    span: Span

    @property
    def position(self) -> SourcePosition:
        return self.span.position

    def __str__(self) -> str:
        position = self.position
        return f"not supported: {self.what} at {position.path}:{position.line}"
