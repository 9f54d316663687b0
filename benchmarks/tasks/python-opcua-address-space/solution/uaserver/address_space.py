"""The OPC UA address space of the line 3 tags: folders, NodeIds, types, access.

Folders follow the dotted PLC names (OPC UA Part 5 FolderType objects under the
Objects folder, i=85); NodeIds are string NodeIds in the server's namespace;
the data types are OPC UA built-in types (Part 6) for the IEC 61131-3 elementary
types, as the PLCopen OPC UA information model maps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OBJECTS_FOLDER = "i=85"
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
STRING_TYPE = re.compile(r"STRING(\s*[\[(]\s*\d+\s*[\])])?")
UA_TYPES = {
    "BOOL": "Boolean",
    "SINT": "SByte",
    "USINT": "Byte",
    "BYTE": "Byte",
    "INT": "Int16",
    "UINT": "UInt16",
    "WORD": "UInt16",
    "DINT": "Int32",
    "UDINT": "UInt32",
    "DWORD": "UInt32",
    "LINT": "Int64",
    "ULINT": "UInt64",
    "LWORD": "UInt64",
    "REAL": "Float",
    "LREAL": "Double",
    "TIME": "Duration",
    "DATE_AND_TIME": "DateTime",
    "DT": "DateTime",
}
READ_ONLY_AREAS = ("I", "Q")
"""Inputs are written by the I/O and outputs by the program, never by a client."""


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
    if not 1 <= namespace_index <= 0xFFFF:
        raise ValueError(f"namespace index {namespace_index} outside 1..65535")
    nodes: list[Node] = []
    folders: dict[str, str] = {}  # lower-case path -> path as first spelled
    variables: dict[str, str] = {}
    for tag in tags:
        segments = _segments(tag.name)
        key = tag.name.lower()
        if key in variables:
            raise ValueError(f"{tag.name}: the same name as {variables[key]}")
        if key in folders:
            raise ValueError(f"{tag.name}: already a folder")
        data_type, access = _ua_type(tag), _access(tag)
        parent = OBJECTS_FOLDER
        for depth in range(1, len(segments)):
            path = ".".join(segments[:depth])
            if path.lower() in variables:
                raise ValueError(f"{tag.name}: {path} is a variable, not a folder")
            node_id = f"ns={namespace_index};s={path}"
            spelled = folders.get(path.lower())
            if spelled is None:
                folders[path.lower()] = path
                nodes.append(Node(node_id, segments[depth - 1], parent, "Object"))
            elif spelled != path:
                raise ValueError(f"{tag.name}: folder {path} is spelled {spelled} elsewhere")
            parent = node_id
        variables[key] = tag.name
        node_id = f"ns={namespace_index};s={tag.name}"
        nodes.append(Node(node_id, segments[-1], parent, "Variable", data_type, access))
    return nodes


def _segments(name: str) -> list[str]:
    segments = name.split(".")
    for segment in segments:
        if not IDENTIFIER.fullmatch(segment) or "__" in segment:
            raise ValueError(f"{name!r}: {segment!r} is not an IEC identifier")
    return segments


def _ua_type(tag: Tag) -> str:
    iec_type = tag.data_type.strip().upper()
    if STRING_TYPE.fullmatch(iec_type):
        return "String"
    if iec_type not in UA_TYPES:
        raise ValueError(f"{tag.name}: no OPC UA type for {tag.data_type!r}")
    return UA_TYPES[iec_type]


def _access(tag: Tag) -> str:
    address = tag.address.strip().upper()
    if not address:
        return "read_write"
    if len(address) < 2 or address[0] != "%" or address[1] not in "IQM":
        raise ValueError(f"{tag.name}: {tag.address!r} is not an %I, %Q or %M address")
    return "read" if address[1] in READ_ONLY_AREAS else "read_write"
