"""The OPC UA address space of the line 3 tags: folders, NodeIds, types, access."""

from __future__ import annotations

from dataclasses import dataclass

OBJECTS_FOLDER = "i=85"


@dataclass(frozen=True)
class Tag:
    name: str
    """Dotted PLC name, e.g. Line3.Filler.bStart."""
    data_type: str
    """IEC type, e.g. BOOL, INT, STRING(20)."""
    address: str = ""
    """Direct address (%IX0.0, %QW4, %MD10) or "" when the variable has none."""


@dataclass(frozen=True)
class Node:
    node_id: str
    browse_name: str
    parent: str
    node_class: str
    """"Object" for a folder, "Variable" for a tag."""
    data_type: str | None = None
    """The OPC UA built-in type of a variable (Boolean, Int16, ...)."""
    access: str | None = None
    """"read" or "read_write" for a variable."""


def build_address_space(tags: list[Tag], namespace_index: int = 2) -> list[Node]:
    # First version: everything flat under Objects, all writable.
    return [
        Node(f"ns={namespace_index};s={tag.name}", tag.name, OBJECTS_FOLDER, "Variable")
        for tag in tags
    ]
