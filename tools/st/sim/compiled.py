"""The compiled POUs: slot layouts, entry points and what calls need to know about them.

``CompiledFb`` is a FUNCTION_BLOCK or PROGRAM: the slots of its instances
(the base FB's first, so code compiled for the base runs on a derived
instance), its body, and its methods, actions and properties with overrides
already applied (a call through ``inst.cls`` is the virtual dispatch of
IEC 61131-3 §6.6.5). ``Routine`` is anything that gets fresh locals per call:
a FUNCTION, a METHOD, a property accessor.

Bodies are filled in by the compiler after the layout exists, so recursive
and mutually recursive POUs compile; until then ``run`` raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werk.tools.st.model.symbols import Pou, Section, Variable
from werk.tools.st.sim.faults import FaultKind, SimulationFault
from werk.tools.st.sim.runtime import FbInstance
from werk.tools.st.sim.values import FbLayout, Layout

Body = Callable[[Any], Any]

INPUT_SECTIONS = frozenset({Section.VAR_INPUT})
OUTPUT_SECTIONS = frozenset({Section.VAR_OUTPUT})
RETAINED = frozenset({"RETAIN", "PERSISTENT"})


@dataclass(eq=False)
class Slot:
    """One variable's storage in an instance, a routine's frame or the global list."""

    name: str
    variable: Variable | None
    layout: Layout
    factory: Callable[[str], Any]  # the initial value, given the variable's instance path
    section: Section = Section.VAR
    retain: bool = False
    # A located variable (AT %IX0.1): its value lives in the I/O image (the factory
    # writes the initial value there).
    located: tuple[Callable[[], Any], Callable[[Any], None]] | None = None
    located_key: str | None = None
    # How a test writes it: an input goes to the process side of the image too.
    process_write: Callable[[Any], None] | None = None
    # VAR_IN_OUT and REFERENCE TO hold a Ref that every access goes through.
    indirect: bool = False


def _not_compiled(name: str) -> Body:
    def run(frame: Any) -> Any:
        raise SimulationFault(FaultKind.INTERNAL, f"{name} was called before it was compiled")

    return run


@dataclass(eq=False)
class Routine:
    """A FUNCTION, METHOD or property accessor: locals made fresh for each call."""

    pou: Pou
    name: str  # for the call stack: F_Scale, FB_Pump.Start, FB_Pump.Speed.GET
    slots: list[Slot] = field(default_factory=list)
    slot_of: dict[Variable, int] = field(default_factory=dict)
    return_slot: int | None = None
    body: Body | None = None
    # Set when every local is elementary: a call copies this list instead of building one.
    template: list[Any] | None = None

    def add(self, slot: Slot) -> int:
        index = len(self.slots)
        self.slots.append(slot)
        if slot.variable is not None:
            self.slot_of[slot.variable] = index
        return index

    def finish_layout(self) -> None:
        if all(not slot.layout.aggregate for slot in self.slots):
            self.template = [slot.factory(slot.name) for slot in self.slots]

    def new_locals(self, path: str) -> list[Any]:
        if self.template is not None:
            return list(self.template)
        return [slot.factory(f"{path}.{slot.name}") for slot in self.slots]

    def parameters(self, *sections: Section) -> list[tuple[Variable, int]]:
        return [
            (slot.variable, index)
            for index, slot in enumerate(self.slots)
            if slot.variable is not None and slot.section in sections
        ]


@dataclass(eq=False)
class CompiledProperty:
    name: str
    getter: Routine | None = None
    setter: Routine | None = None


class CompiledFb:
    """A FUNCTION_BLOCK or PROGRAM type."""

    def __init__(self, pou: Pou, parent: CompiledFb | None) -> None:
        self.pou = pou
        self.name = pou.name
        self.parent = parent
        self.slots: list[Slot] = list(parent.slots) if parent else []
        self.slot_of: dict[Variable, int] = dict(parent.slot_of) if parent else {}
        self.slot_by_name: dict[str, int] = dict(parent.slot_by_name) if parent else {}
        # VAR_TEMP: (slot, factory) re-initialised at every call of this POU's body.
        self.temps: list[tuple[int, Callable[[str], Any]]] = []
        # VAR_STAT: one storage shared by all instances.
        self.statics: list[Any] = []
        self.static_slots: list[Slot] = []
        self.static_of: dict[Variable, int] = {}
        self.methods: dict[str, Routine] = dict(parent.methods) if parent else {}
        self.actions: dict[str, Body] = dict(parent.actions) if parent else {}
        self.properties: dict[str, CompiledProperty] = dict(parent.properties) if parent else {}
        self.run: Body = _not_compiled(pou.name)
        self.layout = FbLayout(self)

    def add(self, slot: Slot) -> int:
        index = len(self.slots)
        self.slots.append(slot)
        if slot.variable is not None:
            self.slot_of[slot.variable] = index
        self.slot_by_name[slot.name.lower()] = index
        return index

    def static_slot(self, name: str) -> tuple[CompiledFb, int] | None:
        """The VAR_STAT called ``name`` (of this FB or a base): its owner and position."""
        wanted = name.lower()
        current: CompiledFb | None = self
        while current is not None:
            for position, slot in enumerate(current.static_slots):
                if slot.name.lower() == wanted:
                    return current, position
            current = current.parent
        return None

    def new_instance(self, path: str) -> FbInstance:
        return FbInstance(self, path, [slot.factory(f"{path}.{slot.name}") for slot in self.slots])

    def reinitialise(self, instance: FbInstance, *, keep_retained: bool) -> None:
        """Cold (everything) or warm restart (RETAIN/PERSISTENT kept) of one instance, in place.

        On a warm restart a non-retained FB instance is restarted member by
        member, so the RETAIN variables declared inside it survive too.
        """
        for index, slot in enumerate(self.slots):
            if keep_retained and slot.retain:
                continue
            current = instance[index]
            if keep_retained and isinstance(current, FbInstance):
                current.cls.reinitialise(current, keep_retained=True)
                continue
            instance[index] = slot.factory(f"{instance.path}.{slot.name}")

    def read(self, instance: FbInstance) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for index, slot in enumerate(self.slots):
            if slot.section is Section.VAR_TEMP:
                continue
            value = slot.located[0]() if slot.located is not None else instance[index]
            result[slot.name] = slot.layout.read(value)
        return result


@dataclass(eq=False)
class GlobalStorage:
    """Every VAR_GLOBAL of the project, in one list."""

    slots: list[Slot] = field(default_factory=list)
    slot_of: dict[Variable, int] = field(default_factory=dict)
    values: list[Any] = field(default_factory=list)

    def add(self, slot: Slot) -> int:
        index = len(self.slots)
        self.slots.append(slot)
        if slot.variable is not None:
            self.slot_of[slot.variable] = index
        self.values.append(None)
        return index

    def reinitialise(self, *, keep_retained: bool) -> None:
        for index, slot in enumerate(self.slots):
            if keep_retained and slot.retain:
                continue
            current = self.values[index]
            if keep_retained and isinstance(current, FbInstance):
                current.cls.reinitialise(current, keep_retained=True)
                continue
            self.values[index] = slot.factory(slot.name)
