"""CP4: two declarations whose direct addresses share memory."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from math import prod
from typing import Any, ClassVar

from werk.tools.errors import ConfigError
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import GlobalList, Pou, Variable
from werk.tools.st.model.types import ArrayType, ElementaryType, StringType, TypeRef
from werk.tools.st.rules.checks._project import source_order
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

# %IX0.1, %QW4, %MD10, %I0.1 (no size: a bit), %MB21; hierarchical and `*` addresses are skipped.
ADDRESS = re.compile(r"^%([IQM])([XBWDL]?)(\d+)(?:\.(\d+))?$", re.IGNORECASE)
SIZE_BYTES = {"B": 1, "W": 2, "D": 4, "L": 8}
ADDRESSING = ("auto", "codesys", "byte")


@dataclass(frozen=True)
class Extent:
    """The bits ``[start, end)`` of one memory area (I, Q or M) a declaration occupies."""

    area: str
    start: int
    end: int


class OverlappingAddresses(Rule):
    """## What it does
    Finds declarations whose direct addresses share memory anywhere in the
    project: `wStatus AT %MW10 : WORD` and `byLow AT %MB21 : BYTE`, or
    `bReady AT %MX20.3 : BOOL` inside that word, or two declarations at the
    same address. Addresses are compared within one area (I, Q or M) by the
    bytes they cover: X is one bit of a byte (`%MX20.3`), B one byte, W two,
    D four, L eight, widened to the declared type when it is larger
    (`nCount AT %MB21 : INT` covers two bytes, an ARRAY all its elements).
    The finding is on the later declaration (in file and source order) and
    names the earlier one.

    How the number after the size counts depends on the controller. Setting
    `addressing`:
    - `codesys`: as CODESYS numbers by default: the number counts units of
      the size (`%MW10` is bytes 20-21, `%MD10` bytes 40-43); bits are
      byte.bit (`%MX20.3`).
    - `byte`: the number is a byte offset whatever the size (`%MW10` is bytes
      10-11 and overlaps `%MD10`, bytes 10-13): Siemens S7, and CODESYS devices
      in byte addressing mode.
    - `auto` (default): `byte` in Siemens SCL sources, `codesys` elsewhere.

    Addresses `AT %I*`/`%Q*` (assigned by the I/O configuration), hierarchical
    addresses (`%IW2.5.7.1`) and Siemens `%DB` addresses are not compared.

    ## Why is this bad?
    Two names for the same memory change each other behind the engineer's
    back: writing a setpoint word silently flips the bit another program uses
    as a permissive, and a status byte changes when an unrelated counter
    counts. In I/O areas, two variables drive the same output terminal. Such
    aliasing is invisible in the code that writes one of them.

    ## Example
    ```st
    VAR_GLOBAL
        wStatus AT %MW10 : WORD;
        bReady AT %MX20.3 : BOOL;   (* bit 3 of wStatus's first byte *)
    END_VAR
    ```

    ## Use instead
    Give each variable its own memory (`bReady AT %MX30.0`), or no address at
    all when only the program uses it. When one value really needs two views,
    declare a UNION or read the bit from the word (`wStatus.3`).

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines CP4; CODESYS static analysis SA0028.
    """

    code = "CP4"
    name = "overlapping-addresses"
    message = "Address {address} of '{name}' overlaps {other_address} of '{other}'{elsewhere}"
    severity = Severity.WARNING
    category = Category.CORRECTNESS
    default_options: ClassVar[Mapping[str, Any]] = {"addressing": "auto"}

    def check_project(self) -> Iterator[Finding]:
        addressing = str(self.options["addressing"]).lower()
        if addressing not in ADDRESSING:
            raise ConfigError(
                f"[rules.options.CP4] addressing = {addressing!r}: "
                f"use one of {', '.join(ADDRESSING)}"
            )
        placed: list[tuple[Extent, Variable, Pou | None]] = []
        for variable, pou in declarations(self.project):
            extent = memory_extent(variable, self.project, addressing)
            if extent is not None:
                placed.append((extent, variable, pou))
        for index, first in overlaps([extent for extent, _, _ in placed]).items():
            extent, variable, pou = placed[index]
            _, other, _ = placed[first]
            yield self.finding(
                variable.location,
                pou,
                address=variable.address,
                name=qualified(variable),
                other_address=other.address,
                other=qualified(other),
                elsewhere=elsewhere(variable, other),
            )


def declarations(project: Project) -> list[tuple[Variable, Pou | None]]:
    """Every user declaration with an address, in file and source order."""
    found: list[tuple[Variable, Pou | None]] = []
    for pou in project.all_pous():
        found.extend((v, pou) for v in pou.variables if v.address)
    for gvl in project.global_lists:
        if not project.is_standard(gvl):
            found.extend((v, None) for v in gvl.variables if v.address)
    return sorted(found, key=lambda item: source_order(item[0].location))


def memory_extent(variable: Variable, project: Project, addressing: str) -> Extent | None:
    match = ADDRESS.match((variable.address or "").replace(" ", ""))
    if match is None:
        return None
    area, size, number, bit = (
        match.group(1).upper(),
        match.group(2).upper(),
        match.group(3),
        bit_of(match),
    )
    scl = variable.location.unit.document.dialect is Dialect.SCL
    by_bytes = addressing == "byte" or (addressing == "auto" and scl)
    if size in ("", "X"):
        if bit is None or bit > 7:
            return None
        start = int(number) * 8 + bit
        return Extent(area, start, start + 1)
    if bit is not None:
        return None
    width = SIZE_BYTES[size]
    first_byte = int(number) if by_bytes else int(number) * width
    stored = storage_bytes(variable.type, project, scl)
    return Extent(area, first_byte * 8, (first_byte + max(width, stored or 0)) * 8)


def bit_of(match: re.Match[str]) -> int | None:
    return int(match.group(4)) if match.group(4) is not None else None


def storage_bytes(type_ref: TypeRef, project: Project, scl: bool, depth: int = 0) -> int | None:
    """How many bytes a value of the type occupies, when that is plain to see (no STRUCT)."""
    resolved = project.resolve_alias(type_ref)
    if isinstance(resolved, ElementaryType):
        return max(1, resolved.info.bits // 8)
    if isinstance(resolved, StringType):
        characters = resolved.length or (254 if scl else 80)
        header = 2 if scl else 1
        return (characters + header) * (2 if resolved.wide else 1)
    if isinstance(resolved, ArrayType) and depth < 8:
        counts = [
            d.upper_value - d.lower_value + 1
            for d in resolved.dimensions
            if d.upper_value is not None and d.lower_value is not None
        ]
        element = storage_bytes(resolved.element, project, scl, depth + 1)
        if element is None or len(counts) != len(resolved.dimensions):
            return None
        return element * prod(counts)
    return None


def overlaps(extents: list[Extent]) -> dict[int, int]:
    """For each declaration that overlaps an earlier one: the index of the first such one.

    A sweep over the extents sorted by start keeps the ones still open, so the
    work grows with the number of overlapping pairs, not with its square.
    """
    first: dict[int, int] = {}
    by_area: dict[str, list[int]] = defaultdict(list)
    for index, extent in enumerate(extents):
        by_area[extent.area].append(index)
    for indexes in by_area.values():
        indexes.sort(key=lambda i: (extents[i].start, i))
        open_: list[int] = []
        for index in indexes:
            extent = extents[index]
            open_ = [i for i in open_ if extents[i].end > extent.start]
            for other in open_:
                later, earlier = max(index, other), min(index, other)
                if earlier < first.get(later, later):
                    first[later] = earlier
            open_.append(index)
    return dict(sorted(first.items()))


def qualified(variable: Variable) -> str:
    owner = variable.owner
    if isinstance(owner, Pou):
        return f"{owner.qualified_name}.{variable.name}"
    if isinstance(owner, GlobalList) and owner.name:
        return f"{owner.name}.{variable.name}"
    return variable.name


def elsewhere(variable: Variable, other: Variable) -> str:
    """`` (in GVL_IO.TcGVL)`` when the other declaration is in another file."""
    path = other.location.unit.path
    return "" if path == variable.location.unit.path else f" (in {path.name})"
