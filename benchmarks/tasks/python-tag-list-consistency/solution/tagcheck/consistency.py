"""Compares the HMI tag list (CSV) with the PLC's global variable list (ST).

The formats and the kinds of findings are described in README.md. Addresses are
compared as bit ranges of their area (IEC 61131-3 direct variables, byte-addressed
as in S7 and TwinCAT), so `%MW10` and `%MB11` are seen to overlap.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from tagcheck.gvl import GlobalVariable, read_gvl


@dataclass(frozen=True)
class Finding:
    kind: str
    """duplicate_tag, invalid_address, address_type_mismatch, address_overlap,
    missing_in_plc, missing_in_tag_list, type_mismatch or address_mismatch."""
    tags: tuple[str, ...]
    message: str


ADDRESS = re.compile(r"%([IQM])([XBWDL]?)(\d+)(?:\.(\d+))?", re.IGNORECASE)
SIZE_BITS = {"X": 1, "B": 8, "W": 16, "D": 32, "L": 64}
TYPES_BY_SIZE = {
    "X": {"BOOL"},
    "B": {"BYTE", "SINT", "USINT", "CHAR"},
    "W": {"WORD", "INT", "UINT"},
    "D": {"DWORD", "DINT", "UDINT", "REAL", "TIME"},
    "L": {"LWORD", "LINT", "ULINT", "LREAL"},
}


@dataclass(frozen=True)
class DirectAddress:
    """A located variable's bits: area I/Q/M, first bit and width."""

    area: str
    size: str
    first_bit: int

    @property
    def bits(self) -> range:
        return range(self.first_bit, self.first_bit + SIZE_BITS[self.size])

    def overlaps(self, other: DirectAddress) -> bool:
        return (
            self.area == other.area
            and self.first_bit < other.bits.stop
            and other.first_bit < self.bits.stop
        )


@dataclass(frozen=True)
class Tag:
    name: str
    data_type: str
    address: str


def parse_address(text: str) -> DirectAddress | None:
    """The address in ``text``; None when it is not a valid direct address."""
    match = ADDRESS.fullmatch(text.strip())
    if match is None:
        return None
    area, size, byte, bit = match.groups()
    size = size.upper() or "X"
    if (size == "X") != (bit is not None) or (bit is not None and int(bit) > 7):
        return None
    return DirectAddress(area.upper(), size, int(byte) * 8 + int(bit or 0))


def check_tag_list(tag_csv: str, gvl_source: str) -> list[Finding]:
    tags, findings = _unique_tags(_read_tags(tag_csv))
    addresses: dict[str, DirectAddress] = {}
    for tag in tags:
        if not tag.address:
            continue
        address = parse_address(tag.address)
        if address is None:
            findings.append(_finding("invalid_address", tag.name, f"{tag.address!r}"))
            continue
        addresses[tag.name.lower()] = address
        if _normal_type(tag.data_type) not in TYPES_BY_SIZE[address.size]:
            message = f"{tag.data_type} does not fit {tag.address}"
            findings.append(_finding("address_type_mismatch", tag.name, message))
    findings += _overlaps(tags, addresses)
    findings += _compare_with_gvl(tags, addresses, read_gvl(gvl_source))
    return findings


def _read_tags(tag_csv: str) -> list[Tag]:
    text = io.StringIO(tag_csv.removeprefix("\ufeff"), newline="")
    rows = csv.reader(text, delimiter=";")
    tags = []
    for index, row in enumerate(rows):
        if index == 0 or not any(field.strip() for field in row):
            continue  # the header, blank rows
        name, data_type, address = ([field.strip() for field in row] + ["", "", ""])[:3]
        tags.append(Tag(name, data_type, address))
    return tags


def _unique_tags(tags: list[Tag]) -> tuple[list[Tag], list[Finding]]:
    seen: set[str] = set()
    unique, findings = [], []
    for tag in tags:
        if tag.name.lower() in seen:
            findings.append(_finding("duplicate_tag", tag.name, "listed more than once"))
            continue
        seen.add(tag.name.lower())
        unique.append(tag)
    return unique, findings


def _overlaps(tags: list[Tag], addresses: dict[str, DirectAddress]) -> list[Finding]:
    located = [tag for tag in tags if tag.name.lower() in addresses]
    findings = []
    for index, tag in enumerate(located):
        for other in located[index + 1 :]:
            if addresses[tag.name.lower()].overlaps(addresses[other.name.lower()]):
                message = f"{tag.address} overlaps {other.address}"
                findings.append(Finding("address_overlap", (tag.name, other.name), message))
    return findings


def _compare_with_gvl(
    tags: list[Tag], addresses: dict[str, DirectAddress], variables: list[GlobalVariable]
) -> list[Finding]:
    declared = {variable.name.lower(): variable for variable in variables}
    listed = {tag.name.lower() for tag in tags}
    findings = [
        _finding("missing_in_tag_list", variable.name, f"declared AT {variable.address}")
        for variable in variables
        if variable.address and variable.name.lower() not in listed
    ]
    for tag in tags:
        variable = declared.get(tag.name.lower())
        if variable is None:
            findings.append(_finding("missing_in_plc", tag.name, "not declared in the GVL"))
            continue
        if _normal_type(tag.data_type) != _normal_type(variable.data_type):
            message = f"tag list {tag.data_type}, GVL {variable.data_type}"
            findings.append(_finding("type_mismatch", tag.name, message))
        if tag.address and tag.name.lower() not in addresses:
            continue  # invalid address, already reported
        listed_address = addresses.get(tag.name.lower())
        plc_address = parse_address(variable.address) if variable.address else None
        if listed_address != plc_address:
            message = f"tag list {tag.address or 'none'}, GVL {variable.address or 'none'}"
            findings.append(_finding("address_mismatch", tag.name, message))
    return findings


def _normal_type(data_type: str) -> str:
    return re.sub(r"\s+", "", data_type).upper()


def _finding(kind: str, name: str, message: str) -> Finding:
    return Finding(kind, (name,), message)
