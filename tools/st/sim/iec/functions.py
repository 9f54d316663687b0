"""The IEC 61131-3 standard functions (3rd ed. §6.6.2.5, Tables 22-36), specialised per call site.

``standard_function(name, argument_specs, result)`` is called once per call
site at compile time and returns a callable taking the argument values
positionally in declared parameter order (``parameter_names``); it returns
None when ``name`` is not a standard function, and raises
``UnsupportedOperation`` when it is one but not for these argument types or
this many arguments.

Parameter names follow the contract: IEC names for the numeric, selection
and comparison functions (``LIMIT(MN, IN, MX)``, ``SEL(G, IN0, IN1)``) and
CODESYS/TwinCAT names for the string functions (``MID(STR, LEN, POS)``).
``parameter_index`` also accepts the other spelling (IEC ``MID(IN, L, P)``,
CODESYS ``LIMIT(MIN, IN, MAX)``) and ``IN3``... of extensible functions.

Semantic choices:

- Numeric functions (SQRT, LN, SIN...) compute in double precision and round
  the result to the result type (REAL: binary32; an integer result type is
  reached by rounding half to even, as REAL_TO_INT does). Domain errors are
  faults, as TwinCAT traps them: ``SQRT(-1)``, ``LN(-1)``, ``ASIN(2)`` raise
  ``InvalidOperation``; ``LN(0)`` and ``LOG(0)`` raise ``DivisionByZero``
  (IEEE 754 signals divide-by-zero for log(0)). ``ABS`` of the most negative
  integer wraps to itself (``ABS(INT#-32768) = -32768``).
- ``ADD``, ``MUL``, ``AND``, ``OR``, ``XOR``, ``MAX``, ``MIN``, ``CONCAT`` and
  ``MUX`` take any number of inputs; ``GT``, ``GE``, ``EQ``, ``LE``, ``LT`` too,
  meaning ``(IN1 > IN2) & (IN2 > IN3) ...`` (IEC Table 33). ``NE`` takes two.
- ``SHL``/``SHR``/``ROL``/``ROR`` work within the width of ``IN``'s type
  (``SHL(BYTE#16#81, 1) = 16#02``, ``ROL(BYTE#16#81, 1) = 16#03``); a shift by
  the width or more gives 0 (a rotation goes round); ``SHR`` is logical, and
  a signed ``IN`` is shifted as its bit pattern. A negative ``N`` is a
  ``RangeFault``.
- ``MUX`` with ``K`` outside ``0..n-1`` is a ``RangeFault`` (IEC: error).
- String positions are 1-based (IEC Table 34): ``MID('SUSI', 2, 2) = 'US'``,
  ``INSERT('ABC', 'XY', 2) = 'ABXYC'``, ``DELETE('ABXYC', 2, 3) = 'ABC'``,
  ``REPLACE('ABCDE', 'X', 2, 3) = 'ABXE'``, ``FIND('ABCBC', 'BC') = 2``,
  ``FIND`` of a missing or empty string = 0. Lengths beyond the end take
  what is there; a position past the end gives ``''`` (MID), the input
  unchanged (DELETE) or an append (INSERT, REPLACE), as CODESYS and the
  4diac IEC string blocks do. A negative length, ``POS < 1`` (``POS < 0``
  for INSERT) is a ``RangeFault``. Results are not cut to CODESYS's
  STRING(255) function results; the store cuts them to the target's length.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

from werk.tools.st.sim.iec.conversions import (
    bcd_to_integer,
    conversion,
    integer_to_bcd,
    real_to_integer,
    truncation,
)
from werk.tools.st.sim.iec.errors import (
    DivisionByZero,
    InvalidOperation,
    RangeFault,
    UnsupportedOperation,
)
from werk.tools.st.sim.iec.operators import binary_operator, unary_operator
from werk.tools.st.sim.iec.types import ElementarySpec, spec, storer, to_real

Function = Callable[..., Any]
Specs = tuple[ElementarySpec, ...]
_Builder = Callable[[str, Specs, "ElementarySpec | None"], Function]

_INT = spec("INT")
_DINT = spec("DINT")
_BOOL = spec("BOOL")
_REAL = spec("REAL")
_LREAL = spec("LREAL")
_TIME = spec("TIME")
_DT = spec("DATE_AND_TIME")
assert _INT and _DINT and _BOOL and _REAL and _LREAL and _TIME and _DT

_PARAMETERS: dict[str, tuple[str, ...]] = {
    **{name: ("IN",) for name in ("ABS", "SQRT", "LN", "LOG", "EXP", "SIN", "COS", "TAN")},
    **{name: ("IN",) for name in ("ASIN", "ACOS", "ATAN", "TRUNC", "MOVE", "NOT")},
    "ATAN2": ("Y", "X"),
    "EXPT": ("IN1", "IN2"),
    **{name: ("IN1", "IN2") for name in ("ADD", "SUB", "MUL", "DIV", "MOD")},
    **{name: ("IN", "N") for name in ("SHL", "SHR", "ROL", "ROR")},
    **{name: ("IN1", "IN2") for name in ("AND", "OR", "XOR", "MAX", "MIN")},
    **{name: ("IN1", "IN2") for name in ("GT", "GE", "EQ", "LE", "LT", "NE")},
    "SEL": ("G", "IN0", "IN1"),
    "LIMIT": ("MN", "IN", "MX"),
    "MUX": ("K", "IN0", "IN1"),
    "LEN": ("STR",),
    "LEFT": ("STR", "SIZE"),
    "RIGHT": ("STR", "SIZE"),
    "MID": ("STR", "LEN", "POS"),
    "CONCAT": ("STR1", "STR2"),
    "INSERT": ("STR1", "STR2", "POS"),
    "DELETE": ("STR", "LEN", "POS"),
    "REPLACE": ("STR1", "STR2", "L", "P"),
    "FIND": ("STR1", "STR2"),
    **{
        name: ("IN1", "IN2")
        for name in (
            "ADD_TIME",
            "SUB_TIME",
            "ADD_TOD_TIME",
            "SUB_TOD_TIME",
            "ADD_DT_TIME",
            "SUB_DT_TIME",
            "SUB_DATE_DATE",
            "SUB_TOD_TOD",
            "SUB_DT_DT",
            "MUL_TIME",
            "DIV_TIME",
            "CONCAT_DATE_TOD",
        )
    },
}
_OTHER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "LIMIT": ("MIN", "IN", "MAX"),
    "LEN": ("IN",),
    "LEFT": ("IN", "L"),
    "RIGHT": ("IN", "L"),
    "MID": ("IN", "L", "P"),
    "CONCAT": ("IN1", "IN2"),
    "INSERT": ("IN1", "IN2", "P"),
    "DELETE": ("IN", "L", "P"),
    "REPLACE": ("IN1", "IN2", "L", "P"),
    "FIND": ("IN1", "IN2"),
}
EXTENSIBLE = frozenset(
    {"ADD", "MUL", "AND", "OR", "XOR", "MAX", "MIN", "MUX", "CONCAT", "GT", "GE", "EQ", "LE", "LT"}
)


def parameter_names(name: str) -> tuple[str, ...] | None:
    """Formal parameter names in order (``LIMIT`` → ``("MN", "IN", "MX")``), None if unknown.

    Extensible functions list their first two inputs; ``IN3``, ``STR3``...
    follow (see ``parameter_index``). Conversions take ``IN``.
    """
    key = name.upper()
    if key in _PARAMETERS:
        return _PARAMETERS[key]
    if _conversion_targets(key) is not None:
        return ("IN",)
    return None


def parameter_index(name: str, formal: str) -> int | None:
    """The position of formal parameter ``formal`` of ``name`` in either spelling, else None.

    Extensible functions also take ``IN3``, ``IN4``... (``STR3``... for CONCAT,
    ``IN2``... after ``K`` for MUX).
    """
    key, parameter = name.upper(), formal.upper()
    for names in (parameter_names(key), _OTHER_SPELLINGS.get(key)):
        if names and parameter in names:
            return names.index(parameter)
    if key in EXTENSIBLE:
        for stem in ("IN", "STR"):
            number = parameter[len(stem) :]
            if parameter.startswith(stem) and number.isdigit():
                if key == "MUX":
                    return int(number) + 1 if stem == "IN" else None
                return int(number) - 1 if int(number) >= 1 else None
    return None


def is_standard_function(name: str) -> bool:
    return parameter_names(name) is not None


def standard_function(
    name: str, argument_specs: Sequence[ElementarySpec], result: ElementarySpec | None
) -> Function | None:
    """The callable for one call of standard function ``name``; None if it is not one."""
    key = name.upper()
    specs = tuple(argument_specs)
    if key in _BUILDERS:
        _check_arity(key, specs)
        return _BUILDERS[key](key, specs, result)
    targets = _conversion_targets(key)
    if targets is None:
        return None
    if len(specs) != 1:
        raise UnsupportedOperation(f"{name} takes one argument, got {len(specs)}")
    return _conversion_call(key, targets, specs[0], result)


def _check_arity(key: str, specs: Specs) -> None:
    expected = len(_PARAMETERS[key])
    if key in EXTENSIBLE:
        if len(specs) < expected:
            raise UnsupportedOperation(
                f"{key} takes at least {expected} arguments, got {len(specs)}"
            )
    elif len(specs) != expected:
        raise UnsupportedOperation(f"{key} takes {expected} arguments, got {len(specs)}")


# --- conversions by name ---------------------------------------------------------------------


def _conversion_targets(key: str) -> tuple[str, str | None, str] | None:
    """(form, source name or None, target name) for TO_*, *_TO_*, TRUNC*, BCD names."""
    if key == "TRUNC":
        return ("TRUNC", None, "")
    for marker, form in (("_TRUNC_", "TRUNC"), ("_BCD_TO_", "FROM_BCD"), ("_TO_BCD_", "TO_BCD")):
        source, found, target = key.partition(marker)
        if found and spec(target) and (source == "ANY" or spec(source)):
            return (form, None if source == "ANY" else source, target)
    for prefix, form in (("TRUNC_", "TRUNC"), ("TO_", "TO"), ("BCD_TO_", "FROM_BCD")):
        if key.startswith(prefix) and spec(key[len(prefix) :]):
            return (form, None, key[len(prefix) :])
    if key.endswith("_TO_BCD") and spec(key[: -len("_TO_BCD")]):
        return ("TO_BCD", key[: -len("_TO_BCD")], "BYTE")  # CODESYS Util: INT_TO_BCD : BYTE
    position = key.find("_TO_")
    while position > 0:
        source, target = key[:position], key[position + 4 :]
        if (source == "ANY" or spec(source)) and spec(target):
            return ("TO", None if source == "ANY" else source, target)
        position = key.find("_TO_", position + 1)
    return None


def _conversion_call(
    key: str,
    targets: tuple[str, str | None, str],
    argument: ElementarySpec,
    result: ElementarySpec | None,
) -> Function:
    form, source_name, target_name = targets
    source = (spec(source_name) if source_name else None) or argument
    if form == "TRUNC" and not target_name:
        target = result or _DINT  # CODESYS: TRUNC returns DINT
    else:
        found = spec(target_name)
        assert found is not None
        target = found
    if form == "TRUNC":
        return truncation(source, target)
    if form == "FROM_BCD":
        return bcd_to_integer(source, target)
    if form == "TO_BCD":
        return integer_to_bcd(source, result or target)
    to_source = _coercer(argument, source) if source is not argument else None
    convert = conversion(source, target)
    if to_source is None:
        return convert
    return lambda value: convert(to_source(value))


# --- helpers ---------------------------------------------------------------------------------


def _common(specs: Sequence[ElementarySpec]) -> ElementarySpec:
    """The type of a generic result from its inputs: the widest, a real type over integers."""
    chosen = specs[0]
    for candidate in specs[1:]:
        if candidate.kind == "real" or chosen.kind == "real":
            if candidate.kind == "real" and (chosen.kind != "real" or candidate.bits > chosen.bits):
                chosen = candidate
        elif candidate.bits > chosen.bits:
            chosen = candidate
    return chosen


def _coercer(argument: ElementarySpec, result: ElementarySpec) -> Callable[[Any], Any]:
    """How an input value becomes a value of the (wider or equal) result type."""
    if argument == result or (argument.is_string and result.is_string):
        return _identity
    if argument.is_integer and result.is_integer:
        if _widens(argument, result):
            return _identity
        return storer(result)
    return conversion(argument, result)


def _widens(argument: ElementarySpec, result: ElementarySpec) -> bool:
    unsigned = ("bits", "unsigned")
    if argument.kind == "signed":
        return result.kind == "signed" and result.bits >= argument.bits
    if result.kind in unsigned:
        return result.bits >= argument.bits
    return result.bits > argument.bits


def _identity(value: Any) -> Any:
    return value


def _finisher(result: ElementarySpec | None) -> Callable[[float], object]:
    """How a double-precision function value becomes the result type."""
    if result is None or (result.kind == "real" and result.bits == 64):
        return float
    if result.kind == "real":
        return to_real
    if result.is_integer:
        return real_to_integer(_LREAL, result, truncate=False)
    raise UnsupportedOperation(f"a numeric function cannot give {result.name}")


def _numeric_argument(key: str, argument: ElementarySpec) -> None:
    if argument.kind not in ("real", "signed", "unsigned", "bits"):
        raise UnsupportedOperation(f"{key} takes a number, not {argument.name}")


# --- numeric ---------------------------------------------------------------------------------


def _abs(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    (argument,) = specs
    _numeric_argument(key, argument)
    target = result or argument
    if argument.kind == "real" and target.kind != "real":
        raise UnsupportedOperation(f"ABS of {argument.name} cannot give {target.name}")
    if target.kind == "real":
        coerce = _coercer(argument, target)
        return lambda value: abs(coerce(value))
    store = storer(target)
    return lambda value: store(abs(value))


def _math(
    function: Callable[[float], float], check: Callable[[str, float], None] | None = None
) -> _Builder:
    def build(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
        (argument,) = specs
        _numeric_argument(key, argument)
        finish = _finisher(result or (argument if argument.kind == "real" else _REAL))

        def call(value: float) -> object:
            if check is not None:
                check(key, value)
            try:
                computed = function(value)
            except OverflowError:
                computed = math.inf
            return finish(computed)

        return call

    return build


def _sqrt_domain(key: str, value: float) -> None:
    if value < 0:
        raise InvalidOperation(f"{key}({value}): square root of a negative number")


def _log_domain(key: str, value: float) -> None:
    if value == 0:
        raise DivisionByZero(f"{key}(0): logarithm of zero")
    if value < 0:
        raise InvalidOperation(f"{key}({value}): logarithm of a negative number")


def _unit_domain(key: str, value: float) -> None:
    if not -1 <= value <= 1:
        raise InvalidOperation(f"{key}({value}): outside -1..1")


def _finite_domain(key: str, value: float) -> None:
    if value in (math.inf, -math.inf):
        raise InvalidOperation(f"{key}({value}): of an infinite angle")


def _atan2(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    for argument in specs:
        _numeric_argument(key, argument)
    finish = _finisher(result or _common([*specs, _REAL]))
    return lambda y, x: finish(math.atan2(y, x))


def _expt(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    base, exponent = specs
    for argument in specs:
        _numeric_argument(key, argument)
    target = result or (base if base.kind == "real" else _REAL)
    return binary_operator("**", base, exponent, target)


def _trunc(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    return truncation(specs[0], result or _DINT)


# --- arithmetic, bitwise, selection, comparison ----------------------------------------------

_SYMBOLS = {"ADD": "+", "SUB": "-", "MUL": "*", "DIV": "/", "MOD": "MOD"}
_SYMBOLS.update({"AND": "AND", "OR": "OR", "XOR": "XOR"})
_SYMBOLS.update({"GT": ">", "GE": ">=", "EQ": "=", "LE": "<=", "LT": "<", "NE": "<>"})


def _arithmetic_result(symbol: str, left: ElementarySpec, right: ElementarySpec) -> ElementarySpec:
    """The result type when the caller gives none (mirrors the model's ``arithmetic_result``)."""
    if left.is_temporal:
        if right.is_temporal and symbol == "-" and left.kind != "time":
            return _TIME if left.bits == 32 else (spec("LTIME") or _TIME)
        return left
    if right.is_temporal and symbol == "*":
        return right
    return _common([left, right])


def _folded(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    """ADD, MUL, AND, OR, XOR (extensible) and SUB, DIV, MOD: the operator applied left to right."""
    symbol = _SYMBOLS[key]
    target = result or _arithmetic_result(symbol, specs[0], specs[1])
    steps = [binary_operator(symbol, specs[0], specs[1], target)]
    steps += [binary_operator(symbol, target, argument, target) for argument in specs[2:]]
    if len(steps) == 1:
        return steps[0]

    def fold(*values: object) -> object:
        accumulated = steps[0](values[0], values[1])
        for step, value in zip(steps[1:], values[2:], strict=True):
            accumulated = step(accumulated, value)
        return accumulated

    return fold


def _move(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    return _coercer(specs[0], result or specs[0])


def _not(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    return unary_operator("NOT", specs[0], result or specs[0])


def _shift(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    operand, count = specs
    if not operand.is_integer or not count.is_integer:
        raise UnsupportedOperation(f"{key} takes a bit string and an integer count")
    bits = operand.bits
    mask = (1 << bits) - 1
    store = storer(result or operand)

    def checked(n: int) -> int:
        if n < 0:
            raise RangeFault(f"{key}: negative shift count {n}")
        return n

    if key == "SHL":
        return lambda value, n: store(((value & mask) << checked(n)) & mask)
    if key == "SHR":
        return lambda value, n: store((value & mask) >> checked(n))

    def rotate(value: int, n: int) -> object:
        turn = checked(n) % bits
        if key == "ROR":
            turn = (bits - turn) % bits
        pattern = value & mask
        return store(((pattern << turn) | (pattern >> (bits - turn))) & mask)

    return rotate


def _sel(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _, first, second = specs
    target = result or _common([first, second])
    to_first, to_second = _coercer(first, target), _coercer(second, target)
    return lambda g, in0, in1: to_second(in1) if g else to_first(in0)


def _extreme(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    target = result or _common(specs)
    coercers = [_coercer(argument, target) for argument in specs]
    pick = max if key == "MAX" else min

    def extreme(*values: object) -> object:
        return pick(c(v) for c, v in zip(coercers, values, strict=True))

    return extreme


def _limit(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    target = result or _common(specs)
    low, middle, high = (_coercer(argument, target) for argument in specs)

    def limit(mn: object, value: object, mx: object) -> object:
        return min(max(middle(value), low(mn)), high(mx))

    return limit


def _mux(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    selector, *inputs = specs
    if not selector.is_integer:
        raise UnsupportedOperation(f"MUX selects with an integer K, not {selector.name}")
    target = result or _common(inputs)
    coercers = [_coercer(argument, target) for argument in inputs]

    def mux(k: int, *values: object) -> object:
        if not 0 <= k < len(values):
            raise RangeFault(f"MUX: K = {k} selects none of IN0..IN{len(values) - 1}")
        return coercers[k](values[k])

    return mux


def _comparison(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    symbol = _SYMBOLS[key]
    compares = [
        binary_operator(symbol, left, right, _BOOL) for left, right in itertools.pairwise(specs)
    ]
    if len(compares) == 1:
        return compares[0]

    def chain(*values: object) -> bool:
        return all(
            compare(left, right)
            for compare, left, right in zip(compares, values, values[1:], strict=False)
        )

    return chain


# --- strings ---------------------------------------------------------------------------------


def _need_strings(key: str, specs: Specs, *positions: int) -> None:
    for position in positions:
        if not specs[position].is_string:
            raise UnsupportedOperation(f"{key} takes a string, not {specs[position].name}")


def _length(key: str, name: str, value: int) -> int:
    if value < 0:
        raise RangeFault(f"{key}: negative {name} {value}")
    return value


def _position(key: str, value: int, lowest: int = 1) -> int:
    if value < lowest:
        raise RangeFault(f"{key}: position {value} is before the first character (1)")
    return value


def _len(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0)
    store = storer(result or _INT)
    return lambda text: store(len(text))


def _left(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0)
    return lambda text, size: text[: _length(key, "length", size)]


def _right(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0)

    def right(text: str, size: int) -> str:
        count = _length(key, "length", size)
        return text[len(text) - count :] if count < len(text) else text

    return right


def _mid(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0)

    def mid(text: str, length: int, position: int) -> str:
        start = _position(key, position) - 1
        return text[start : start + _length(key, "length", length)]

    return mid


def _concat(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, *range(len(specs)))
    return lambda *texts: "".join(texts)


def _insert(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0, 1)

    def insert(text: str, inserted: str, position: int) -> str:
        after = _position(key, position, lowest=0)
        return text[:after] + inserted + text[after:]

    return insert


def _delete(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0)

    def delete(text: str, length: int, position: int) -> str:
        start = _position(key, position) - 1
        return text[:start] + text[start + _length(key, "length", length) :]

    return delete


def _replace(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0, 1)

    def replace(text: str, replacement: str, length: int, position: int) -> str:
        start = _position(key, position) - 1
        return text[:start] + replacement + text[start + _length(key, "length", length) :]

    return replace


def _find(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    _need_strings(key, specs, 0, 1)
    store = storer(result or _INT)

    def find(text: str, wanted: str) -> object:
        return store(text.find(wanted) + 1 if wanted else 0)

    return find


# --- time functions (IEC Table 35) -----------------------------------------------------------

_TIME_FUNCTIONS = {
    "ADD_TIME": ("+", "TIME"),
    "SUB_TIME": ("-", "TIME"),
    "ADD_TOD_TIME": ("+", "TIME_OF_DAY"),
    "SUB_TOD_TIME": ("-", "TIME_OF_DAY"),
    "ADD_DT_TIME": ("+", "DATE_AND_TIME"),
    "SUB_DT_TIME": ("-", "DATE_AND_TIME"),
    "SUB_DATE_DATE": ("-", "TIME"),
    "SUB_TOD_TOD": ("-", "TIME"),
    "SUB_DT_DT": ("-", "TIME"),
    "MUL_TIME": ("*", "TIME"),
    "DIV_TIME": ("/", "TIME"),
}


def _time_function(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    symbol, result_name = _TIME_FUNCTIONS[key]
    return binary_operator(symbol, specs[0], specs[1], spec(result_name) or _TIME)


def _concat_date_tod(key: str, specs: Specs, result: ElementarySpec | None) -> Function:
    day, time_of_day = specs
    if day.kind != "date" or time_of_day.kind != "tod":
        raise UnsupportedOperation(f"{key} takes a DATE and a TOD")
    target = result or _DT
    to_target_day = conversion(day, target)
    ns_per_unit = time_of_day.unit_ns
    store = storer(target)
    return lambda d, t: store(to_target_day(d) + t * ns_per_unit // target.unit_ns)


_BUILDERS: dict[str, _Builder] = {
    "ABS": _abs,
    "SQRT": _math(math.sqrt, _sqrt_domain),
    "LN": _math(math.log, _log_domain),
    "LOG": _math(math.log10, _log_domain),
    "EXP": _math(math.exp),
    "SIN": _math(math.sin, _finite_domain),
    "COS": _math(math.cos, _finite_domain),
    "TAN": _math(math.tan, _finite_domain),
    "ASIN": _math(math.asin, _unit_domain),
    "ACOS": _math(math.acos, _unit_domain),
    "ATAN": _math(math.atan),
    "ATAN2": _atan2,
    "EXPT": _expt,
    "TRUNC": _trunc,
    **{name: _folded for name in ("ADD", "SUB", "MUL", "DIV", "MOD", "AND", "OR", "XOR")},
    "MOVE": _move,
    "NOT": _not,
    **{name: _shift for name in ("SHL", "SHR", "ROL", "ROR")},
    "SEL": _sel,
    "MAX": _extreme,
    "MIN": _extreme,
    "LIMIT": _limit,
    "MUX": _mux,
    **{name: _comparison for name in ("GT", "GE", "EQ", "LE", "LT", "NE")},
    "LEN": _len,
    "LEFT": _left,
    "RIGHT": _right,
    "MID": _mid,
    "CONCAT": _concat,
    "INSERT": _insert,
    "DELETE": _delete,
    "REPLACE": _replace,
    "FIND": _find,
    **{name: _time_function for name in _TIME_FUNCTIONS},
    "CONCAT_DATE_TOD": _concat_date_tod,
}
