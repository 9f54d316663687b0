"""Engineering units and ranges that declarations state: what a raw value means in the plant.

PLC code rarely has types for physical quantities; engineers write the unit
and the valid range next to the declaration. werk reads them from, in order
of precedence:

1. attributes before the declaration::

       {attribute 'unit' := 'bar'}
       {attribute 'range' := '0..16'}          (* or 'min' and 'max' *)
       rPressure : REAL;

2. the declaration's comment (on its line, or the lines just above it):

   - a unit in square brackets: ``(* tank level [m] 0..10 *)``, ``// [m/s]``;
   - a unit after ``unit:`` or ``unit =`` (also ``Einheit:``):
     ``// unit: bar, range 0..16``;
   - a range ``low..high`` (numbers, optional sign and decimals), optionally
     after ``range``: ``0..10``, ``range: -20.5 .. 80``; or ``min: 0``,
     ``max: 16``;

3. a subrange type: ``nPercent : INT(0..100);``.

Brackets that hold a range or a number (``[0..10]``, ``[1]``) are not units.
The unit is kept as written (``°C``, ``l/min``); ``werk.tools.plant.units``
compares units with pint when two sources must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werk.tools.st.model.symbols import Variable
from werk.tools.st.model.types import SubrangeType

NUMBER = r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?"
RANGE = re.compile(rf"(?:\brange\b\s*[:=]?\s*)?({NUMBER})\s*\.\.\s*({NUMBER})", re.IGNORECASE)
BRACKETED = re.compile(r"\[([^\[\]]{1,24})\]")
UNIT_KEYWORD = re.compile(r"\b(?:unit|einheit)\s*[:=]\s*([^\s,;()*]+)", re.IGNORECASE)
BOUND = re.compile(rf"\b(min|max)\s*[:=]\s*({NUMBER})", re.IGNORECASE)
NOT_A_UNIT = re.compile(rf"^\s*(?:{NUMBER}\s*(?:\.\.\s*{NUMBER})?|[A-Za-z_]\w*\s*\.\.\s*\w+)\s*$")


@dataclass(frozen=True)
class Engineering:
    """The unit and range of a value, and where each was found ("attribute", "comment", "type")."""

    unit: str | None = None
    low: float | None = None
    high: float | None = None
    unit_source: str | None = None
    range_source: str | None = None

    @property
    def has_range(self) -> bool:
        return self.low is not None or self.high is not None

    def range_text(self) -> str | None:
        if not self.has_range:
            return None
        return f"{format_number(self.low)}..{format_number(self.high)}"

    def __bool__(self) -> bool:
        return self.unit is not None or self.has_range


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def number(text: str) -> float:
    return float(text.replace(",", "."))


def engineering_of(variable: Variable) -> Engineering:
    """The unit and range ``variable``'s declaration states (empty when it states none)."""
    attributes = {name.lower(): value for name, value in variable.attributes.items()}
    unit, unit_source = None, None
    low: float | None = None
    high: float | None = None
    range_source = None
    if attributes.get("unit"):
        unit, unit_source = attributes["unit"].strip(), "attribute"
    parsed_range = parse_range(attributes.get("range", ""))
    if parsed_range is not None:
        (low, high), range_source = parsed_range, "attribute"
    elif "min" in attributes or "max" in attributes:
        low, high = optional_number(attributes.get("min")), optional_number(attributes.get("max"))
        if low is not None or high is not None:
            range_source = "attribute"
    comment = variable.doc or ""
    if unit is None:
        unit = unit_in_comment(comment)
        unit_source = "comment" if unit is not None else None
    if range_source is None:
        found = range_in_comment(comment)
        if found is not None:
            (low, high), range_source = found, "comment"
    if range_source is None and isinstance(variable.type, SubrangeType):
        sub = variable.type
        if sub.lower_value is not None and sub.upper_value is not None:
            low, high, range_source = float(sub.lower_value), float(sub.upper_value), "type"
    return Engineering(unit, low, high, unit_source, range_source)


def unit_in_comment(comment: str) -> str | None:
    keyword = UNIT_KEYWORD.search(comment)
    if keyword is not None:
        return keyword.group(1).strip()
    for match in BRACKETED.finditer(comment):
        inner = match.group(1).strip()
        if inner and not NOT_A_UNIT.match(inner):
            return inner
    return None


def range_in_comment(comment: str) -> tuple[float | None, float | None] | None:
    found = parse_range(comment)
    if found is not None:
        return found
    bounds = {m.group(1).lower(): number(m.group(2)) for m in BOUND.finditer(comment)}
    if bounds:
        return bounds.get("min"), bounds.get("max")
    return None


def parse_range(text: str) -> tuple[float, float] | None:
    """``low..high`` in ``text`` (also ``low - high`` and ``low … high`` when alone)."""
    match = RANGE.search(text)
    if match is None:
        alone = re.fullmatch(rf"\s*({NUMBER})\s*(?:-|–|…|to|bis)\s*({NUMBER})\s*", text)
        if alone is None:
            return None
        return number(alone.group(1)), number(alone.group(2))
    return number(match.group(1)), number(match.group(2))


def optional_number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return number(text.strip())
    except ValueError:
        return None
