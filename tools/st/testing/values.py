"""Values in test files: ST literals read for a signal's type, compared with tolerances, shown.

A cell of a trace, a scenario step or an Agents4PLC test case is read for
the type of the signal it belongs to, with ST literal syntax (IEC 61131-3
§6.3): ``TRUE``, ``16#8A04``, ``-5``, ``1.5E3``, ``T#1s500ms``,
``E_State.Running``, ``'text'``. For convenience a TIME may also be written
``500ms`` or as a bare integer in the stored unit (ms for TIME, ns for
LTIME), a BOOL as ``1``/``0``, and a STRING without quotes. ``-``, ``~``,
``null`` or an empty cell is "don't care". Arrays are lists (a shorter list
gives the first elements: inputs keep the rest as they are, expectations
leave the rest unchecked), structs are mappings of some of their fields.

Values are converted to the simulator's representation (``werk.tools.st.sim.iec``)
with the type's store semantics (a REAL expectation is rounded to single
precision, as the variable it is compared with is). A literal outside the
type's range, or of another type (``T#1s`` for an INT), is an error rather
than a silent wrap.

A tolerance (``0.01``, ``0.5%``, ``T#5ms``) lets a REAL, LREAL, integer or
TIME value differ from the expectation by that much (absolute), or by that
fraction of the expected value (relative).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werk.tools.st.sim.iec.literals import format_value, parse_duration, parse_literal, parse_string
from werk.tools.st.sim.iec.types import ElementarySpec, spec, to_real
from werk.tools.st.sim.values import (
    ArrayLayout,
    ElementaryLayout,
    EnumLayout,
    FbLayout,
    Layout,
    ReferenceLayout,
    StandardFbLayout,
    StructLayout,
    SubrangeLayout,
)

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project


class _DontCare:
    """A cell whose value is not checked (an expectation) or not changed (an input)."""

    _instance: _DontCare | None = None

    def __new__(cls) -> _DontCare:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DONT_CARE"


DONT_CARE: Any = _DontCare()
DONT_CARE_TEXTS = frozenset({"", "-", "~", "null"})
LTIME = spec("LTIME")
_BARE_DURATION = re.compile(r"[+-]?\d[\d_.]*(?:d|h|m|s|ms|us|ns)(?:[\d_.]+(?:d|h|m|s|ms|us|ns))*$")
_DIGITS = re.compile(r"[+-]?\d[\d_]*$")
_BASED = re.compile(r"(2|8|16)#", re.IGNORECASE)


class CellError(ValueError):
    """A value that cannot be read for its signal; the caller adds file and line."""


# --- reading ----------------------------------------------------------------------------------


def parse_cell(raw: Any, layout: Layout) -> Any:
    """``raw`` (YAML text, or a JSON value) as a value of ``layout``'s type, or DONT_CARE."""
    if raw is None or raw is DONT_CARE:
        return DONT_CARE
    if isinstance(raw, str) and raw.strip().lower() in DONT_CARE_TEXTS:
        return DONT_CARE
    if isinstance(layout, ReferenceLayout):
        return parse_cell(raw, layout.target)
    if isinstance(layout, ArrayLayout):
        return _parse_array(raw, layout, 0)
    if isinstance(layout, StructLayout):
        return _parse_struct(raw, layout)
    if isinstance(layout, EnumLayout):
        return _parse_enum(raw, layout)
    if isinstance(layout, SubrangeLayout):
        value = parse_cell(raw, layout.base)
        if not layout.lower <= value <= layout.upper:
            raise CellError(f"{value} is outside {layout.name}")
        return value
    if isinstance(layout, ElementaryLayout):
        return parse_elementary(raw, layout)
    if isinstance(layout, FbLayout | StandardFbLayout):
        raise CellError(f"a {layout.name} instance has no value: name one of its members")
    raise CellError(f"values of type {layout.name} cannot be written in a test")


def _parse_array(raw: Any, layout: ArrayLayout, axis: int) -> list[Any]:
    extent = layout.extents[axis]
    if not isinstance(raw, list):
        raise CellError(f"{layout.name} needs a list of values, not {raw!r}")
    if len(raw) > extent:
        raise CellError(f"{len(raw)} values for {extent} elements of {layout.name}")
    if axis == len(layout.extents) - 1:
        return [parse_cell(item, layout.element) for item in raw]
    return [_parse_array(item, layout, axis + 1) for item in raw]


def _parse_struct(raw: Any, layout: StructLayout) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise CellError(f"a {layout.name} is written as a mapping of its fields")
    parsed: dict[str, Any] = {}
    for name, item in raw.items():
        position = layout.index.get(str(name).lower())
        if position is None:
            fields = ", ".join(layout.field_names)
            raise CellError(f"{layout.name} has no field {name!r} (fields: {fields})")
        parsed[layout.field_names[position]] = parse_cell(item, layout.fields[position])
    return parsed


def _parse_enum(raw: Any, layout: EnumLayout) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = str(raw).strip()
        if _DIGITS.match(text):
            value = int(text.replace("_", ""))
        else:
            member = re.split(r"[.#]", text)[-1].lower()
            if member not in layout.members:
                raise CellError(f"{layout.name} has no member {text!r}")
            return layout.members[member]
    if value not in layout.members.values():
        raise CellError(f"{value} is not a value of {layout.name}")
    return value


def parse_elementary(raw: Any, layout: ElementaryLayout) -> Any:
    target = layout.spec
    assert target is not None
    kind = target.kind
    if target.is_string:
        return _parse_text(raw)
    if isinstance(raw, bool):
        if kind != "bool":
            raise CellError(f"{'TRUE' if raw else 'FALSE'} is not of type {target.name}")
        return raw
    if isinstance(raw, int | float):
        return _store_number(raw, layout, str(raw))
    if not isinstance(raw, str):
        raise CellError(f"{raw!r} is not of type {target.name}")
    text = raw.strip()
    if target.is_temporal:
        return _parse_temporal(text, target)
    try:
        literal_type, value = parse_literal(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        raise CellError(f"{text!r} is not of type BOOL (TRUE or FALSE)")
    if literal_type is not None:
        typed = spec(literal_type)
        if typed is None or typed.kind == "bool" or typed.is_temporal or typed.is_string:
            raise CellError(f"{text!r} is not of type {target.name}")
        if typed.kind == "real" and kind != "real":
            raise CellError(f"{text!r} is of type {typed.name}, not {target.name}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CellError(f"{text!r} is not of type {target.name}")
    if target.is_integer and isinstance(value, int) and _BASED.search(text):
        value = _bit_pattern(value, target, text)
    return _store_number(value, layout, text)


def _parse_text(raw: Any) -> str:
    text = raw if isinstance(raw, str) else str(raw)
    if text[:1] in ("'", '"'):
        try:
            return parse_string(text)
        except ValueError as exc:
            raise CellError(str(exc)) from None
    return text


def _bit_pattern(value: int, target: ElementarySpec, text: str) -> int:
    """A based literal (``16#FFFF``) for a signed type is a bit pattern, as CODESYS reads it."""
    if value >= 1 << target.bits:
        raise CellError(f"{text!r} has more than {target.bits} bits for {target.name}")
    if target.kind == "signed" and value >= 1 << (target.bits - 1):
        return value - (1 << target.bits)
    return value


def _store_number(value: int | float, layout: ElementaryLayout, text: str) -> Any:
    target = layout.spec
    assert target is not None
    if target.kind == "bool":
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        raise CellError(f"{text!r} is not of type BOOL (TRUE or FALSE)")
    if target.is_temporal:
        if isinstance(value, float):
            raise CellError(f"{text!r} is not of type {target.name}")
        return layout.store(value)
    if target.kind == "real":
        return layout.store(float(value))
    if isinstance(value, float):
        raise CellError(f"{text!r} is not an integer: {target.name} needs one")
    assert isinstance(target.minimum, int) and isinstance(target.maximum, int)
    if not target.minimum <= value <= target.maximum:
        raise CellError(
            f"{text} is outside the range of {target.name} ({target.minimum}..{target.maximum})"
        )
    return value


def _parse_temporal(text: str, target: ElementarySpec) -> int:
    if _DIGITS.match(text):
        value = int(text.replace("_", ""))
        if value < 0:
            raise CellError(f"{text!r}: a negative {target.name} is written {target.name}#-...")
        return value
    if target.kind == "time" and _BARE_DURATION.match(text):
        try:
            return parse_duration(text, target, text)
        except ValueError as exc:
            raise CellError(str(exc)) from None
    try:
        literal_type, value = parse_literal(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    typed = spec(literal_type) if literal_type is not None else None
    if typed is None or typed.kind != target.kind or not isinstance(value, int):
        raise CellError(f"{text!r} is not of type {target.name}")
    # TIME in ms, LTIME in ns...: the same instant in the target's unit.
    return value * typed.unit_ns // target.unit_ns


def duration_ns(raw: Any) -> int:
    """A duration in a test file (``T#1s``, ``500ms``, ``10`` for 10 ms) in nanoseconds."""
    text = str(raw).strip()
    if isinstance(raw, int) or _DIGITS.match(text):
        value = int(text.replace("_", "")) * 1_000_000
    else:
        body = text
        if "#" in text:
            prefix, _, body = text.partition("#")
            if prefix.upper() not in ("T", "TIME", "LT", "LTIME"):
                raise CellError(f"{text!r} is not a duration such as T#500ms")
        if body.strip().startswith("-"):
            raise CellError(f"{text!r}: a duration cannot be negative")
        assert LTIME is not None
        try:
            value = parse_duration(body.strip(), LTIME, text)
        except ValueError as exc:
            raise CellError(str(exc)) from None
    if value < 0:
        raise CellError(f"{text!r}: a duration cannot be negative")
    return value


# --- inputs -----------------------------------------------------------------------------------


def overlay(current: Any, given: Any) -> Any:
    """``current`` with the cells of ``given`` that are not DONT_CARE put in."""
    if given is DONT_CARE:
        return current
    if isinstance(given, list) and isinstance(current, list):
        merged = list(current)
        for index, item in enumerate(given):
            merged[index] = overlay(current[index], item)
        return merged
    if isinstance(given, dict) and isinstance(current, dict):
        merged_fields = dict(current)
        for name, item in given.items():
            merged_fields[name] = overlay(current.get(name), item)
        return merged_fields
    return given


# --- comparing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tolerance:
    """How far a numeric or TIME value may be from its expectation."""

    absolute: float = 0.0
    relative: float = 0.0  # a fraction of the expected value
    text: str = ""

    def allows(self, expected: float, actual: float) -> bool:
        difference = abs(actual - expected)
        return difference <= self.absolute or difference <= self.relative * abs(expected)


EXACT = Tolerance()


def element_layout(layout: Layout) -> Layout:
    while isinstance(layout, ArrayLayout | ReferenceLayout):
        layout = layout.element if isinstance(layout, ArrayLayout) else layout.target
    return layout


def parse_tolerance(raw: Any, layout: Layout) -> Tolerance:
    """``0.01`` (absolute), ``0.5%`` (relative) or a duration ``T#5ms`` for a TIME signal."""
    target = element_layout(layout)
    found = target.spec if not isinstance(target, EnumLayout) else None
    if found is None or not (found.is_integer or found.kind in ("real", "time")):
        raise CellError(f"a tolerance needs a number or TIME signal, not {layout.name}")
    text = str(raw).strip()
    if text.endswith("%"):
        try:
            relative = float(text[:-1]) / 100
        except ValueError:
            raise CellError(f"{text!r} is not a percentage such as 0.5%") from None
        if relative < 0:
            raise CellError(f"{text!r}: a tolerance cannot be negative")
        return Tolerance(relative=relative, text=text)
    if found.kind == "time":
        ns = duration_ns(text)
        return Tolerance(absolute=ns / found.unit_ns, text=text)
    try:
        absolute = float(text)
    except ValueError:
        raise CellError(f"{text!r} is not a tolerance such as 0.01 or 0.5%") from None
    if absolute < 0 or math.isnan(absolute):
        raise CellError(f"{text!r}: a tolerance cannot be negative")
    return Tolerance(absolute=absolute, text=text)


def matches(expected: Any, actual: Any, tolerance: Tolerance = EXACT) -> bool:
    """Whether ``actual`` is what ``expected`` asks for (DONT_CARE cells match anything)."""
    if expected is DONT_CARE:
        return True
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        return all(
            matches(item, actual[index], tolerance) if index < len(actual) else False
            for index, item in enumerate(expected)
        )
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return False
        return all(matches(item, actual.get(name), tolerance) for name, item in expected.items())
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        if expected == actual:
            return True
        if isinstance(expected, float) and math.isnan(expected):
            return isinstance(actual, float) and math.isnan(actual)
        return tolerance is not EXACT and tolerance.allows(expected, actual)
    return bool(expected == actual)


# --- showing ----------------------------------------------------------------------------------


def shower(layout: Layout, project: Project | None = None) -> Callable[[Any], str]:
    """How values of ``layout`` are shown in reports, in ST syntax."""
    if isinstance(layout, ReferenceLayout):
        target = shower(layout.target, project)
        return lambda value: "NULL" if value is None else target(value)
    if isinstance(layout, ArrayLayout):
        element = shower(layout.element, project)

        def show_array(value: Any) -> str:
            if value is DONT_CARE:
                return "-"
            if not isinstance(value, list):
                return repr(value)
            return (
                "["
                + ", ".join(show_array(v) if isinstance(v, list) else element(v) for v in value)
                + "]"
            )

        return show_array
    if isinstance(layout, StructLayout):
        fields = {
            name.lower(): (name, shower(field_layout, project))
            for name, field_layout in zip(layout.field_names, layout.fields, strict=True)
        }

        def show_struct(value: Any) -> str:
            if value is DONT_CARE:
                return "-"
            if not isinstance(value, dict):
                return repr(value)
            parts = []
            for name, item in value.items():
                shown_name, show = fields.get(str(name).lower(), (str(name), repr))
                parts.append(f"{shown_name} := {show(item)}")
            return "(" + ", ".join(parts) + ")"

        return show_struct
    if isinstance(layout, EnumLayout):
        names = _enum_names(layout, project)

        def show_enum(value: Any) -> str:
            if value is DONT_CARE:
                return "-"
            return names.get(value, str(value))

        return show_enum
    found = layout.spec
    if found is None:
        return lambda value: "-" if value is DONT_CARE else repr(value)
    elementary = found

    def show_elementary(value: Any) -> str:
        if value is DONT_CARE:
            return "-"
        if value is None:
            return "NULL"
        try:
            if elementary.kind == "real" and isinstance(value, float):
                return show_real(value, single=elementary.bits == 32)
            return format_value(elementary, value)
        except (TypeError, ValueError):
            return repr(value)

    return show_elementary


def show_real(value: float, *, single: bool) -> str:
    """The shortest decimal that reads back to ``value`` (90.0, 0.1, 1.5E+20), for people."""
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    text = repr(value)
    if single:
        for precision in range(1, 10):
            candidate = f"{value:.{precision}g}"
            if to_real(float(candidate)) == value:
                text = repr(float(candidate))
                break
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{int(exponent):+d}"


def _enum_names(layout: EnumLayout, project: Project | None) -> dict[int, str]:
    declared = project.find_type(layout.name) if project is not None else None
    spelled = {m.key: m.name for m in declared.members} if declared is not None else {}
    names: dict[int, str] = {}
    for member, value in layout.members.items():
        names.setdefault(value, f"{layout.name}.{spelled.get(member, member)}")
    return names
