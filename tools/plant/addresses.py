"""Direct addresses of the I/O image (IEC 61131-3 §6.5.5): ``%IX0.1``, ``%QW4``, ``%MD10``.

An address names an area (``I`` input, ``Q`` output, ``M`` memory), a size
(``X`` bit, ``B`` byte, ``W`` word, ``D`` double word, ``L`` long word; no
size means a bit) and a position. ``%I*``/``%Q*`` (TwinCAT, CODESYS) leave
the position to the I/O configuration, which links the variable to a
terminal channel instead.

I/O lists are written by people and by other tools, so ``parse`` also accepts
the usual spellings: no ``%`` (``IX0.1``), spaces (``%I 0.1``), Siemens
German mnemonics (``E0.1`` input, ``A0.1`` output, ``EW64``, ``AB2``) and
lower case. Every address is shown in one normal form: ``%IX0.1``, ``%QW4``.

Where an address lies in its area depends on the controller: CODESYS counts
the number after the size in units of that size (``%MW10`` is bytes 20-21),
Siemens S7 (and CODESYS devices in byte addressing mode) counts bytes
(``%MW10`` is bytes 10-11). ``extent`` takes the mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

ADDRESS = re.compile(r"^%?([IQMEA])([XBWDL]?)(\*|\d+(?:\.\d+)*)$")
SIZE_BITS = {"X": 1, "B": 8, "W": 16, "D": 32, "L": 64}
GERMAN_AREAS = {"E": "I", "A": "Q"}
ADDRESSING_MODES = ("codesys", "byte")


class Direction(StrEnum):
    """Which way a value crosses the I/O image, seen from the program."""

    INPUT = "input"  # read from the field: %I
    OUTPUT = "output"  # written to the field: %Q
    MEMORY = "memory"  # marker memory, read and written by programs: %M


@dataclass(frozen=True)
class Extent:
    """The bits ``[start, end)`` of one area an address covers."""

    area: str
    start: int
    end: int

    def overlaps(self, other: Extent) -> bool:
        return self.area == other.area and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class IoAddress:
    area: str  # I, Q or M
    size: str  # X, B, W, D or L
    numbers: tuple[int, ...]  # (byte, bit) for X; (number,) otherwise; () when unlocated

    @classmethod
    def parse(cls, text: str) -> IoAddress | None:
        """The address in ``text``, in any of the spellings above; ``None`` if it is none."""
        match = ADDRESS.match(re.sub(r"\s+", "", text).upper())
        if match is None:
            return None
        area, size, position = match.groups()
        area = GERMAN_AREAS.get(area, area)
        numbers = () if position == "*" else tuple(int(part) for part in position.split("."))
        if not size:
            size = "X" if len(numbers) != 1 else ""
            if not size:
                return None  # "%I5": a bit without a bit number
        if size == "X" and numbers and len(numbers) < 2:
            return None
        return cls(area, size, numbers)

    @property
    def unlocated(self) -> bool:
        """``%I*``/``%Q*``: placed by the I/O configuration, not by the code."""
        return not self.numbers

    @property
    def direction(self) -> Direction:
        return {"I": Direction.INPUT, "Q": Direction.OUTPUT}.get(self.area, Direction.MEMORY)

    @property
    def bits(self) -> int:
        return SIZE_BITS[self.size]

    def extent(self, addressing: str = "codesys") -> Extent | None:
        """The bits this address covers; ``None`` for ``%I*`` and hierarchical addresses."""
        if self.size == "X":
            if len(self.numbers) != 2 or self.numbers[1] > 7:
                return None
            start = self.numbers[0] * 8 + self.numbers[1]
            return Extent(self.area, start, start + 1)
        if len(self.numbers) != 1:
            return None
        width = self.bits // 8
        first_byte = self.numbers[0] if addressing == "byte" else self.numbers[0] * width
        return Extent(self.area, first_byte * 8, (first_byte + width) * 8)

    def __str__(self) -> str:
        position = ".".join(str(n) for n in self.numbers) if self.numbers else "*"
        size = "" if self.unlocated else self.size
        return f"%{self.area}{size}{position}"


def normal_address(text: str | None) -> str | None:
    """``text`` in the normal form when it is an address, else ``None``."""
    if not text:
        return None
    parsed = IoAddress.parse(text)
    return str(parsed) if parsed is not None else None
