"""The IEC 61131-3 elementary types (3rd edition §6.4.2, Table 10) and what a store does to a value.

Every assignment in a PLC goes through the target variable's type: an INT
holds 16 bits, so ``32767 + 1`` stored into it is ``-32768``; a REAL holds a
single-precision float, so ``0.1`` stored into it is ``0.10000000149011612``.
``storer`` returns the specialised function the compiler calls on every
store; it does no dispatch on type names at call time.

Stored representations (also in the package docstring):

- integers and bit strings: ``int`` wrapped to the width, two's complement
  for signed types (what CODESYS and TwinCAT do on overflow);
- REAL: ``float`` rounded to IEEE 754 binary32 (round half to even);
  a value beyond the binary32 range becomes ``±inf`` (IEEE overflow, which
  TwinCAT does not trap by default); LREAL: ``float``;
- TIME: ``int`` ms, 32-bit unsigned (CODESYS/TwinCAT keep TIME in a DWORD,
  so ``T#-5s`` is ``2**32 - 5000``); LTIME: ``int`` ns, 64-bit unsigned;
- DATE, DT: ``int`` seconds since 1970-01-01, 32-bit unsigned; TOD: ``int``
  ms since midnight, 32-bit unsigned like CODESYS's DWORD (a sum past
  midnight is not folded back into 0..24 h: IEC does not say what
  ``TOD#23:00 + T#2h`` is); LDATE, LDT, LTOD: ``int`` ns, 64-bit unsigned;
- STRING[n], WSTRING[n]: ``str`` cut to ``n`` characters (default 80);
  CHAR and WCHAR are one-character strings.

Storers do no type checks, for speed: integer and time storers expect an
``int`` (the compiler converts a REAL or BOOL with ``conversions`` first),
string storers a ``str``.
"""

from __future__ import annotations

import math
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from werk.tools.st.sim.iec.errors import RangeFault

DEFAULT_STRING_LENGTH = 80
"""CODESYS and TwinCAT give ``STRING`` without a length 80 characters."""

KINDS = (
    "bool",
    "bits",
    "signed",
    "unsigned",
    "real",
    "time",
    "date",
    "tod",
    "dt",
    "string",
    "wstring",
)
INTEGER_KINDS = frozenset({"bits", "signed", "unsigned"})
TEMPORAL_KINDS = frozenset({"time", "date", "tod", "dt"})
STRING_KINDS = frozenset({"string", "wstring"})

FLT_MAX = (2 - 2**-23) * 2.0**127
"""The largest finite IEEE 754 binary32 value, REAL's maximum."""


@dataclass(frozen=True)
class ElementarySpec:
    """One elementary type: its canonical name, kind, width, range and IEC initial value."""

    name: str
    kind: str  # one of KINDS
    bits: int
    minimum: int | float | None
    maximum: int | float | None
    default: object

    @property
    def is_integer(self) -> bool:
        """SINT..ULINT and BYTE..LWORD: values are wrapped ``int``."""
        return self.kind in INTEGER_KINDS

    @property
    def is_temporal(self) -> bool:
        """TIME, DATE, TOD, DT and their L-variants: values are unsigned ``int`` ticks."""
        return self.kind in TEMPORAL_KINDS

    @property
    def is_string(self) -> bool:
        return self.kind in STRING_KINDS

    @property
    def unit_ns(self) -> int:
        """Nanoseconds per stored unit of a temporal type (TIME: ms; DT: s; L-types: ns)."""
        return _UNIT_NS[self.name]


def _integer(name: str, kind: str, bits: int) -> ElementarySpec:
    if kind == "signed":
        return ElementarySpec(name, kind, bits, -(1 << (bits - 1)), (1 << (bits - 1)) - 1, 0)
    return ElementarySpec(name, kind, bits, 0, (1 << bits) - 1, 0)


def _temporal(name: str, kind: str, bits: int) -> ElementarySpec:
    return ElementarySpec(name, kind, bits, 0, (1 << bits) - 1, 0)


_SPECS: dict[str, ElementarySpec] = {
    "BOOL": ElementarySpec("BOOL", "bool", 1, None, None, False),
    "BYTE": _integer("BYTE", "bits", 8),
    "WORD": _integer("WORD", "bits", 16),
    "DWORD": _integer("DWORD", "bits", 32),
    "LWORD": _integer("LWORD", "bits", 64),
    "SINT": _integer("SINT", "signed", 8),
    "INT": _integer("INT", "signed", 16),
    "DINT": _integer("DINT", "signed", 32),
    "LINT": _integer("LINT", "signed", 64),
    "USINT": _integer("USINT", "unsigned", 8),
    "UINT": _integer("UINT", "unsigned", 16),
    "UDINT": _integer("UDINT", "unsigned", 32),
    "ULINT": _integer("ULINT", "unsigned", 64),
    "REAL": ElementarySpec("REAL", "real", 32, -FLT_MAX, FLT_MAX, 0.0),
    "LREAL": ElementarySpec("LREAL", "real", 64, -sys.float_info.max, sys.float_info.max, 0.0),
    "TIME": _temporal("TIME", "time", 32),
    "LTIME": _temporal("LTIME", "time", 64),
    "DATE": _temporal("DATE", "date", 32),
    "LDATE": _temporal("LDATE", "date", 64),
    "TIME_OF_DAY": _temporal("TIME_OF_DAY", "tod", 32),
    "LTIME_OF_DAY": _temporal("LTIME_OF_DAY", "tod", 64),
    "DATE_AND_TIME": _temporal("DATE_AND_TIME", "dt", 32),
    "LDATE_AND_TIME": _temporal("LDATE_AND_TIME", "dt", 64),
    "STRING": ElementarySpec("STRING", "string", 8, None, None, ""),
    "WSTRING": ElementarySpec("WSTRING", "wstring", 16, None, None, ""),
    "CHAR": ElementarySpec("CHAR", "string", 8, None, None, ""),
    "WCHAR": ElementarySpec("WCHAR", "wstring", 16, None, None, ""),
}
ALIASES = {
    "TOD": "TIME_OF_DAY",
    "DT": "DATE_AND_TIME",
    "LTOD": "LTIME_OF_DAY",
    "LDT": "LDATE_AND_TIME",
}
_UNIT_NS = {
    "TIME": 1_000_000,
    "LTIME": 1,
    "DATE": 1_000_000_000,
    "LDATE": 1,
    "TIME_OF_DAY": 1_000_000,
    "LTIME_OF_DAY": 1,
    "DATE_AND_TIME": 1_000_000_000,
    "LDATE_AND_TIME": 1,
}
_SINGLE_CHARACTER = frozenset({"CHAR", "WCHAR"})


def spec(name: str) -> ElementarySpec | None:
    """The elementary type called ``name`` (any case, aliases such as TOD included), else None."""
    upper = name.upper()
    return _SPECS.get(ALIASES.get(upper, upper))


def elementary_names() -> tuple[str, ...]:
    """Every name ``spec`` knows, canonical names and aliases."""
    return (*_SPECS, *ALIASES)


_FLOAT32 = struct.Struct("<f")
_EXACT_IN_DOUBLE = 1 << 53


def to_real(value: float) -> float:
    """``value`` rounded to IEEE binary32 (round half to even), ``±inf`` beyond REAL's range."""
    try:
        result: float = _FLOAT32.unpack(_FLOAT32.pack(value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)
    return result


def int_to_real(value: int) -> float:
    """An integer rounded once, directly to binary32 (no detour through a rounded double)."""
    if -_EXACT_IN_DOUBLE <= value <= _EXACT_IN_DOUBLE:
        return to_real(float(value))
    magnitude = abs(value)
    shift = magnitude.bit_length() - 24
    kept, rest = divmod(magnitude, 1 << shift)
    half = 1 << (shift - 1)
    if rest > half or (rest == half and kept & 1):
        kept += 1
    rounded = float(kept << shift)  # at most 25 significant bits: exact as a double
    return to_real(-rounded if value < 0 else rounded)


def store(spec: ElementarySpec, value: object, length: int | None = None) -> object:
    """``value`` as it is after assignment to a variable of type ``spec`` (``STRING[length]``)."""
    return storer(spec, length)(value)


@cache
def storer(spec: ElementarySpec, length: int | None = None) -> Callable[[Any], Any]:
    """The store function for one variable type, built once and called on every assignment."""
    kind = spec.kind
    if kind == "bool":
        return bool
    if kind == "signed":
        return _signed_storer(spec.bits)
    if kind in ("bits", "unsigned") or kind in TEMPORAL_KINDS:
        return _unsigned_storer(spec.bits)
    if kind == "real":
        return _store_real if spec.bits == 32 else _store_lreal
    if kind in STRING_KINDS:
        if spec.name in _SINGLE_CHARACTER:
            return _string_storer(1)
        return _string_storer(DEFAULT_STRING_LENGTH if length is None else length)
    raise ValueError(f"no store rule for the kind {kind!r} of {spec.name}")


def _signed_storer(bits: int) -> Callable[[Any], Any]:
    half = 1 << (bits - 1)

    def store_signed(
        value: int, _low: int = -half, _high: int = half - 1, _half: int = half
    ) -> int:
        if _low <= value <= _high:  # the common case: no overflow, no arithmetic
            return value
        return ((value + _half) & (2 * _half - 1)) - _half

    return store_signed


def _unsigned_storer(bits: int) -> Callable[[Any], Any]:
    mask = (1 << bits) - 1

    def store_unsigned(value: int, _mask: int = mask) -> int:
        return value & _mask

    return store_unsigned


def _store_real(value: float) -> float:
    try:
        result: float = _FLOAT32.unpack(_FLOAT32.pack(value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)
    return result


def _store_lreal(value: float) -> float:
    return float(value)


def _string_storer(length: int) -> Callable[[Any], Any]:
    if length < 0:
        raise ValueError(f"a string cannot be declared with a negative length ({length})")

    def store_string(value: str, _length: int = length) -> str:
        return value[:_length]

    return store_string


def wrap(spec: ElementarySpec, value: int) -> int:
    """An integer wrapped into ``spec``'s width (two's complement for signed types)."""
    if spec.kind == "signed":
        half = 1 << (spec.bits - 1)
        return ((value + half) & (2 * half - 1)) - half
    return value & ((1 << spec.bits) - 1)


def subrange_storer(spec: ElementarySpec, lower: int, upper: int) -> Callable[[Any], Any]:
    """The store function of ``spec (lower..upper)``: a value outside the subrange is a fault.

    IEC 61131-3 §6.4.4.1 makes assigning a value outside a subrange an error;
    the simulator reports it instead of storing it, because a real controller
    with range checks (CODESYS CheckRangeSigned) would stop there too.
    """
    if not spec.is_integer:
        raise ValueError(f"a subrange needs an integer base type, not {spec.name}")

    def store_subrange(value: int, _lower: int = lower, _upper: int = upper) -> int:
        if _lower <= value <= _upper:
            return value
        raise RangeFault(f"{value} is outside the subrange {spec.name}({_lower}..{_upper})")

    return store_subrange
