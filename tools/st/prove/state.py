"""The state of the checked PLC between two cycles, as the symbolic model sees it.

The state is every elementary variable of the instance and of the globals
(the entry's signals, same keys), plus what the standard function blocks
keep hidden: an edge detector's memory, a counter's last CU/CD, a timer's
phase (idle, running, done) and its *age* -- the time since it started.

The simulator's timers keep an absolute start time and read the clock; a
model with absolute time never repeats a state, which makes induction
impossible. The model keeps ``age = now - start`` instead, advanced by the
cycle time at the start of every cycle and saturated at 2**64 - 1 (every
comparison with a preset of 64 bits or less still comes out the same), and
reset to 0 whenever the timer is not running (its value does not matter
then). ``concrete`` reads the same quantities from a running simulator,
which is how the model's initial state is taken and how the model is
validated against the simulator cycle by cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werk.tools.st.model.symbols import Section
from werk.tools.st.prove.entry import Entry, Runner, global_key, signal_key
from werk.tools.st.prove.smt_values import elementary
from werk.tools.st.sim.iec import standard_fbs
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.values import (
    ArrayLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
)

if TYPE_CHECKING:
    from werk.tools.st.sim.iec.standard_fbs import StandardFunctionBlock

AGE = elementary("ULINT")  # a timer's age: ms for TIME timers, ns for LTIME ones
PHASE = elementary("USINT")  # a timer's phase: 0 idle, 1 running, 2 done
FLAG = elementary("BOOL")
IDLE, RUNNING, DONE = 0, 1, 2
AGE_LIMIT = (1 << 64) - 1

# hidden member -> (spec, attribute of the simulator's object)
HIDDEN: dict[str, tuple[ElementarySpec, str]] = {
    "#mem": (FLAG, "_memory"),
    "#cu": (FLAG, "_cu_memory"),
    "#cd": (FLAG, "_cd_memory"),
    "#phase": (PHASE, "_state"),
    "#age": (AGE, "_start"),
    "#previn": (FLAG, "_previous_in"),
}


def hidden_members(cls: type[StandardFunctionBlock]) -> list[str]:
    """The hidden state the model keeps for one standard FB class."""
    if issubclass(cls, standard_fbs.R_TRIG | standard_fbs.F_TRIG):
        return ["#mem"]
    if issubclass(cls, standard_fbs.CTUD):
        return ["#cu", "#cd"]
    if issubclass(cls, standard_fbs.CTU):
        return ["#cu"]
    if issubclass(cls, standard_fbs.CTD):
        return ["#cd"]
    if issubclass(cls, standard_fbs.TOF):
        return ["#phase", "#age", "#previn"]
    if issubclass(cls, standard_fbs.TON | standard_fbs.TP):
        return ["#phase", "#age"]
    return []  # SR, RS: their output is their state


def is_timer(cls: type[StandardFunctionBlock]) -> bool:
    return issubclass(cls, standard_fbs.TON | standard_fbs.TOF | standard_fbs.TP)


@dataclass(frozen=True)
class StandardInstance:
    """One standard FB instance somewhere in the state (``ton1``, ``fbA.timers[2]``)."""

    key: str  # the key prefix of its members: ``ton1``, ``@gvl.ton``
    path: str  # as the simulator names it relative to the instance, or the global path
    cls: type[StandardFunctionBlock]
    is_global: bool

    @property
    def long(self) -> bool:
        return issubclass(self.cls, standard_fbs.LTON | standard_fbs.LTOF | standard_fbs.LTP)


@dataclass(frozen=True)
class StateVar:
    key: str
    spec: ElementarySpec
    hidden: bool


class StateSpace:
    """The variables of the model's state, with their specs and where to read them."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.vars: dict[str, StateVar] = {
            signal.key: StateVar(signal.key, signal.spec, False)
            for signal in entry.signals.values()
        }
        self.standard: dict[str, StandardInstance] = {}
        for instance in self._standard_instances():
            self.standard[instance.key] = instance
            for member in hidden_members(instance.cls):
                key = f"{instance.key}.{member}"
                self.vars[key] = StateVar(key, HIDDEN[member][0], True)

    @property
    def timers(self) -> list[StandardInstance]:
        return [instance for instance in self.standard.values() if is_timer(instance.cls)]

    def _standard_instances(self) -> Iterator[StandardInstance]:
        entry = self.entry
        for slot in entry.cls.slots:
            if slot.section is Section.VAR_IN_OUT:
                continue
            yield from _walk(slot.name, slot.layout, False)
        for index, slot in enumerate(entry.simulator.compiler.globals.slots):
            yield from _walk(entry.global_path(index), slot.layout, True)

    def concrete(self, runner: Runner) -> dict[str, Any]:
        """The state now, read from the simulator (after a restart: the initial state)."""
        entry = self.entry
        values = {signal.key: runner.read(signal) for signal in entry.signals.values()}
        for instance in self.standard.values():
            members = hidden_members(instance.cls)
            if not members:
                continue
            obj = self._object(instance)
            for member in members:
                key = f"{instance.key}.{member}"
                attribute = HIDDEN[member][1]
                if member == "#age":
                    values[key] = self._age(obj, instance, runner)
                else:
                    raw = getattr(obj, attribute)
                    values[key] = bool(raw) if HIDDEN[member][0] is FLAG else int(raw)
        return values

    def _object(self, instance: StandardInstance) -> Any:
        if instance.is_global:
            location = self.entry.simulator.location(instance.path)
            return location.container[location.key]
        return self.entry.raw(instance.path)

    @staticmethod
    def _age(obj: Any, instance: StandardInstance, runner: Runner) -> int:
        if getattr(obj, "_state", IDLE) != RUNNING or runner.cycles == 0:
            return 0
        now = runner.last_cycle_ns if instance.long else runner.last_cycle_ns // 1_000_000
        return min(max(now - int(obj._start), 0), AGE_LIMIT)


def _walk(path: str, layout: Layout, is_global: bool) -> Iterator[StandardInstance]:
    if isinstance(layout, StandardFbLayout):
        key = global_key(path) if is_global else signal_key(path)
        yield StandardInstance(key, path, layout.cls, is_global)
    elif isinstance(layout, FbLayout):
        for slot in layout.compiled.slots:
            if slot.section is Section.VAR_IN_OUT or isinstance(slot.layout, ReferenceLayout):
                continue
            yield from _walk(f"{path}.{slot.name}", slot.layout, is_global)
    elif isinstance(layout, ArrayLayout):
        for flat in range(layout.size):
            element = layout.index_text(flat).replace(" ", "")
            yield from _walk(path + element, layout.element, is_global)
    elif isinstance(layout, StructLayout):
        for name, field_layout in zip(layout.field_names, layout.fields, strict=True):
            yield from _walk(f"{path}.{name}", field_layout, is_global)
