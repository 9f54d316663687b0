"""Independent oracles for the conformance tests: written from the IEC/IEEE definitions.

None of these calls the module under test; they recompute what a PLC does
with plain integer and fraction arithmetic, so a test that compares the
implementation with them checks it against the definition.
"""

from __future__ import annotations

import math
from fractions import Fraction

FLT_MAX = float.fromhex("0x1.fffffep+127")
"""The largest binary32 value, 3.4028234663852886e38 (IEEE 754 Table 3.5)."""

INTEGER_TYPES = {
    # name: (bits, signed)
    "SINT": (8, True),
    "INT": (16, True),
    "DINT": (32, True),
    "LINT": (64, True),
    "USINT": (8, False),
    "UINT": (16, False),
    "UDINT": (32, False),
    "ULINT": (64, False),
    "BYTE": (8, False),
    "WORD": (16, False),
    "DWORD": (32, False),
    "LWORD": (64, False),
}


def wrapped(value: int, bits: int, signed: bool) -> int:
    """Two's complement: ``(x + 2**(n-1)) % 2**n - 2**(n-1)``; unsigned: ``x % 2**n``."""
    if signed:
        return (value + 2 ** (bits - 1)) % 2**bits - 2 ** (bits - 1)
    return value % 2**bits


def truncated_quotient(a: int, b: int) -> int:
    """Integer division rounding toward zero, from the magnitudes."""
    magnitude = abs(a) // abs(b)
    return magnitude if (a < 0) == (b < 0) else -magnitude


def float32(value: float) -> float:
    """``value`` rounded to binary32, round half to even, computed with exact fractions."""
    if value == 0 or value != value or value in (math.inf, -math.inf):
        return value
    exact = Fraction(value)
    _, exponent = math.frexp(value)  # |value| = m * 2**exponent, 0.5 <= m < 1
    step_exponent = max(exponent - 24, -149)  # 24 significant bits; subnormal spacing 2**-149
    step = Fraction(2) ** step_exponent
    rounded = round(exact / step) * step  # Fraction rounding is half to even
    if abs(rounded) > FLT_MAX:
        return math.copysign(math.inf, value)
    return float(rounded)
