"""How values of each ST type live in the simulator: created, stored, copied and shown.

A ``Layout`` is the compiled form of a type. Elementary values are the
Python values of the iec contract (``werk.tools.st.sim.iec``): every store
goes through its ``storer`` (wrap, round to REAL, truncate STRING[n]). Arrays
are flat lists (row-major, IEC 61131-3 §6.4.4.5 bounds kept for indexing),
structs are lists of their fields in declaration order, FB instances are
``FbInstance`` lists, pointers and references are ``Ref`` or ``None``.

Aggregates are assigned in place (``assign_into``): a pointer to an element
or a VAR_IN_OUT bound to a struct keeps pointing at the same storage after
the whole variable is assigned, as on the PLC where a variable is a fixed
piece of memory.

``read`` turns a value into what ``Simulator.get`` returns (nested lists and
dicts for aggregates); ``write`` does the opposite for ``Simulator.set``,
applying the store semantics of the type.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from werk.tools.errors import UsageError
from werk.tools.st.sim.faults import FaultKind, SimulationFault
from werk.tools.st.sim.iec.types import ElementarySpec, storer
from werk.tools.st.sim.runtime import FbInstance, Ref

if TYPE_CHECKING:
    from werk.tools.st.sim.iec.types import ElementarySpec as Spec

DEFAULT_STRING_LENGTH = 80


class Layout:
    """The compiled form of one ST type."""

    aggregate = False
    spec: ElementarySpec | None = None
    name = "?"

    @property
    def value_class(self) -> Hashable:
        """Values of layouts with equal classes are stored without conversion."""
        return ("opaque", id(self))

    def new(self, path: str) -> Any:
        raise NotImplementedError

    def read(self, value: Any) -> Any:
        return value

    def write(self, value: Any, current: Any, where: str) -> Any:
        raise UsageError(f"{where}: a {self.name} cannot be set from a test")

    def assign_into(self, target: Any, value: Any) -> None:
        raise NotImplementedError(f"assignment of a whole {self.name}")


class ElementaryLayout(Layout):
    """BOOL, integers, bit strings, REAL/LREAL, durations, dates, STRING[n]."""

    def __init__(self, spec: Spec, length: int | None = None, default: Any = None) -> None:
        self.spec = spec
        self.length = length
        self.store: Callable[[Any], Any] = storer(spec, length)
        self.name = spec.name if length is None else f"{spec.name}[{length}]"
        self.default = self.store(spec.default if default is None else default)

    @property
    def value_class(self) -> Hashable:
        assert self.spec is not None
        return ("elementary", self.spec.name, self.length)

    def new(self, path: str) -> Any:
        return self.default

    def write(self, value: Any, current: Any, where: str) -> Any:
        assert self.spec is not None
        kind = self.spec.kind
        if kind == "bool":
            if not isinstance(value, bool):
                raise UsageError(f"{where} is a BOOL: set it to True or False, not {value!r}")
        elif kind in ("string", "wstring"):
            if not isinstance(value, str):
                raise UsageError(f"{where} is a {self.name}: set it to a str, not {value!r}")
        elif kind == "real":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UsageError(f"{where} is a {self.name}: set it to a number, not {value!r}")
            value = float(value)
        elif isinstance(value, bool) or not isinstance(value, int):
            unit = {"time": " (milliseconds)", "date": " (seconds)", "dt": " (seconds)"}
            raise UsageError(
                f"{where} is a {self.name}: set it to an int{unit.get(kind, '')}, not {value!r}"
            )
        return self.store(value)


class EnumLayout(Layout):
    """An enumeration: ``int`` values of its base type, members by name for tests."""

    def __init__(self, name: str, base: ElementaryLayout, members: dict[str, int]) -> None:
        self.name = name
        self.base = base
        self.spec = base.spec
        self.store = base.store
        self.members = members  # lower-case name -> value
        # IEC 61131-3 §6.4.4.3: an enumerated variable starts at its first member.
        self.default = next(iter(members.values()), 0)

    @property
    def value_class(self) -> Hashable:
        return self.base.value_class

    def new(self, path: str) -> Any:
        return self.default

    def write(self, value: Any, current: Any, where: str) -> Any:
        if isinstance(value, str):
            member = value.split(".")[-1].split("#")[-1].lower()
            if member not in self.members:
                raise UsageError(f"{where}: {self.name} has no member {value!r}")
            return self.members[member]
        return self.base.write(value, current, where)


class SubrangeLayout(Layout):
    """An integer type restricted to ``lower..upper``; a store outside it is a fault."""

    def __init__(self, base: ElementaryLayout, lower: int, upper: int) -> None:
        self.base = base
        self.spec = base.spec
        self.lower = lower
        self.upper = upper
        self.name = f"{base.name}({lower}..{upper})"
        base_store = base.store

        def store(value: Any) -> Any:
            stored = base_store(value)
            if not lower <= stored <= upper:
                raise SimulationFault(
                    FaultKind.SUBRANGE, f"{stored} is outside the subrange {lower}..{upper}"
                )
            return stored

        self.store = store

    @property
    def value_class(self) -> Hashable:
        return ("subrange", self.base.value_class, self.lower, self.upper)

    def new(self, path: str) -> Any:
        # IEC 61131-3 §6.4.4.4: a subrange variable starts at its lower limit.
        return self.lower

    def write(self, value: Any, current: Any, where: str) -> Any:
        stored = self.base.write(value, current, where)
        if not self.lower <= stored <= self.upper:
            raise UsageError(f"{where}: {stored} is outside {self.lower}..{self.upper}")
        return stored


class ArrayLayout(Layout):
    """``ARRAY[l1..u1, l2..u2] OF T`` as one flat row-major list."""

    aggregate = True

    def __init__(self, dimensions: Sequence[tuple[int, int]], element: Layout) -> None:
        self.dimensions = tuple(dimensions)
        self.element = element
        self.extents = [upper - lower + 1 for lower, upper in self.dimensions]
        self.size = 1
        for extent in self.extents:
            self.size *= extent
        # Row-major strides: the last index moves fastest.
        self.strides = [1] * len(self.extents)
        for axis in range(len(self.extents) - 2, -1, -1):
            self.strides[axis] = self.strides[axis + 1] * self.extents[axis + 1]
        ranges = ", ".join(f"{lower}..{upper}" for lower, upper in self.dimensions)
        self.name = f"ARRAY[{ranges}] OF {element.name}"

    @property
    def value_class(self) -> Hashable:
        return ("array", self.dimensions, self.element.value_class)

    def index_text(self, flat: int) -> str:
        indexes = []
        for (lower, _), stride, extent in zip(
            self.dimensions, self.strides, self.extents, strict=True
        ):
            indexes.append(str(lower + (flat // stride) % extent))
        return "[" + ", ".join(indexes) + "]"

    def new(self, path: str) -> Any:
        element = self.element
        if not element.aggregate:
            return [element.new(path)] * self.size
        return [element.new(path + self.index_text(flat)) for flat in range(self.size)]

    def read(self, value: Any) -> Any:
        element = self.element

        def nest(axis: int, offset: int) -> list[Any]:
            if axis == len(self.extents) - 1:
                return [element.read(value[offset + i]) for i in range(self.extents[axis])]
            stride = self.strides[axis]
            return [nest(axis + 1, offset + i * stride) for i in range(self.extents[axis])]

        return nest(0, 0)

    def write(self, value: Any, current: Any, where: str) -> Any:
        flat: list[Any] = []

        def flatten(axis: int, part: Any, offset: int) -> None:
            extent = self.extents[axis]
            if not isinstance(part, list | tuple) or len(part) != extent:
                raise UsageError(f"{where}: expected a list of {extent} values for {self.name}")
            for i, item in enumerate(part):
                if axis == len(self.extents) - 1:
                    position = offset + i
                    old = current[position] if current is not None else None
                    flat.append(
                        self.element.write(item, old, f"{where}{self.index_text(position)}")
                    )
                else:
                    flatten(axis + 1, item, offset + i * self.strides[axis])

        flatten(0, value, 0)
        return flat

    def assign_into(self, target: Any, value: Any) -> None:
        if target is value:
            return
        if self.element.aggregate:
            element = self.element
            for i in range(self.size):
                element.assign_into(target[i], value[i])
        else:
            target[:] = value


class StructLayout(Layout):
    """A STRUCT: its fields' values in declaration order (base struct fields first)."""

    aggregate = True

    def __init__(self, name: str) -> None:
        self.name = name
        self.field_names: list[str] = []
        self.fields: list[Layout] = []
        self.factories: list[Callable[[str], Any]] = []
        self.index: dict[str, int] = {}  # lower-case field name -> position

    def add_field(self, name: str, layout: Layout, factory: Callable[[str], Any]) -> None:
        self.index[name.lower()] = len(self.fields)
        self.field_names.append(name)
        self.fields.append(layout)
        self.factories.append(factory)

    @property
    def value_class(self) -> Hashable:
        return ("struct", id(self))

    def new(self, path: str) -> Any:
        return [
            make(f"{path}.{name}")
            for make, name in zip(self.factories, self.field_names, strict=True)
        ]

    def read(self, value: Any) -> Any:
        return {
            name: layout.read(item)
            for name, layout, item in zip(self.field_names, self.fields, value, strict=True)
        }

    def write(self, value: Any, current: Any, where: str) -> Any:
        if not isinstance(value, dict):
            raise UsageError(f"{where}: a {self.name} is set from a dict of its fields")
        result = list(current) if current is not None else self.new(where)
        for name, item in value.items():
            position = self.index.get(str(name).lower())
            if position is None:
                raise UsageError(f"{where}: {self.name} has no field {name!r}")
            result[position] = self.fields[position].write(
                item, result[position], f"{where}.{self.field_names[position]}"
            )
        return result

    def assign_into(self, target: Any, value: Any) -> None:
        if target is value:
            return
        for i, layout in enumerate(self.fields):
            if layout.aggregate:
                layout.assign_into(target[i], value[i])
            else:
                target[i] = value[i]


class FbLayout(Layout):
    """An instance of a user FUNCTION_BLOCK (or a PROGRAM)."""

    aggregate = True

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled  # the CompiledFb; its slots are filled after construction
        self.name = compiled.name

    def new(self, path: str) -> Any:
        return self.compiled.new_instance(path)

    def read(self, value: Any) -> Any:
        instance: FbInstance = value
        return instance.cls.read(instance)


class StandardFbLayout(Layout):
    """An instance of an IEC standard FB (TON, R_TRIG, CTU...) from ``iec.standard_fbs``."""

    aggregate = True

    def __init__(self, name: str, cls: type) -> None:
        self.name = name
        self.cls = cls
        self.members: dict[str, str] = {
            member.lower(): member
            for member in (*getattr(cls, "INPUTS", ()), *getattr(cls, "OUTPUTS", ()))
        }
        self.fields = dict(self.members)  # the IEC members, for ``read``
        for alias, member in getattr(cls, "ALIASES", {}).items():  # CODESYS ``RESET`` for ``R``
            self.members.setdefault(alias.lower(), member)
        self.variants: dict[str, type] = dict(getattr(cls, "VARIANTS", {}))
        """TIA Portal instance data: the blocks ``instance.TON(...)`` may call."""

    def new(self, path: str) -> Any:
        return self.cls()

    def read(self, value: Any) -> Any:
        return {member: getattr(value, member) for member in self.fields.values()}


class ReferenceLayout(Layout):
    """``POINTER TO``, ``REF_TO``, ``REFERENCE TO`` and VAR_IN_OUT slots: a ``Ref`` or ``None``.

    Reading one from a test gives the value it points at (``None`` when it
    points nowhere): what an engineer watching it online would look for.
    """

    def __init__(self, target: Layout, kind: str) -> None:
        self.target = target
        self.kind = kind  # "pointer", "ref_to", "reference", "in_out"
        self.name = {
            "pointer": "POINTER TO ",
            "ref_to": "REF_TO ",
            "reference": "REFERENCE TO ",
            "in_out": "VAR_IN_OUT ",
        }[kind] + target.name

    @property
    def value_class(self) -> Hashable:
        return ("reference", self.target.value_class)

    def new(self, path: str) -> Any:
        return None

    def read(self, value: Any) -> Any:
        if value is None:
            return None
        ref: Ref = value
        return self.target.read(ref.get())
