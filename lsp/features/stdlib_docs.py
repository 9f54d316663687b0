"""What the standard function blocks and functions do, for hover and completion.

The standard library (IEC 61131-3 §6.6.2 functions, §6.6.3 function blocks)
is part of the project as interfaces; its parameters carry comments, the
POUs themselves do not. Engineers look these up constantly ("is TOF's Q
TRUE while the delay runs?"), so each gets one or two sentences here, in
the terms of the standard. Type conversions (``INT_TO_REAL``, ``TO_DINT``,
``TRUNC_INT``) are described by their name.
"""

from __future__ import annotations

import re

FUNCTION_BLOCKS = {
    "TON": "On-delay timer: Q becomes TRUE when IN has been TRUE for PT; "
    "it goes FALSE with IN. ET counts up to PT while IN is TRUE.",
    "TOF": "Off-delay timer: Q follows IN at once and stays TRUE for PT after IN goes FALSE. "
    "ET counts the time since the falling edge.",
    "TP": "Pulse timer: a rising edge of IN makes Q TRUE for exactly PT, "
    "whatever IN does meanwhile.",
    "R_TRIG": "Rising-edge detector: Q is TRUE for one call after CLK goes from FALSE to TRUE.",
    "F_TRIG": "Falling-edge detector: Q is TRUE for one call after CLK goes from TRUE to FALSE.",
    "CTU": "Up counter: each rising edge of CU adds 1 to CV; R resets CV to 0; Q is CV >= PV.",
    "CTD": "Down counter: each rising edge of CD subtracts 1 from CV; LD loads PV into CV; "
    "Q is CV <= 0.",
    "CTUD": "Up/down counter: CU counts up, CD counts down, R resets to 0 (dominant), "
    "LD loads PV; QU is CV >= PV, QD is CV <= 0.",
    "SR": "Set-dominant bistable: Q1 := S1 OR (NOT R AND Q1). "
    "CODESYS/TwinCAT name the inputs SET1 and RESET.",
    "RS": "Reset-dominant bistable: Q1 := NOT R1 AND (S OR Q1). "
    "CODESYS/TwinCAT name the inputs SET and RESET1.",
    "TONR": "Accumulating on-delay timer (TIA Portal): ET adds up the time IN is TRUE, "
    "up to PT; Q is ET >= PT and stays TRUE when IN falls; R resets ET and Q.",
    "IEC_TIMER": "TIA Portal timer instance data: call it as #t.TON(...), #t.TOF(...), "
    "#t.TP(...) or #t.TONR(...), then read #t.Q and #t.ET.",
    "IEC_LTIMER": "TIA Portal timer instance data in LTIME: call it as #t.TON(...), "
    "#t.TOF(...), #t.TP(...) or #t.TONR(...), then read #t.Q and #t.ET.",
}

_LONG_TIMER = re.compile(r"^L(TON|TOF|TP)$")
_TIA_TIMER = re.compile(r"^(TON|TOF|TP|TONR)_(TIME|LTIME)$")
_TYPED_COUNTER = re.compile(r"^(CTU|CTD|CTUD)_(\w+)$")
_TIA_COUNTER = {
    "IEC_SCOUNTER": "SINT",
    "IEC_USCOUNTER": "USINT",
    "IEC_COUNTER": "INT",
    "IEC_UCOUNTER": "UINT",
    "IEC_DCOUNTER": "DINT",
    "IEC_UDCOUNTER": "UDINT",
    "IEC_LCOUNTER": "LINT",
    "IEC_ULCOUNTER": "ULINT",
}


def _variant_doc(upper: str) -> str | None:
    """LTON, CTU_DINT, TON_TIME, IEC_DCOUNTER: described by the block they are a form of."""
    if match := _LONG_TIMER.match(upper):
        return f"{FUNCTION_BLOCKS[match.group(1)]} PT and ET are LTIME."
    if match := _TIA_TIMER.match(upper):
        base = FUNCTION_BLOCKS[match.group(1)]
        return f"{base} TIA Portal (SCL) name; PT and ET are {match.group(2)}."
    if match := _TYPED_COUNTER.match(upper):
        return f"{FUNCTION_BLOCKS[match.group(1)]} PV and CV are {match.group(2)}."
    if upper in _TIA_COUNTER:
        return (
            f"TIA Portal counter instance data, CV of type {_TIA_COUNTER[upper]}: call it as "
            "#c.CTU(...), #c.CTD(...) or #c.CTUD(...); a CTU's Q is kept in QU, a CTD's in QD."
        )
    return None


FUNCTIONS = {
    "ABS": "Absolute value of IN.",
    "SQRT": "Square root of IN.",
    "LN": "Natural logarithm of IN.",
    "LOG": "Base-10 logarithm of IN.",
    "EXP": "e raised to the power IN.",
    "SIN": "Sine of IN (radians).",
    "COS": "Cosine of IN (radians).",
    "TAN": "Tangent of IN (radians).",
    "ASIN": "Arc sine of IN, in radians.",
    "ACOS": "Arc cosine of IN, in radians.",
    "ATAN": "Arc tangent of IN, in radians.",
    "EXPT": "IN1 raised to the power IN2.",
    "TRUNC": "IN with its fractional part cut off (towards zero), as an integer.",
    "MAX": "The larger of IN1 and IN2.",
    "MIN": "The smaller of IN1 and IN2.",
    "LIMIT": "IN clamped to the range MN..MX: MN if IN < MN, MX if IN > MX, else IN.",
    "SEL": "Binary selection: IN0 when G is FALSE, IN1 when G is TRUE.",
    "MUX": "Multiplexer: the input selected by K (0 selects IN0).",
    "MOVE": "IN, unchanged (an assignment as a function).",
    "SHL": "IN shifted left by N bits, zeros shifted in.",
    "SHR": "IN shifted right by N bits, zeros shifted in.",
    "ROL": "IN rotated left by N bits.",
    "ROR": "IN rotated right by N bits.",
    "LEN": "The number of characters of the string IN.",
    "LEFT": "The first L characters of IN.",
    "RIGHT": "The last L characters of IN.",
    "MID": "L characters of IN starting at position P (1 is the first).",
    "CONCAT": "IN1 followed by IN2.",
    "INSERT": "IN2 inserted into IN1 after position P.",
    "DELETE": "IN with L characters removed from position P.",
    "REPLACE": "IN1 with L characters from position P replaced by IN2.",
    "FIND": "The position of the first occurrence of IN2 in IN1 (0 when not found).",
    "SIZEOF": "The size of IN in bytes.",
}

CONVERSION = re.compile(r"^(?:(?P<source>\w+?)_TO_|TO_|TRUNC_)(?P<target>\w+)$", re.IGNORECASE)


def standard_doc(name: str) -> str | None:
    """The description of a standard FB or function, or None for other names."""
    upper = name.upper()
    found = FUNCTION_BLOCKS.get(upper) or FUNCTIONS.get(upper) or _variant_doc(upper)
    if found is not None:
        return found
    match = CONVERSION.match(upper)
    if match is None:
        return None
    target = match.group("target")
    if upper.startswith("TRUNC_"):
        return f"IN truncated towards zero and converted to {target}."
    source = match.group("source")
    if source:
        return f"Converts IN from {source} to {target} (IEC 61131-3 type conversion)."
    return f"Converts IN of any elementary type to {target} (overloaded conversion)."


def is_conversion(name: str) -> bool:
    upper = name.upper()
    return upper not in FUNCTIONS and CONVERSION.match(upper) is not None
