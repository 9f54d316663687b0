"""Instance paths as an engineer writes them: ``MAIN.fbPump1.tonDelay.Q``, ``GVL_IO.bStart``.

A path starts at a PROGRAM instance, a global variable list (``GVL.x``), a
global variable (``x``) or, relative to a harness, at a member of its
instance; it continues through FB members, struct fields and array elements
(``aValues[3]``, ``aGrid[1, 2]``). Names are case-insensitive (IEC 61131-3
§6.1.2). A path resolves to a ``Location``: a container and key the value
is read from and written to, and the layout that says how.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werk.tools.errors import UsageError
from werk.tools.st.sim.compiled import Slot
from werk.tools.st.sim.io_image import ImageSequence
from werk.tools.st.sim.runtime import FbInstance, MemberView, Ref
from werk.tools.st.sim.values import (
    ArrayLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
)

_SEGMENT = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*((?:\[[^\]]*\]\s*)*)$")
_INDEXES = re.compile(r"\[([^\]]*)\]")


@dataclass
class Location:
    """Where a path's value lives."""

    container: Any
    key: Any
    layout: Layout
    path: str

    def read(self) -> Any:
        return self.layout.read(self.container[self.key])

    def write(self, value: Any) -> None:
        layout = self.layout
        if isinstance(layout, FbLayout | StandardFbLayout):
            raise UsageError(f"{self.path} is a function block instance: set its members")
        if isinstance(layout, ReferenceLayout):
            raise UsageError(f"{self.path} is a pointer or reference: set what it points to")
        current = self.container[self.key]
        stored = layout.write(value, current, self.path)
        if layout.aggregate:
            layout.assign_into(current, stored)
        else:
            self.container[self.key] = stored


def split_path(path: str) -> list[tuple[str, list[str]]]:
    """``a.b[1, 2].c`` -> ``[("a", []), ("b", ["1, 2"]), ("c", [])]``."""
    parts: list[tuple[str, list[str]]] = []
    depth = 0
    current = ""
    pieces = []
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "." and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    for piece in pieces:
        match = _SEGMENT.match(piece)
        if match is None:
            raise UsageError(f"{path!r}: {piece!r} is not a name (with optional [index])")
        parts.append((match.group(1), _INDEXES.findall(match.group(2))))
    return parts


SlotLookup = Callable[[str], tuple[Any, int, Slot] | None]


class PathResolver:
    """Walks a path from a starting container through members and elements."""

    def walk(
        self,
        root: str,
        container: Any,
        key: Any,
        layout: Layout,
        slot: Slot | None,
        rest: list[tuple[str, list[str]]],
        indexes: list[str],
    ) -> Location:
        """From ``root`` (``MAIN``, ``GVL_IO.aIn``: the path of the start, without its
        indexes) through ``indexes`` and ``rest``; each step's path names only what it walked."""
        location = self.settle(container, key, layout, slot, root)
        for index_text in indexes:
            location = self.element(location, index_text)
        for name, member_indexes in rest:
            location = self.member(location, name)
            for index_text in member_indexes:
                location = self.element(location, index_text)
        return location

    @staticmethod
    def settle(container: Any, key: Any, layout: Layout, slot: Slot | None, path: str) -> Location:
        """Follow a located or Ref-holding slot to where its value really is."""
        if slot is not None and slot.located is not None:
            read, write = slot.located
            return Location(_Cell(read, slot.process_write or write), 0, layout, path)
        if slot is not None and isinstance(container[key], ImageSequence):
            # A located array: a test's writes reach the process side of the inputs too.
            elements: ImageSequence = container[key]
            return Location([elements.process_side()], 0, layout, path)
        if slot is not None and slot.indirect:
            assert isinstance(layout, ReferenceLayout)
            ref = container[key]
            if ref is None:
                raise UsageError(f"{path} is a reference that is not bound yet")
            assert isinstance(ref, Ref)
            return Location(ref.c, ref.k, layout.target, path)
        return Location(container, key, layout, path)

    def member(self, location: Location, name: str) -> Location:
        layout = location.layout
        path = f"{location.path}.{name}"
        value = location.container[location.key]
        if isinstance(layout, FbLayout):
            instance: FbInstance = value
            cls = instance.cls
            index = cls.slot_by_name.get(name.lower())
            if index is None:
                static = cls.static_slot(name)
                if static is not None:
                    owner, position = static
                    return Location(
                        owner.statics, position, owner.static_slots[position].layout, path
                    )
                raise UsageError(f"{path}: {cls.name} has no variable {name!r}")
            slot = cls.slots[index]
            return self.settle(instance, index, slot.layout, slot, path)
        if isinstance(layout, StandardFbLayout):
            attribute = layout.members.get(name.lower())
            if attribute is None:
                members = ", ".join(sorted(layout.fields.values()))
                raise UsageError(f"{path}: {layout.name} has the members {members}")
            from werk.tools.st.sim.iec.types import spec as iec_spec
            from werk.tools.st.sim.values import ElementaryLayout

            member_spec = iec_spec(layout.cls.TYPES[attribute])
            assert member_spec is not None
            return Location(MemberView(value), attribute, ElementaryLayout(member_spec), path)
        if isinstance(layout, StructLayout):
            index = layout.index.get(name.lower())
            if index is None:
                raise UsageError(f"{path}: {layout.name} has no field {name!r}")
            field_layout = layout.fields[index]
            return Location(value, index, field_layout, path)
        raise UsageError(f"{location.path} ({layout.name}) has no members")

    @staticmethod
    def element(location: Location, index_text: str) -> Location:
        layout = location.layout
        path = f"{location.path}[{index_text}]"
        if not isinstance(layout, ArrayLayout):
            raise UsageError(f"{location.path} ({layout.name}) is not an array")
        try:
            indexes = [int(part.strip()) for part in index_text.split(",")]
        except ValueError as exc:
            raise UsageError(f"{path}: array indexes must be integers") from exc
        if len(indexes) != len(layout.dimensions):
            raise UsageError(f"{path}: {layout.name} needs {len(layout.dimensions)} indexes")
        offset = 0
        for index, (lower, upper), stride in zip(
            indexes, layout.dimensions, layout.strides, strict=True
        ):
            if not lower <= index <= upper:
                raise UsageError(f"{path}: index {index} is outside {lower}..{upper}")
            offset += (index - lower) * stride
        return Location(location.container[location.key], offset, layout.element, path)


class _Cell:
    """A located variable seen as a one-element container."""

    def __init__(self, read: Callable[[], Any], write: Callable[[Any], None]) -> None:
        self.read = read
        self.write = write

    def __getitem__(self, key: int) -> Any:
        return self.read()

    def __setitem__(self, key: int, value: Any) -> None:
        self.write(value)
