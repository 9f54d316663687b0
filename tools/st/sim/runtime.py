"""The objects compiled ST runs on: instances, frames, references and the machine state.

Every piece of storage is a Python list indexed by slot numbers the compiler
fixed: an FB or PROGRAM instance (``FbInstance``), a struct, an array
(flattened, row-major), the locals of a function call, a method's frame. A
reference to storage (``VAR_IN_OUT``, ``REFERENCE TO``, ``POINTER TO``,
``REF_TO``) is therefore a ``Ref`` to a container and a key, whatever the
variable is: a slot, an array element, a struct field or a standard FB's
member (``MemberView``) or an I/O address (``IoView``).

The ``Machine`` holds what one simulator shares across all compiled code:
the virtual clock, the I/O image and the per-cycle watchdog. The watchdog
counts statements: a POU body charges its straight-line statements when it
starts (each runs at most once per call, so this bounds what it runs) and a
loop charges its body on every iteration; beyond the budget, or beyond the
wall-time limit (looked at every few thousand statements), the cycle stops
with a ``watchdog`` fault at the loop or POU that was running.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from werk.tools.st.sim.faults import FaultKind, SimulationFault

if TYPE_CHECKING:
    from werk.tools.st.sim.iec.clock import VirtualClock
    from werk.tools.st.sim.io_image import IoImage
    from werk.tools.st.sim.positions import Span


class FbInstance(list[Any]):
    """The slots of one FB or PROGRAM instance; ``cls`` is its compiled FB (for dispatch)."""

    __slots__ = ("cls", "path")

    def __init__(self, cls: Any, path: str, slots: list[Any]) -> None:
        super().__init__(slots)
        self.cls = cls
        self.path = path

    def __repr__(self) -> str:
        return f"<{self.cls.name} {self.path}>"


class MethodFrame(list[Any]):
    """A method's or property accessor's locals; ``inst`` is the instance it runs on."""

    __slots__ = ("inst",)

    def __init__(self, slots: list[Any], inst: FbInstance) -> None:
        super().__init__(slots)
        self.inst = inst


class Ref:
    """A reference to ``container[key]``: what pointers, references and VAR_IN_OUT hold."""

    __slots__ = ("c", "k")

    def __init__(self, container: Any, key: Any) -> None:
        self.c = container
        self.k = key

    def get(self) -> Any:
        return self.c[self.k]

    def set(self, value: Any) -> None:
        self.c[self.k] = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and other.c is self.c and other.k == self.k

    def __hash__(self) -> int:
        return hash((id(self.c), self.k))

    def __repr__(self) -> str:
        return f"Ref({type(self.c).__name__}, {self.k!r})"


class MemberView:
    """A standard FB instance seen as a container of its upper-case members."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __getitem__(self, name: str) -> Any:
        return getattr(self.obj, name)

    def __setitem__(self, name: str, value: Any) -> None:
        setattr(self.obj, name, value)


DEFAULT_STATEMENT_BUDGET = 1_000_000
DEFAULT_WALL_TIME_LIMIT_S = 10.0
# How many statements run between two looks at the wall clock.
_WALL_CHECK_EVERY = 4096


class Machine:
    """State shared by all compiled code of one simulator."""

    __slots__ = (
        "check_at",
        "clock",
        "deadline",
        "io",
        "left",
        "statement_budget",
        "wall_time_limit_s",
    )

    def __init__(
        self,
        clock: VirtualClock,
        io: IoImage,
        *,
        statement_budget: int = DEFAULT_STATEMENT_BUDGET,
        wall_time_limit_s: float = DEFAULT_WALL_TIME_LIMIT_S,
    ) -> None:
        self.clock = clock
        self.io = io
        self.statement_budget = statement_budget
        self.wall_time_limit_s = wall_time_limit_s
        # Statements left in this cycle, and the count at which to look at the clock next.
        self.left = statement_budget
        self.check_at = max(statement_budget - _WALL_CHECK_EVERY, 0)
        self.deadline = 0.0

    def start_cycle(self) -> None:
        """A new cycle (or a direct call from a test) begins: read the inputs, reset the
        watchdog."""
        self.io.latch_inputs()
        self.left = self.statement_budget
        self.check_at = max(self.statement_budget - _WALL_CHECK_EVERY, 0)
        self.deadline = time.monotonic() + self.wall_time_limit_s

    def check(self, span: Span | None) -> None:
        """Called when ``left`` drops below ``check_at``: budget spent or wall time over?"""
        if self.left < 0:
            raise SimulationFault(
                FaultKind.WATCHDOG,
                f"more than {self.statement_budget:,} statements in one cycle (an endless loop?)",
                span,
            )
        if time.monotonic() > self.deadline:
            raise SimulationFault(
                FaultKind.WATCHDOG,
                f"the cycle ran longer than {self.wall_time_limit_s:g} s of wall time",
                span,
            )
        self.check_at = max(self.left - _WALL_CHECK_EVERY, 0)
