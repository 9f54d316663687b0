"""IEC 61131-3 literals (3rd ed. §6.3, Tables 5-9) read into stored values; values shown back.

``parse_literal`` returns the literal's type (None when untyped, as ``10``
and ``1.5`` are until their context types them) and its value in the
stored representation (``types``): ``T#1.5s`` is ``("TIME", 1500)``,
``TIME#-5s`` is ``("TIME", 2**32 - 5000)`` because TIME is an unsigned DWORD
of milliseconds, ``DT#1970-01-02-00:00:00`` is ``("DATE_AND_TIME", 86400)``.

Choices:

- A decimal typed literal outside its type's range (``SINT#200``) is an
  error, as IEC requires; a based one (``INT#16#FFFF``) is a bit pattern and
  is read in two's complement (-1), as CODESYS does, unless it has more bits
  than the type.
- Duration parts finer than the type's unit are truncated (``T#1.5ms`` is
  1 ms; ``T#1us`` is 0 ms). Units must come in decreasing order
  (d, h, m, s, ms, us, ns), each at most once; only the last may have a
  fraction. ``_`` may separate parts and digits.
- ``$N`` and ``$L`` are both line feed (16#0A), ``$R`` carriage return,
  ``$P`` form feed, ``$T`` tab, ``$$``, ``$'``, ``$"`` the characters
  themselves; ``$hh`` is a character code in single-byte strings and
  ``$hhhh`` in double-byte (``"..."``) strings (CODESYS help "String
  constants"; Beckhoff "STRING constants").
- Dates before 1970-01-01 or beyond the type's width are errors: DATE, DT and
  TOD are unsigned counts in CODESYS.
- A real literal may omit the fraction when it has an exponent (``1E3``),
  which CODESYS accepts although IEC writes ``1.0E3``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from werk.tools.st.sim.iec.types import (
    ElementarySpec,
    spec,
    to_real,
    wrap,
)

_DIGITS = r"\d(?:_?\d)*"
_DECIMAL_INTEGER = re.compile(rf"[+-]?{_DIGITS}")
_REAL = re.compile(rf"[+-]?{_DIGITS}(?:\.{_DIGITS}(?:[eE][+-]?{_DIGITS})?|[eE][+-]?{_DIGITS})")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BASE_DIGITS = {
    2: re.compile(r"[01](?:_?[01])*"),
    8: re.compile(r"[0-7](?:_?[0-7])*"),
    16: re.compile(r"[0-9A-Fa-f](?:_?[0-9A-Fa-f])*"),
}

_DURATION_PREFIXES = {"T": "TIME", "TIME": "TIME", "LT": "LTIME", "LTIME": "LTIME"}
_DATE_PREFIXES = {"D": "DATE", "DATE": "DATE", "LD": "LDATE", "LDATE": "LDATE"}
_TOD_PREFIXES = {
    "TOD": "TIME_OF_DAY",
    "TIME_OF_DAY": "TIME_OF_DAY",
    "LTOD": "LTIME_OF_DAY",
    "LTIME_OF_DAY": "LTIME_OF_DAY",
}
_DT_PREFIXES = {
    "DT": "DATE_AND_TIME",
    "DATE_AND_TIME": "DATE_AND_TIME",
    "LDT": "LDATE_AND_TIME",
    "LDATE_AND_TIME": "LDATE_AND_TIME",
}

_UNITS_NS = {
    "D": 86_400 * 10**9,
    "H": 3_600 * 10**9,
    "M": 60 * 10**9,
    "S": 10**9,
    "MS": 10**6,
    "US": 10**3,
    "NS": 1,
}
_UNIT_ORDER = ("D", "H", "M", "S", "MS", "US", "NS")
_DURATION_PART = re.compile(rf"({_DIGITS}(?:\.{_DIGITS})?)(ms|us|ns|d|h|m|s)_?", re.IGNORECASE)
_TOD = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NS_PER_DAY = 86_400 * 10**9

_ESCAPES = {"$": "$", "'": "'", '"': '"', "L": "\n", "N": "\n", "P": "\f", "R": "\r", "T": "\t"}


def parse_literal(text: str) -> tuple[str | None, object]:
    """(IEC type name, or None when untyped; stored value); ValueError when malformed."""
    literal = text.strip()
    if not literal:
        raise ValueError("empty literal")
    if literal[0] in "'\"":
        return ("STRING" if literal[0] == "'" else "WSTRING"), parse_string(literal)
    upper = literal.upper()
    if upper in ("TRUE", "FALSE"):
        return "BOOL", upper == "TRUE"
    if "#" in literal:
        return _typed_or_based(literal)
    if _DECIMAL_INTEGER.fullmatch(literal):
        return None, int(literal.replace("_", ""))
    if _REAL.fullmatch(literal):
        return None, float(literal.replace("_", ""))
    raise ValueError(f"{text!r} is not an IEC 61131-3 literal")


def _typed_or_based(literal: str) -> tuple[str | None, object]:
    prefix, _, body = literal.partition("#")
    key = prefix.upper()
    if key in ("2", "8", "16"):
        return None, _based_integer(int(key), body, literal)
    if key in _DURATION_PREFIXES:
        name = _DURATION_PREFIXES[key]
        return name, parse_duration(body, _spec(name), literal)
    if key in _DATE_PREFIXES:
        name = _DATE_PREFIXES[key]
        return name, _parse_date(body, _spec(name), literal)
    if key in _TOD_PREFIXES:
        name = _TOD_PREFIXES[key]
        return name, _parse_time_of_day(body, _spec(name), literal)
    if key in _DT_PREFIXES:
        name = _DT_PREFIXES[key]
        return name, _parse_date_and_time(body, _spec(name), literal)
    target = spec(key)
    if target is not None:
        return target.name, _typed_value(target, body, literal)
    if _IDENTIFIER.fullmatch(prefix) and _IDENTIFIER.fullmatch(body):
        return prefix, body  # an enumeration value, resolved by the compiler
    raise ValueError(f"{literal!r} is not an IEC 61131-3 literal")


def _spec(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None, name
    return found


def _based_integer(base: int, digits: str, literal: str) -> int:
    if not _BASE_DIGITS[base].fullmatch(digits):
        raise ValueError(f"{literal!r}: {digits!r} are not base-{base} digits")
    return int(digits.replace("_", ""), base)


def _typed_value(target: ElementarySpec, body: str, literal: str) -> object:
    kind = target.kind
    if kind == "bool":
        value = body.upper()
        if value in ("TRUE", "1"):
            return True
        if value in ("FALSE", "0"):
            return False
        raise ValueError(f"{literal!r}: BOOL# takes TRUE, FALSE, 1 or 0")
    if target.is_string:
        if not body or body[0] not in "'\"":
            raise ValueError(f"{literal!r}: {target.name}# must be followed by a quoted string")
        value_text = parse_string(body)
        if target.name in ("CHAR", "WCHAR") and len(value_text) != 1:
            raise ValueError(f"{literal!r}: {target.name} holds exactly one character")
        return value_text
    if kind == "real":
        if _REAL.fullmatch(body) or _DECIMAL_INTEGER.fullmatch(body):
            number = float(body.replace("_", ""))
            return to_real(number) if target.bits == 32 else number
        raise ValueError(f"{literal!r}: {body!r} is not a number")
    if target.is_integer:
        return _typed_integer(target, body, literal)
    raise ValueError(f"{literal!r}: {target.name} literals need their own prefix")


def _typed_integer(target: ElementarySpec, body: str, literal: str) -> int:
    base_text, hash_sign, digits = body.partition("#")
    if hash_sign:
        if base_text not in ("2", "8", "16"):
            raise ValueError(f"{literal!r}: the base must be 2, 8 or 16")
        pattern = _based_integer(int(base_text), digits, literal)
        if pattern >> target.bits:
            raise ValueError(f"{literal!r} has more bits than {target.name} ({target.bits})")
        return wrap(target, pattern)
    if not _DECIMAL_INTEGER.fullmatch(body):
        raise ValueError(f"{literal!r}: {body!r} is not an integer")
    value = int(body.replace("_", ""))
    assert isinstance(target.minimum, int) and isinstance(target.maximum, int)
    if not target.minimum <= value <= target.maximum:
        raise ValueError(
            f"{literal!r} is outside {target.name}'s range {target.minimum}..{target.maximum}"
        )
    return value


def parse_duration(body: str, target: ElementarySpec, literal: str | None = None) -> int:
    """The ``T#``/``LTIME#`` body ``-1h2m3.5s`` as a stored TIME/LTIME value."""
    shown = literal or body
    text = body
    negative = text.startswith("-")
    if text[:1] in "+-":
        text = text[1:]
    if not text:
        raise ValueError(f"{shown!r}: a duration needs at least one part such as 5s")
    total = Decimal(0)
    position = 0
    previous = -1
    while position < len(text):
        match = _DURATION_PART.match(text, position)
        if match is None:
            raise ValueError(f"{shown!r}: cannot read the duration from {text[position:]!r}")
        number, unit = match.group(1).replace("_", ""), match.group(2).upper()
        order = _UNIT_ORDER.index(unit)
        if order <= previous:
            raise ValueError(f"{shown!r}: units must go from days down to nanoseconds, once each")
        if "." in number and match.end() != len(text):
            raise ValueError(f"{shown!r}: only the last part of a duration may have a fraction")
        previous = order
        total += Decimal(number) * _UNITS_NS[unit]
        position = match.end()
    ticks = int(total) // target.unit_ns  # truncate below the type's unit
    return wrap(target, -ticks if negative else ticks)


def _parse_date(body: str, target: ElementarySpec, literal: str) -> int:
    match = _DATE.fullmatch(body)
    if match is None:
        raise ValueError(f"{literal!r}: a date is written YYYY-MM-DD")
    return _in_range(target, _days_ns(match, literal) // target.unit_ns, literal)


def _days_ns(match: re.Match[str], literal: str) -> int:
    year, month, day = (int(group) for group in match.groups())
    try:
        days = date(year, month, day).toordinal() - _EPOCH_ORDINAL
    except ValueError as exc:
        raise ValueError(f"{literal!r}: {exc}") from None
    if days < 0:
        raise ValueError(f"{literal!r}: dates before 1970-01-01 cannot be stored")
    return days * _NS_PER_DAY


def _time_of_day_ns(text: str, literal: str) -> int:
    match = _TOD.fullmatch(text)
    if match is None:
        raise ValueError(f"{literal!r}: a time of day is written hh:mm:ss[.fff]")
    hours, minutes = int(match.group(1)), int(match.group(2))
    seconds = int(match.group(3) or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise ValueError(f"{literal!r}: {text} is not a time of day")
    fraction = match.group(4) or ""
    fraction_ns = int((fraction + "000000000")[:9]) if fraction else 0
    return ((hours * 60 + minutes) * 60 + seconds) * 10**9 + fraction_ns


def _parse_time_of_day(body: str, target: ElementarySpec, literal: str) -> int:
    return _time_of_day_ns(body, literal) // target.unit_ns


def _parse_date_and_time(body: str, target: ElementarySpec, literal: str) -> int:
    match = _DATE.match(body)
    if match is None or body[match.end() : match.end() + 1] != "-":
        raise ValueError(f"{literal!r}: a date and time is written YYYY-MM-DD-hh:mm:ss")
    day_ns = _days_ns(match, literal)
    ns = day_ns + _time_of_day_ns(body[match.end() + 1 :], literal)
    return _in_range(target, ns // target.unit_ns, literal)


def _in_range(target: ElementarySpec, value: int, literal: str) -> int:
    assert isinstance(target.maximum, int)
    if value > target.maximum:
        raise ValueError(f"{literal!r} is beyond the range of {target.name}")
    return value


def parse_string(literal: str) -> str:
    """The characters of a quoted ST string literal, ``$`` escapes resolved."""
    quote = literal[:1]
    if quote not in ("'", '"'):
        raise ValueError(f"{literal!r}: a string literal starts with ' or \"")
    hex_width = 2 if quote == "'" else 4
    characters: list[str] = []
    position = 1
    while position < len(literal):
        character = literal[position]
        if character == quote:
            if position != len(literal) - 1:
                raise ValueError(
                    f"{literal!r}: text after the closing quote {literal[position + 1 :]!r} "
                    f"(write {quote} inside the string as ${quote})"
                )
            return "".join(characters)
        if character != "$":
            characters.append(character)
            position += 1
            continue
        escape = literal[position + 1 : position + 2]
        if escape.upper() in _ESCAPES:
            characters.append(_ESCAPES[escape.upper()])
            position += 2
            continue
        code = literal[position + 1 : position + 1 + hex_width]
        if len(code) == hex_width and all(c in "0123456789abcdefABCDEF" for c in code):
            characters.append(chr(int(code, 16)))
            position += 1 + hex_width
            continue
        raise ValueError(f"{literal!r}: unknown escape ${escape} (use $$ for a dollar sign)")
    raise ValueError(f"{literal!r}: the string has no closing {quote}")


# --- showing values --------------------------------------------------------------------------


def format_value(spec: ElementarySpec, value: object) -> str:
    """How a value is shown in test output: TRUE, -3, 1.5, T#1s500ms, TOD#12:00:00, 'text'."""
    return _format(spec, value)


def _format(spec: ElementarySpec, value: Any) -> str:
    kind = spec.kind
    if kind == "bool":
        return "TRUE" if value else "FALSE"
    if spec.is_integer:
        return str(value)
    if kind == "real":
        return format_real(value, single=spec.bits == 32)
    if kind == "time":
        return format_duration(value, spec)
    if kind == "date":
        prefix = "D#" if spec.bits == 32 else "LDATE#"
        return prefix + _date_text(value * spec.unit_ns)
    if kind == "tod":
        prefix = "TOD#" if spec.bits == 32 else "LTOD#"
        return prefix + _time_of_day_text(value * spec.unit_ns)
    if kind == "dt":
        ns: int = value * spec.unit_ns
        prefix = "DT#" if spec.bits == 32 else "LDT#"
        return f"{prefix}{_date_text(ns)}-{_time_of_day_text(ns % _NS_PER_DAY)}"
    if spec.is_string:
        return quote_string(value, wide=kind == "wstring")
    return repr(value)


def format_real(value: float, *, single: bool) -> str:
    """The shortest decimal that reads back to the same REAL (or LREAL), in IEC spelling."""
    if value != value:
        return "NAN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    if single:
        for precision in range(1, 10):
            text = f"{value:.{precision}g}"
            if to_real(float(text)) == value:
                break
    else:
        text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    if e:
        return f"{mantissa}E{int(exponent):+d}"
    return mantissa


def format_duration(value: int, spec: ElementarySpec) -> str:
    """``T#1d2h3m4s5ms`` (or ``LTIME#...`` down to ns): zero parts left out, ``T#0ms`` for zero."""
    prefix = "T#" if spec.bits == 32 else "LTIME#"
    units = ("D", "H", "M", "S", "MS") if spec.bits == 32 else _UNIT_ORDER
    rest = value * spec.unit_ns
    parts: list[str] = []
    for unit in units:
        count, rest = divmod(rest, _UNITS_NS[unit])
        if count:
            parts.append(f"{count}{unit.lower()}")
    if not parts:
        return prefix + ("0ms" if spec.bits == 32 else "0ns")
    return prefix + "".join(parts)


def _date_text(ns: int) -> str:
    day = date.fromordinal(_EPOCH_ORDINAL + ns // _NS_PER_DAY)
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _time_of_day_text(ns: int) -> str:
    seconds, fraction = divmod(ns, 10**9)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    text = f"{hours:02d}:{minute:02d}:{second:02d}"
    if fraction:
        text += "." + f"{fraction:09d}".rstrip("0")
    return text


def quote_string(value: str, *, wide: bool = False) -> str:
    """``value`` as an ST string literal that ``parse_string`` reads back to the same text."""
    quote = '"' if wide else "'"
    hex_width = 4 if wide else 2
    named = {"$": "$$", quote: "$" + quote, "\n": "$N", "\r": "$R", "\t": "$T", "\f": "$P"}
    parts: list[str] = []
    for character in value:
        if character in named:
            parts.append(named[character])
        elif character.isprintable() or ord(character) >= 16**hex_width:
            parts.append(character)  # beyond the escape's width: kept as it is
        else:
            parts.append(f"${ord(character):0{hex_width}X}")
    return quote + "".join(parts) + quote
