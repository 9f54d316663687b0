"""The test bench: one POU under test in a fresh simulator, its signals, and its cycles.

Every test gets a new ``Simulator`` (compiling a small project takes about a
millisecond), so no state leaks from one test into the next. The POU under
test is

- a FUNCTION_BLOCK: a free-standing instance (``Simulator.instantiate``)
  whose body, or one of whose METHODs, runs once per cycle; each VAR_IN_OUT
  is bound to storage of the test's own, so the FB runs without a caller;
- a PROGRAM: scheduled alone, every cycle;
- a FUNCTION: called once per cycle with the current inputs; its result is
  the signal named like the function, its VAR_OUTPUTs are signals too.

Signals are the names a test reads and writes: a variable of the POU under
test (``bOpen``, ``tonCheck.Q``, ``aValues[2]``), a global (``GVL_IO.bStart``)
or a direct address (``%IX0.1``). A name that resolves to nothing is a
``TestDefinitionError`` that suggests the closest variable.

Time: cycles start at multiples of the cycle time, the first at 0 ms.
``now_ns`` is the earliest time the next cycle can start: after the cycle
at T it is T + cycle (the cycle occupies its slot), so inputs set "now"
are read by the next cycle. This is the clock scenarios measure from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werk.tools.errors import UsageError
from werk.tools.st.model.symbols import Pou, PouKind, Section
from werk.tools.st.sim import Harness, NativeFunction, Simulator, StFunction, Unsupported
from werk.tools.st.sim.iec.types import spec
from werk.tools.st.sim.io_image import IoAddress
from werk.tools.st.sim.paths import Location
from werk.tools.st.sim.values import (
    ElementaryLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
)
from werk.tools.st.testing.errors import TestDefinitionError, did_you_mean
from werk.tools.st.testing.values import overlay, shower

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

RUNNABLE = (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM, PouKind.FUNCTION)
NS_PER_MS = 1_000_000
# About a minute of simulation: a scenario that advances a year at 10 ms stops here.
MAX_CYCLES = 10_000_000


def _first_name(path: str) -> str:
    """``GVL_IO`` of ``GVL_IO.aIn[2].x``."""
    return path.split(".", 1)[0].split("[", 1)[0].strip()


class CycleLimitReached(Exception):  # noqa: N818 (a limit, reported as the test's ERROR)
    def __init__(self, limit: int) -> None:
        super().__init__(f"stopped after {limit:,} cycles, the most one test may run")
        self.limit = limit


_ADDRESS_TYPES = {"X": "BOOL", "B": "BYTE", "W": "WORD", "D": "DWORD", "L": "LWORD"}


@dataclass
class Signal:
    """A value the test sets or watches."""

    name: str  # as the test wrote it
    layout: Layout
    read: Callable[[], Any]
    write: Callable[[Any], None]
    show: Callable[[Any], str]

    def assign(self, value: Any) -> None:
        """Write ``value``; DONT_CARE cells and elements past a short list keep their value."""
        self.write(overlay(self.read(), value))


def find_pou_under_test(
    project: Project, name: str, path: Path | None = None, line: int | None = None
) -> Pou:
    """The FUNCTION_BLOCK, PROGRAM or FUNCTION called ``name``; else a helpful error."""
    pou = project.find_pou(name)
    if pou is not None and pou.kind in RUNNABLE and not project.is_standard(pou):
        return pou
    candidates = [p.name for p in project.all_pous() if p.kind in RUNNABLE and p.parent is None]
    if pou is not None and pou.kind not in RUNNABLE:
        raise TestDefinitionError(
            f"{pou.name} is a {pou.kind.value}: test a FUNCTION_BLOCK, PROGRAM or FUNCTION",
            path,
            line,
        )
    if pou is not None:
        raise TestDefinitionError(
            f"{pou.name} is a standard {pou.kind.value}: test a POU of the project", path, line
        )
    raise TestDefinitionError(
        f"no FUNCTION_BLOCK, PROGRAM or FUNCTION {name!r} in the project"
        + did_you_mean(name, candidates),
        path,
        line,
    )


class TestBench:
    """The POU under test, run cycle by cycle."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        project: Project,
        pou: Pou,
        *,
        cycle_ns: int,
        coverage: bool = False,
        natives: Mapping[str, NativeFunction] | None = None,
        method: str | None = None,
        max_cycles: int | None = None,
    ) -> None:
        if cycle_ns <= 0 or cycle_ns % NS_PER_MS:
            raise UsageError("the cycle time must be a positive whole number of milliseconds")
        self.project = project
        self.max_cycles = max_cycles if max_cycles is not None else MAX_CYCLES
        self.pou = pou
        self.cycle_ns = cycle_ns
        self.cycles = 0
        self.now_ns = 0
        self.last_cycle_ns: int | None = None
        self._method = method
        self._harness: Harness | None = None
        self._function: StFunction | None = None
        self._inputs: dict[str, Any] = {}
        self._outputs: dict[str, Any] = {}
        programs = [pou.name] if pou.kind is PouKind.PROGRAM else []
        self.sim = Simulator(
            project,
            programs=programs,
            cycle_ms=cycle_ns // NS_PER_MS,
            coverage=coverage,
            natives=natives,
        )
        if pou.kind is PouKind.FUNCTION_BLOCK:
            self._harness = self.sim.instantiate(pou.name)
            for variable in pou.variables:
                if variable.section is Section.VAR_IN_OUT:
                    self._harness.bind_in_out(variable.name)
        elif pou.kind is PouKind.FUNCTION:
            self._function = self.sim.function(pou.name)
            self._start_function()

    @property
    def unsupported(self) -> list[Unsupported]:
        return self.sim.unsupported

    @property
    def now_ms(self) -> float:
        return self.now_ns / NS_PER_MS

    # --- time ------------------------------------------------------------------------------

    def next_tick_ns(self) -> int:
        """When the next cycle starts: the first multiple of the cycle time not before now."""
        return -(-self.now_ns // self.cycle_ns) * self.cycle_ns

    def run_cycle(self) -> None:
        """Run one cycle at the next tick; a fault of the program raises ``SimulationFault``."""
        if self.cycles >= self.max_cycles:
            raise CycleLimitReached(self.max_cycles)
        tick = self.next_tick_ns()
        clock = self.sim.clock
        clock.advance(tick - clock.now_ns)
        self.last_cycle_ns = tick
        self.now_ns = tick + self.cycle_ns
        self.cycles += 1
        if self._harness is not None:
            if self._method is not None:
                self._harness.call_method(self._method)
            else:
                self._harness.call()
        elif self._function is not None:
            result = self._function.call(**self._inputs)
            self._outputs[self._function.name.lower()] = result.value
            self._outputs.update({name.lower(): v for name, v in result.outputs.items()})
        else:
            self.sim.cycle()

    def advance(self, duration_ns: int) -> int:
        """Run the cycles that start in ``[now, now + duration)``; now moves by ``duration``."""
        target = self.now_ns + duration_ns
        ran = 0
        while self.next_tick_ns() < target:
            self.run_cycle()
            ran += 1
        self.now_ns = max(self.now_ns, target)
        return ran

    # --- signals ---------------------------------------------------------------------------

    def signal(self, name: str, path: Path | None = None, line: int | None = None) -> Signal:
        """The signal ``name``; a ``TestDefinitionError`` at ``path:line`` if there is none."""
        text = name.strip()
        try:
            if text.startswith("%"):
                return self._address_signal(text)
            if self._function is not None:
                return self._function_signal(text)
            return self._variable_signal(text)
        except UsageError as exc:
            raise TestDefinitionError(self._unknown(text, exc), path, line) from None

    def _own_location(self, name: str) -> Location:
        """``name`` inside the POU under test (its variables shadow the globals)."""
        if self._harness is not None:
            return self._harness.location(name)
        return self.sim.location(f"{self.pou.name}.{name}")

    def _is_own(self, first: str) -> bool:
        """Whether ``first`` (a path's first name) is a variable of the POU under test."""
        try:
            self._own_location(first)
        except UsageError:
            return False
        return True

    def _variable_signal(self, name: str) -> Signal:
        try:
            location = self._own_location(name)
        except UsageError as own:
            if self._is_own(_first_name(name)):
                raise  # the POU's variable, wrong further on: ``fbPump.bRunn``
            try:
                location = self.sim.location(name)
            except UsageError as other:
                raise other from own
        layout = location.layout
        if isinstance(layout, FbLayout | StandardFbLayout):
            raise UsageError(f"{name} is a {layout.name} instance: name one of its members")
        return Signal(name, layout, location.read, location.write, shower(layout, self.project))

    def _address_signal(self, name: str) -> Signal:
        try:
            address = IoAddress.parse(name)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        found = spec(_ADDRESS_TYPES[address.size])
        assert found is not None
        layout = ElementaryLayout(found)
        io = self.sim.io

        def read() -> Any:
            return io.read(address)

        def write(value: Any) -> None:
            io.write(address, value)

        return Signal(name, layout, read, write, shower(layout, self.project))

    def _function_signal(self, name: str) -> Signal:
        function = self._function
        assert function is not None
        key = name.lower()
        for index, slot in enumerate(function.routine.slots):
            if slot.name.lower() != key:
                continue
            layout = slot.layout
            if isinstance(layout, ReferenceLayout):
                layout = layout.target
            if index == function.routine.return_slot or slot.section is Section.VAR_OUTPUT:
                return self._function_output(name, key, layout)
            if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT):
                return self._function_input(name, key, layout)
        raise UsageError(f"{function.name} has no input or output {name!r}")

    def _function_input(self, name: str, key: str, layout: Layout) -> Signal:
        inputs = self._inputs

        def write(value: Any) -> None:
            inputs[key] = layout.read(layout.write(value, None, name))

        return Signal(name, layout, lambda: inputs[key], write, shower(layout, self.project))

    def _function_output(self, name: str, key: str, layout: Layout) -> Signal:
        outputs = self._outputs

        def read() -> Any:
            return outputs.get(key)

        def write(value: Any) -> None:
            raise UsageError(f"{name} is an output of {self.pou.name}: it cannot be set")

        return Signal(name, layout, read, write, shower(layout, self.project))

    def _start_function(self) -> None:
        """Every input at its type's initial value, every output unknown until the first call."""
        function = self._function
        assert function is not None
        for index, slot in enumerate(function.routine.slots):
            layout = slot.layout
            if isinstance(layout, ReferenceLayout):
                layout = layout.target
            value = layout.read(layout.new(slot.name))
            if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT):
                self._inputs[slot.name.lower()] = value
            if index == function.routine.return_slot or slot.section is Section.VAR_OUTPUT:
                self._outputs[slot.name.lower()] = value

    def _unknown(self, name: str, exc: UsageError) -> str:
        if name.startswith("%"):
            return exc.message
        if self._function is not None:
            names = [slot.name for slot in self._function.routine.slots]
            return f"{exc.message}{did_you_mean(name, names)}"
        first = _first_name(name)
        names = [variable.name for variable in self.pou.variables]
        if self._is_own(first):
            return exc.message
        if "." not in name:
            return f"{self.pou.name} has no variable {name!r}{did_you_mean(name, names)}"
        return self._unknown_global(name, first, exc, names)

    def _unknown_global(self, name: str, first: str, exc: UsageError, own: list[str]) -> str:
        """``GVL_HMI.wStatus`` that is not there, said in the project's terms."""
        project = self.project
        gvl = project.gvl_by_name.get(first.lower())
        if gvl is not None:
            member = _first_name(name.split(".", 2)[1])
            if gvl.variable(member) is not None:
                return exc.message  # the global is there, wrong further on
            listed = [variable.name for variable in gvl.variables]
            return f"{name}: {gvl.name} has no variable {member!r}{did_you_mean(member, listed)}"
        if project.find_global(first) is not None:
            return exc.message
        known = [
            *own,
            *(gvl.name for gvl in project.gvl_by_name.values() if not project.is_standard(gvl)),
            *(variable.name for variable in project.globals.values()),
        ]
        return (
            f"{name}: no variable {first} in {self.pou.name} and no global variable list "
            f"or global variable {first} in the project{did_you_mean(first, known)}"
        )
