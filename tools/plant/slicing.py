"""Forward and backward slices of the signal flow: what drives a signal, what it drives.

A backward slice from ``%QX0.1`` starts at the steps that write the output
(``%QX0.1`` from ``GVL_IO.bPump``, its AT declaration), then the steps that
write what those read, and so on, conditions included: the chain an engineer
follows by hand from an output back to the sensors and operator inputs. A
forward slice from ``Main.fbPump1.bRun`` follows the steps that read it to
everything it influences. Each step is reached once, breadth first, so the
nearest cause comes first and a loop (``x := x + 1``) ends.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum

from werk.tools.plant.signals import SignalFlow, SignalStep
from werk.tools.st.model.symbols import key


class SliceDirection(StrEnum):
    BACKWARD = "backward"  # what drives the signal (werk trace X)
    FORWARD = "forward"  # what the signal drives (werk trace X --from)


@dataclass(frozen=True)
class SliceStep:
    depth: int  # 1 for the steps that touch the target itself
    signal: str  # backward: the signal the step writes; forward: the signal it reads
    role: str  # how the step reached from ``parent`` uses ``signal``: "data" or "condition"
    step: SignalStep
    parent: int | None  # index of the slice step that led here; None at depth 1


@dataclass
class Slice:
    target: str
    direction: SliceDirection
    steps: list[SliceStep] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)  # every signal reached, target first
    truncated: bool = False  # max_depth cut it short

    def children(self, index: int | None) -> list[int]:
        return [i for i, s in enumerate(self.steps) if s.parent == index]

    def chain(self, index: int) -> list[SliceStep]:
        """The steps from depth 1 down to ``index``: one readable causal chain."""
        found = []
        current: int | None = index
        while current is not None:
            found.append(self.steps[current])
            current = self.steps[current].parent
        return list(reversed(found))


def slice_flow(
    flow: SignalFlow,
    target: str,
    direction: SliceDirection = SliceDirection.BACKWARD,
    *,
    max_depth: int | None = None,
) -> Slice:
    result = Slice(target, direction, signals=[target])
    seen_signals = {key(target)}
    seen_steps: set[int] = set()
    queue: deque[tuple[str, int, int | None, str]] = deque([(target, 0, None, "data")])
    while queue:
        signal, depth, parent, role = queue.popleft()
        if direction is SliceDirection.BACKWARD:
            touching = flow.writers(signal)
        else:
            touching = flow.readers(signal)
        if max_depth is not None and depth >= max_depth:
            result.truncated = result.truncated or any(id(s) not in seen_steps for s in touching)
            continue
        for step in sorted(touching, key=order):
            if id(step) in seen_steps:
                continue
            seen_steps.add(id(step))
            step_role = role if direction is SliceDirection.BACKWARD else step.reads(signal)
            index = len(result.steps)
            result.steps.append(SliceStep(depth + 1, signal, step_role or "data", step, parent))
            if direction is SliceDirection.BACKWARD:
                following = [(s, "data") for s in step.sources]
                following += [(s, "condition") for s in step.conditions]
            else:
                following = [(step.target, "data")]
            for next_signal, next_role in following:
                if key(next_signal) not in seen_signals:
                    seen_signals.add(key(next_signal))
                    result.signals.append(next_signal)
                    queue.append((next_signal, depth + 1, index, next_role))
    return result


def order(step: SignalStep) -> tuple[str, int, str]:
    return (str(step.source.path), step.source.start, step.context.lower())
