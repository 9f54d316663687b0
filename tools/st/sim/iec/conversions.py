"""Type conversions (IEC 61131-3 3rd ed. §6.6.2.5, Tables 22-27): ``*_TO_*``, TRUNC, BCD.

``conversion(source, target)`` returns the specialised conversion function;
``functions.standard_function`` maps the function names to it.

Choices and their sources:

- REAL/LREAL → integer rounds to the nearest integer, halves to even
  (``2.5 → 2``, ``3.5 → 4``, ``-1.5 → -2``). IEC 61131-3 specifies the
  rounding of IEC 60559 (IEEE 754 round-to-nearest-even): Fernhill's IEC
  reference "Type Conversion" (Table 22.1 of both editions) and Schneider
  Unity's REAL_TO_*: "1,5 -> 2, 2,5 -> 2, 3,5 -> 4". CODESYS documents only
  ``REAL_TO_INT(1.5) = 2`` and ``REAL_TO_INT(-1.5) = -2``, which agree; on
  x86 it uses the FPU's default rounding, which is to even.
- TRUNC and ``*_TRUNC_*`` round toward zero (``TRUNC(-1.4) = -1``; CODESYS
  help "TRUNC"; IEC Table 22.2).
- A REAL outside the target's range (or NaN/infinity) raises ``RangeFault``.
  IEC makes it an error; CODESYS calls the result "undefined ... platform
  dependent, an exception is also possible". A simulator must not invent
  the platform's value, and a fault cannot make wrong code look verified.
- Integer → integer (and bit string) conversions keep the low bits, two's
  complement (``DINT_TO_INT(70000) = 4464``, ``INT_TO_UINT(-1) = 65535``),
  which is what CODESYS/TwinCAT do and what code relies on to take bytes.
- BOOL → number is 0/1; number → BOOL is ``<> 0`` (CODESYS
  ``TIME_TO_BOOL(T#0ms) = FALSE``, ``LREAL_TO_BOOL(0.98) = TRUE``).
- TIME ↔ integer counts milliseconds (LTIME: ns; DATE/DT: seconds since
  1970; TOD: ms since midnight). DT → DATE keeps the day, DT → TOD the time
  of day; the rest convert the instant or duration between units,
  truncating below the target's unit.
- To STRING: ``TRUE``, ``-5``, ``T#1s500ms``, ``D#2002-08-18``,
  ``TOD#14:01:05.123``, ``DT#1998-02-13-14:20:00`` (CODESYS/Beckhoff
  "TO_STRING conversions"). REAL: the shortest decimal that reads back to
  the same value, without a fractional part when it is whole (``'2'``,
  ``'1.5'``, ``'1E+20'``); CODESYS's exact digits for values that need 8-9
  significant digits may differ in the last place.
- From STRING (CODESYS help "STRING_TO conversion"): leading spaces are
  skipped, the longest valid literal prefix is read and the rest ignored
  (``'34abc' → 34``), text that does not start with a number gives 0
  (``'abc34' → 0``), the value is then wrapped (``STRING_TO_BYTE('500') =
  244``); base prefixes (``16#FF``) and ``_`` are allowed; a REAL target reads
  ``'1.7E+400'`` as infinity; BOOL is TRUE for ``'TRUE'`` in any case or a
  non-zero number. Times, dates and times of day need a literal of their
  kind (``'T#127ms'``, ``'LT#1ms'`` for TIME); anything else gives 0.
- BCD (IEC Table 23): ``*_BCD_TO_**`` and ``**_TO_BCD_*``; a nibble above 9,
  a negative number or too many digits for the width raise ``RangeFault``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from werk.tools.st.sim.iec.errors import RangeFault, UnsupportedOperation
from werk.tools.st.sim.iec.literals import format_value, parse_literal
from werk.tools.st.sim.iec.types import (
    ElementarySpec,
    int_to_real,
    spec,
    storer,
    to_real,
)

Converter = Callable[[Any], Any]

_NS_PER_DAY = 86_400 * 10**9
_LEADING_INTEGER = re.compile(r"\s*(?:(2|8|16)#([0-9A-Fa-f_]+)|([+-]?\d[\d_]*))")
_LEADING_REAL = re.compile(r"\s*([+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)")
_LEADING_WORD = re.compile(r"\s*(\S+)")


def conversion(source: ElementarySpec, target: ElementarySpec) -> Converter:
    """The ``<source>_TO_<target>`` function (also what ``TO_<target>`` does for ``source``)."""
    if source.is_string:
        return _from_string(target)
    if target.is_string:
        return _to_string(source)
    if target.kind == "bool":
        return bool if source.kind == "bool" else _nonzero
    if source.kind == "bool":
        if target.kind == "real":
            return _bool_to_float
        return _bool_to_int
    if source.kind == "real":
        if target.kind == "real":
            return storer(target)
        return real_to_integer(source, target, truncate=False)
    if target.kind == "real":
        return int_to_real if target.bits == 32 else float
    if source.is_temporal and target.is_temporal:
        return _between_temporals(source, target)
    if source.is_integer or source.is_temporal:
        return storer(target)  # integers, bit strings and raw temporal units: keep the low bits
    raise UnsupportedOperation(f"no conversion {source.name}_TO_{target.name}")


def truncation(source: ElementarySpec, target: ElementarySpec) -> Converter:
    """``TRUNC`` / ``<source>_TRUNC_<target>``: toward zero; out of range is a fault."""
    if source.kind != "real":
        raise UnsupportedOperation(f"TRUNC takes REAL or LREAL, not {source.name}")
    if not (target.is_integer or target.is_temporal):
        raise UnsupportedOperation(f"TRUNC gives an integer, not {target.name}")
    return real_to_integer(source, target, truncate=True)


def real_to_integer(source: ElementarySpec, target: ElementarySpec, *, truncate: bool) -> Converter:
    """REAL/LREAL to an integer, bit string or temporal type: round half to even, or truncate."""
    low, high = target.minimum, target.maximum
    assert isinstance(low, int) and isinstance(high, int)
    name = f"{source.name}_{'TRUNC' if truncate else 'TO'}_{target.name}"
    to_int: Callable[[float], int] = math.trunc if truncate else round

    def convert(value: float) -> int:
        if value != value or value in (math.inf, -math.inf):
            raise RangeFault(f"{name}({value}): not a number that {target.name} can hold")
        result = to_int(value)
        if result < low or result > high:
            raise RangeFault(f"{name}({value}) = {result} is outside {low}..{high}")
        return result

    return convert


def _nonzero(value: object) -> bool:
    return value != 0


def _bool_to_int(value: object) -> int:
    return 1 if value else 0


def _bool_to_float(value: object) -> float:
    return 1.0 if value else 0.0


def _between_temporals(source: ElementarySpec, target: ElementarySpec) -> Converter:
    if source.name == target.name:
        return _identity
    source_unit, target_unit = source.unit_ns, target.unit_ns
    store = storer(target)
    keep_day = target.kind == "date"
    keep_time_of_day = target.kind == "tod" and source.kind in ("dt", "date")

    def convert(value: int) -> object:
        ns = value * source_unit
        if keep_day:
            ns -= ns % _NS_PER_DAY
        elif keep_time_of_day:
            ns %= _NS_PER_DAY
        return store(ns // target_unit)

    return convert


def _identity(value: Any) -> Any:
    return value


# --- to and from STRING ----------------------------------------------------------------------


def _to_string(source: ElementarySpec) -> Converter:
    if source.kind == "bool":
        return lambda value: "TRUE" if value else "FALSE"
    if source.is_integer:
        return str
    if source.kind == "real":
        return lambda value: real_to_string(value)
    if source.is_temporal:
        return lambda value: format_value(source, value)
    raise UnsupportedOperation(f"no conversion {source.name}_TO_STRING")


def real_to_string(value: float) -> str:
    """REAL/LREAL as CODESYS writes it: shortest round-trip digits, no ``.0`` on whole numbers."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "INF" if value > 0 else "-INF"
    single = to_real(value) == value
    if single:
        for precision in range(1, 10):
            text = f"{value:.{precision}g}"
            if to_real(float(text)) == value:
                break
    else:
        text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if mantissa.endswith(".0"):
        mantissa = mantissa[:-2]
    if e:
        return f"{mantissa}E{int(exponent):+d}"
    return mantissa


def _from_string(target: ElementarySpec) -> Converter:
    if target.is_string:
        return _identity
    if target.kind == "bool":
        return _string_to_bool
    if target.kind == "real":
        finish: Converter = to_real if target.bits == 32 else _identity

        def string_to_real(text: str) -> object:
            match = _LEADING_REAL.match(text)
            if match is None:
                return 0.0
            return finish(float(match.group(1).replace("_", "")))

        return string_to_real
    store = storer(target)
    if target.is_integer:

        def string_to_integer(text: str) -> object:
            return store(leading_integer(text))

        return string_to_integer
    if target.is_temporal:

        def string_to_temporal(text: str) -> object:
            match = _LEADING_WORD.match(text)
            if match is None:
                return 0
            try:
                literal_type, value = parse_literal(match.group(1))
            except ValueError:
                return 0
            literal_spec = spec(literal_type) if literal_type else None
            if literal_spec is None or literal_spec.kind != target.kind:
                return 0  # not a literal of the target's kind (LTIME for TIME is)
            return conversion(literal_spec, target)(value)

        return string_to_temporal
    raise UnsupportedOperation(f"no conversion STRING_TO_{target.name}")


def leading_integer(text: str) -> int:
    """The integer a string starts with (after spaces), 0 when it starts with anything else."""
    match = _LEADING_INTEGER.match(text)
    if match is None:
        return 0
    base, digits, decimal = match.groups()
    if decimal is not None:
        return int(decimal.replace("_", "").rstrip("_") or "0")
    valid = {"2": "01", "8": "01234567", "16": "0123456789abcdefABCDEF"}[base]
    kept = ""
    for character in digits:
        if character == "_":
            continue
        if character not in valid:
            break
        kept += character
    return int(kept, int(base)) if kept else 0


def _string_to_bool(text: str) -> bool:
    stripped = text.lstrip()
    if stripped[:4].upper() == "TRUE":
        return True
    return leading_integer(stripped) != 0


# --- BCD -------------------------------------------------------------------------------------


def bcd_to_integer(source: ElementarySpec, target: ElementarySpec) -> Converter:
    """``<bits>_BCD_TO_<int>``: each nibble of ``source`` is one decimal digit."""
    store = storer(target)
    name = f"{source.name}_BCD_TO_{target.name}"

    def convert(value: int) -> object:
        result, scale, rest = 0, 1, value
        while rest:
            digit = rest & 0xF
            if digit > 9:
                raise RangeFault(f"{name}(16#{value:X}): nibble {digit:X} is not a BCD digit")
            result += digit * scale
            scale *= 10
            rest >>= 4
        return store(result)

    return convert


def integer_to_bcd(source: ElementarySpec, target: ElementarySpec) -> Converter:
    """``<int>_TO_BCD_<bits>``: one decimal digit per nibble; what does not fit is a fault."""
    digits = target.bits // 4
    name = f"{source.name}_TO_BCD_{target.name}"

    def convert(value: int) -> int:
        if value < 0 or value >= 10**digits:
            raise RangeFault(f"{name}({value}): needs 0..{10**digits - 1} for {target.name}")
        result = 0
        for shift, character in enumerate(reversed(str(value))):
            result |= int(character) << (4 * shift)
        return result

    return convert
