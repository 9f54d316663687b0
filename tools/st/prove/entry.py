"""The checked POU (the task's ``entry_point``) on the simulator: its variables and its cycles.

PLCverif checks one POU instance, called ``instance`` in requirements: a
FUNCTION_BLOCK is instantiated once and called once per PLC cycle; a
PROGRAM runs as the only program of a cyclic task. Every cycle the
environment gives every input a new value -- VAR_INPUT, the in-outs of the
entry (a caller's variables, which the caller may change between calls) and
variables located at ``%I`` -- and the properties look at the variables
after the cycle. Time is the simulator's virtual clock: cycle ``n`` runs at
``(n - 1) * cycle_ms`` after the first -- or, with a cycle-time range, each
cycle starts between ``cycle_ms`` and ``cycle_max_ms`` after the previous
one, the environment choosing (the pseudo-input ``#dt``, in ms, as a PLC
whose cycles jitter or overrun).

A ``Signal`` is one elementary variable the properties and traces can name:
``bRun``, ``tonDelay.Q``, ``aValues[2]``, ``stData.rLevel`` (relative to the
instance) or ``GVL_IO.bStart`` (a global). Aggregates are unfolded down to
their elementary members.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from werk.tools.errors import UsageError
from werk.tools.st.model.symbols import PouKind, Section
from werk.tools.st.sim import SimulationFault, Simulator
from werk.tools.st.sim.faults import FaultKind
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.paths import Location
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
    SubrangeLayout,
)

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project
    from werk.tools.st.model.symbols import Pou
    from werk.tools.st.sim.compiled import Slot

INSTANCE = "instance"  # how requirements name the checked instance (PLCverif)
CYCLE_TIME = "#dt"  # the pseudo-input of a ranged cycle time: ms since the previous cycle
MAX_SIGNALS = 20_000  # an I/O list can be long; beyond this the project is not unfolded


class Role(StrEnum):
    INPUT = "input"  # given by the environment every cycle
    OUTPUT = "output"
    LOCAL = "local"  # everything else of the instance (VAR, nested FB members...)
    GLOBAL = "global"


@dataclass(frozen=True)
class Signal:
    path: str  # as declared: ``tonDelay.Q``, ``aValues[2]``, ``GVL_IO.bStart``
    spec: ElementarySpec
    layout: Layout  # ElementaryLayout, EnumLayout or SubrangeLayout
    role: Role
    is_global: bool = False

    @property
    def key(self) -> str:
        return global_key(self.path) if self.is_global else signal_key(self.path)

    @property
    def shown(self) -> str:
        """The path as a requirement writes it: ``instance.bRun``, ``GVL_IO.bStart``."""
        return self.path if self.is_global else f"{INSTANCE}.{self.path}"

    @property
    def bounds(self) -> tuple[int, int] | None:
        """The values an integer signal can hold (a subrange's, else its type's)."""
        if isinstance(self.layout, SubrangeLayout):
            return self.layout.lower, self.layout.upper
        low, high = self.spec.minimum, self.spec.maximum
        if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool):
            return low, high
        return None

    @property
    def enum_values(self) -> list[int] | None:
        if isinstance(self.layout, EnumLayout):
            return sorted(set(self.layout.members.values()))
        return None


def signal_key(path: str) -> str:
    """The lookup key of a path: lower case, no blanks (``aGrid[1, 2]`` -> ``agrid[1,2]``)."""
    return "".join(path.split()).lower()


def global_key(path: str) -> str:
    """The key of a global's path (``@gvl_io.bstart``): never the same as an instance member's."""
    return "@" + signal_key(path)


def element_text(layout: ArrayLayout, flat: int) -> str:
    return layout.index_text(flat).replace(" ", "")


class Entry:
    """The entry POU, its simulator, and the signals of its instance and of the globals."""

    def __init__(
        self, project: Project, name: str, *, cycle_ms: int = 10, cycle_max_ms: int | None = None
    ) -> None:
        pou = project.find_pou(name)
        if pou is None or project.is_standard(pou):
            candidates = [
                p.name
                for p in project.all_pous()
                if p.kind in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM)
            ]
            close = difflib.get_close_matches(name, candidates, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise UsageError(f"no FUNCTION_BLOCK or PROGRAM {name!r} in the project{hint}")
        if pou.kind not in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM):
            raise UsageError(
                f"{pou.name} is a {pou.kind.value}: the entry point must be a "
                "FUNCTION_BLOCK or PROGRAM (wrap a FUNCTION in a FUNCTION_BLOCK)"
            )
        self.project = project
        self.pou: Pou = pou
        self.name = pou.name
        self.cycle_ms = cycle_ms
        self.cycle_max_ms = max(cycle_max_ms or cycle_ms, cycle_ms)
        self.is_program = pou.kind is PouKind.PROGRAM
        try:
            if self.is_program:
                self.simulator = Simulator(project, programs=[pou.name], cycle_ms=cycle_ms)
            else:
                self.simulator = Simulator(project, programs=[], cycle_ms=cycle_ms)
        except SimulationFault as exc:
            raise UsageError(f"{pou.name} cannot be simulated: {exc}") from exc
        self.cls = self.simulator.compiler.fb_class(pou)
        self.in_outs = [slot.name for slot in self.cls.slots if slot.section is Section.VAR_IN_OUT]
        self.harness = None if self.is_program else self.simulator.instantiate(pou.name, INSTANCE)
        self._bind_in_outs()
        self.signals: dict[str, Signal] = {}
        self._global_owners: dict[Any, Any] = {}
        self.skipped: list[str] = []  # members that are not elementary values (pointers...)
        for signal in self._walk_instance():
            self.signals[signal.key] = signal
        self._bare: dict[str, Signal | None] = {}  # a global by its own name, when unique
        for signal in self._walk_globals():
            self.signals.setdefault(signal.key, signal)

    # --- signals ---------------------------------------------------------------------------

    @property
    def inputs(self) -> list[Signal]:
        return [s for s in self.signals.values() if s.role is Role.INPUT]

    @property
    def ranged(self) -> bool:
        """Whether the cycle time varies (then ``#dt`` is an input of every cycle)."""
        return self.cycle_max_ms > self.cycle_ms

    @property
    def cycle_time(self) -> Signal:
        """The ranged cycle time as a pseudo-signal (ms since the previous cycle)."""
        udint = _spec("UDINT")
        return Signal(CYCLE_TIME, udint, ElementaryLayout(udint), Role.INPUT)

    def find(self, path: str) -> Signal | None:
        """The signal at ``path``: a member of the instance, else a global."""
        key = signal_key(path)
        return self.signals.get(key) or self.signals.get(global_key(path)) or self._bare.get(key)

    def suggestions(self, path: str) -> list[str]:
        """Paths close to ``path`` (as requirements write them), for "did you mean"."""
        shown = {s.key: s.shown for s in self.signals.values()}
        wanted = signal_key(path)
        if wanted.startswith(INSTANCE + "."):
            wanted = wanted[len(INSTANCE) + 1 :]
        keys = difflib.get_close_matches(wanted, list(shown), n=3, cutoff=0.6)
        last = wanted.rsplit(".", 1)[-1]
        for key in shown:
            if key.rsplit(".", 1)[-1] == last and key not in keys:
                keys.append(key)
        return [shown[key] for key in keys[:3]]

    def _walk_instance(self) -> Iterator[Signal]:
        for slot in self.cls.slots:
            role = self._role(slot)
            layout = slot.layout
            if slot.section is Section.VAR_IN_OUT and isinstance(layout, ReferenceLayout):
                layout = layout.target
            yield from self._unfold(slot.name, layout, role, is_global=False)

    def global_path(self, index: int) -> str:
        """The path of global slot ``index`` as requirements write it: ``GVL_IO.bStart``."""
        slot = self.simulator.compiler.globals.slots[index]
        gvl = self._global_owners.get(slot.variable) if slot.variable is not None else None
        return f"{gvl.name}.{slot.name}" if gvl is not None and gvl.name else slot.name

    def _walk_globals(self) -> Iterator[Signal]:
        storage = self.simulator.compiler.globals
        self._global_owners = {
            variable: gvl
            for gvl in self.project.global_lists
            if not self.project.is_standard(gvl)
            for variable in gvl.variables
        }
        for index, slot in enumerate(storage.slots):
            variable = slot.variable
            path = self.global_path(index)
            located_input = bool(
                variable is not None and variable.address and variable.address[1:2].upper() == "I"
            )
            role = Role.INPUT if located_input else Role.GLOBAL
            gvl = self._global_owners.get(variable) if variable is not None else None
            bare = gvl is None or not gvl.qualified_only
            for signal in self._unfold(path, slot.layout, role, is_global=True):
                if bare and path != slot.name:
                    short = signal_key(slot.name + signal.path[len(path) :])
                    self._bare[short] = None if short in self._bare else signal
                yield signal

    def _role(self, slot: Slot) -> Role:
        variable = slot.variable
        if variable is not None and variable.address and variable.address[1:2].upper() == "I":
            return Role.INPUT
        if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT):
            return Role.INPUT
        if slot.section is Section.VAR_OUTPUT or (
            variable is not None and variable.address and variable.address[1:2].upper() == "Q"
        ):
            return Role.OUTPUT
        return Role.LOCAL

    def _unfold(
        self, path: str, layout: Layout, role: Role, *, is_global: bool
    ) -> Iterator[Signal]:
        if len(self.signals) > MAX_SIGNALS:
            return
        if isinstance(layout, ElementaryLayout | EnumLayout | SubrangeLayout):
            if layout.spec is not None and not layout.spec.is_string:
                yield Signal(path, layout.spec, layout, role, is_global)
            else:
                self.skipped.append(path)
            return
        if isinstance(layout, ArrayLayout):
            for flat in range(layout.size):
                yield from self._unfold(
                    path + element_text(layout, flat), layout.element, role, is_global=is_global
                )
            return
        if isinstance(layout, StructLayout):
            for name, field_layout in zip(layout.field_names, layout.fields, strict=True):
                yield from self._unfold(f"{path}.{name}", field_layout, role, is_global=is_global)
            return
        if isinstance(layout, FbLayout):
            for slot in layout.compiled.slots:
                member = slot.layout
                if slot.section is Section.VAR_IN_OUT or isinstance(member, ReferenceLayout):
                    self.skipped.append(f"{path}.{slot.name}")
                    continue
                member_role = role if is_global else Role.LOCAL
                yield from self._unfold(
                    f"{path}.{slot.name}", member, member_role, is_global=is_global
                )
            return
        if isinstance(layout, StandardFbLayout):
            member_role = Role.GLOBAL if is_global else Role.LOCAL
            for member in layout.fields.values():
                member_spec = _spec(layout.cls.TYPES[member])
                yield Signal(
                    f"{path}.{member}",
                    member_spec,
                    ElementaryLayout(member_spec),
                    member_role,
                    is_global,
                )
            return
        self.skipped.append(path)

    # --- running ---------------------------------------------------------------------------

    def _bind_in_outs(self) -> None:
        if self.harness is not None:
            for name in self.in_outs:
                self.harness.bind_in_out(name)

    def location(self, signal: Signal) -> Location:
        if signal.is_global:
            return self.simulator.location(signal.path)
        if self.harness is not None:
            return self.harness.location(signal.path)
        return self.simulator.location(f"{self.name}.{signal.path}")

    def raw(self, path: str) -> Any:
        """The stored object at an instance path (a standard FB's object, for its state)."""
        if self.harness is not None:
            location = self.harness.location(path)
        else:
            location = self.simulator.location(f"{self.name}.{path}")
        return location.container[location.key]

    def runner(self) -> Runner:
        return Runner(self)


def _spec(name: str) -> ElementarySpec:
    from werk.tools.st.sim.iec.types import spec

    found = spec(name)
    assert found is not None, name
    return found


@dataclass
class CycleOutcome:
    fault: SimulationFault | None = None


class Runner:
    """Runs the entry cycle by cycle from its initial state; restart for each new run."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.cycles = 0
        self.last_cycle_ns = 0  # when the last cycle ran, on the simulator's clock
        self.start_ns = 0
        self._locations: dict[str, Location] = {}
        self.restart()

    def restart(self) -> None:
        """Back to the initial state (a cold restart: RETAIN variables too)."""
        self.entry.simulator.cold_restart()
        self.entry._bind_in_outs()
        self._locations = {}
        self.cycles = 0
        self.start_ns = self.entry.simulator.clock.now_ns  # when the first cycle runs

    @property
    def time_ms(self) -> int:
        """When the last cycle ran, in ms from the first."""
        return (self.last_cycle_ns - self.start_ns) // 1_000_000

    def _location(self, signal: Signal) -> Location:
        found = self._locations.get(signal.key)
        if found is None:
            found = self._locations[signal.key] = self.entry.location(signal)
        return found

    def read(self, signal: Signal) -> Any:
        return self._location(signal).read()

    def write(self, signal: Signal, value: Any) -> None:
        self._location(signal).write(value)

    def cycle(self, inputs: dict[str, Any]) -> SimulationFault | None:
        """Set ``inputs`` (signal key -> value), run one scan cycle; the fault, if one.

        ``#dt`` among the inputs is the time since the previous cycle (at least
        ``cycle_ms``); the first cycle always runs at the start.
        """
        entry = self.entry
        simulator = entry.simulator
        for key, value in inputs.items():
            if key == CYCLE_TIME:
                if self.cycles > 0 and int(value) > entry.cycle_ms:
                    simulator.clock.advance_ms(int(value) - entry.cycle_ms)
                continue
            signal = entry.signals.get(key)
            if signal is None:
                raise UsageError(f"{key!r} is not a variable of {entry.name}")
            self.write(signal, value)
        self.cycles += 1
        try:
            if entry.harness is not None:
                self.last_cycle_ns = simulator.clock.now_ns
                entry.harness.call()
                simulator.clock.advance_ms(entry.cycle_ms)
            else:
                simulator.cycle()
                self.last_cycle_ns = simulator.clock.now_ns
        except SimulationFault as fault:
            return fault
        except RecursionError:
            return SimulationFault(FaultKind.STACK_OVERFLOW, "calls nested too deeply")
        return None
