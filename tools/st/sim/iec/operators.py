"""The Structured Text operators (IEC 61131-3 3rd ed. §7.3.2, Table 71) on stored values.

``binary_operator`` and ``unary_operator`` are called once per expression
at compile time and return a closure specialised for the operand and result
types; the closure does no dispatch on type names when it runs.

Semantic choices and their sources:

- Integer results are wrapped to the result type (two's complement), so
  ``INT 32767 + 1 = -32768``. This is the IEC rule (the operation has the
  type of its result). CODESYS differs for *intermediate* results: it
  computes in register width (at least 32 bits on x86/ARM, 64 on x64), so
  ``(wVar + 1) = 0`` with ``wVar = 65535`` is FALSE there while it is TRUE
  here (CODESYS help "Operators: Overflow/underflow in the data type";
  static-analysis rule SA0066). Stored results agree.
- Integer ``/`` truncates toward zero (``-7 / 2 = -3``) and ``MOD`` takes the
  sign of the dividend (``-7 MOD 2 = -1``, ``7 MOD -2 = 1``), so that
  ``a = (a / b) * b + a MOD b`` (IEC Table 29 footnote on MOD; the
  behaviour of C, CODESYS and TwinCAT). ``MOD`` is defined for integers only.
- Division or MOD by zero raises ``DivisionByZero`` for integers and for
  REAL/LREAL: "In TwinCAT, division by zero always leads to an exception and
  the corresponding task is stopped" (Beckhoff Information System, DIV).
  An IEEE invalid operation (``INF - INF``, a negative base to a fractional
  power) raises ``InvalidOperation`` because TwinCAT traps that by default
  too; overflow to infinity is not trapped and gives ``±inf``.
- REAL arithmetic rounds each result to binary32. The operands are already
  binary32 values and a double result rounded once to binary32 equals the
  binary32 operation for ``+ - * /`` (53 >= 2*24 + 2 bits).
- Mixed integer/REAL operands: the integer is converted to the real result
  type first, as IEC's implicit conversion ANY_INT → ANY_REAL does.
- ``INT_MIN / -1`` wraps to ``INT_MIN``; x86 traps it for 32- and 64-bit
  operands while ARM does not, so the portable wrap is kept.
- Time arithmetic (IEC Table 30; CODESYS keeps TIME, TOD, DATE and DT as
  unsigned DWORDs): TIME ± TIME → TIME, TOD ± TIME → TOD, DT ± TIME → DT,
  DATE - DATE, TOD - TOD, DT - DT → TIME, TIME * ANY_NUM and ANY_NUM * TIME
  → TIME, TIME / ANY_NUM → TIME, TIME / TIME → integer, TIME MOD TIME → TIME.
  Operands are brought to the result's unit first (a TIME added to a DT,
  which counts seconds, loses its milliseconds by truncation) and the
  result is wrapped to the result's width; a negative duration therefore
  wraps like ``T#-5s`` does. A REAL multiplier or divisor gives a result
  rounded to the nearest unit, halves to even (the rule REAL_TO_TIME uses).
- ``AND``/``OR``/``XOR`` (and ``&``) are logical on BOOL and bitwise on bit
  strings; comparisons of strings are lexicographic by character code, of
  times by duration (TIME against LTIME in a common unit).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

from werk.tools.st.sim.iec.errors import (
    DivisionByZero,
    InvalidOperation,
    RangeFault,
    UnsupportedOperation,
)
from werk.tools.st.sim.iec.types import (
    ElementarySpec,
    int_to_real,
    storer,
    to_real,
)

Binary = Callable[[Any, Any], Any]
Unary = Callable[[Any], Any]

ARITHMETIC_OPERATORS = frozenset({"+", "-", "*", "/", "MOD", "**"})
LOGICAL_OPERATORS = frozenset({"AND", "OR", "XOR", "&"})
COMPARISON_OPERATORS = frozenset({"=", "<>", "<", ">", "<=", ">="})
BINARY_OPERATORS = ARITHMETIC_OPERATORS | LOGICAL_OPERATORS | COMPARISON_OPERATORS
UNARY_OPERATORS = frozenset({"-", "+", "NOT"})

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def binary_operator(
    op: str, left: ElementarySpec, right: ElementarySpec, result: ElementarySpec
) -> Binary:
    """The function computing ``left op right`` as a value of type ``result``.

    Raises ``UnsupportedOperation`` at once (at compile time) when the
    operator does not exist for these types, e.g. ``STRING + STRING``.
    """
    symbol = op.upper()
    if symbol == "&":
        symbol = "AND"
    if symbol in COMPARISON_OPERATORS:
        return _comparison(symbol, left, right)
    if symbol in LOGICAL_OPERATORS:
        return _logical(symbol, left, right, result)
    if symbol in ARITHMETIC_OPERATORS:
        if left.is_temporal or right.is_temporal:
            return _temporal_arithmetic(symbol, left, right, result)
        return _numeric_arithmetic(symbol, left, right, result)
    raise UnsupportedOperation(f"unknown binary operator {op!r}")


def unary_operator(op: str, operand: ElementarySpec, result: ElementarySpec) -> Unary:
    """The function computing ``op operand`` (``-``, ``+``, ``NOT``) as a value of ``result``."""
    symbol = op.upper()
    if symbol == "NOT":
        return _not(operand, result)
    if symbol in ("-", "+"):
        return _sign(symbol, operand, result)
    raise UnsupportedOperation(f"unknown unary operator {op!r}")


def _unsupported(symbol: str, left: ElementarySpec, right: ElementarySpec) -> UnsupportedOperation:
    return UnsupportedOperation(f"no operator {symbol} for {left.name} and {right.name}")


# --- comparisons -----------------------------------------------------------------------------


def _comparison(symbol: str, left: ElementarySpec, right: ElementarySpec) -> Binary:
    compare = _COMPARE[symbol]
    numeric = {"bits", "signed", "unsigned", "real"}
    if left.kind in numeric and right.kind in numeric:
        left_float = _float_operand(left, right) if right.kind == "real" else None
        right_float = _float_operand(right, left) if left.kind == "real" else None
        return _with_operand_conversions(compare, left_float, right_float)
    if left.is_temporal and right.is_temporal:
        if left.kind != right.kind:
            raise UnsupportedOperation(f"cannot compare {left.name} with {right.name}")
        if left.unit_ns == right.unit_ns:
            return compare
        unit = min(left.unit_ns, right.unit_ns)
        return _with_operand_conversions(
            compare, _rescale(left.unit_ns, unit), _rescale(right.unit_ns, unit)
        )
    if (left.is_temporal and right.is_integer) or (left.is_integer and right.is_temporal):
        return compare  # ``tDelay > 0``: compared as the stored count of units (TIME: ms)
    if (left.kind == right.kind == "bool") or (left.is_string and right.is_string):
        return compare
    raise UnsupportedOperation(f"cannot compare {left.name} with {right.name}")


def _rescale(unit_ns: int, target_unit_ns: int) -> Unary | None:
    if unit_ns == target_unit_ns:
        return None
    factor = unit_ns // target_unit_ns

    def rescale(value: int, _factor: int = factor) -> int:
        return value * _factor

    return rescale


def _float_operand(operand: ElementarySpec, real: ElementarySpec) -> Unary | None:
    """How an integer operand meets a real one: converted to that real type (IEC implicit)."""
    if operand.kind == "real":
        return None
    if real.bits == 32:
        return int_to_real
    return float


def _with_operand_conversions(
    function: Callable[[Any, Any], Any], left: Unary | None, right: Unary | None
) -> Binary:
    if left is None and right is None:
        return function
    convert_left = left or _identity
    convert_right = right or _identity

    def converted(
        a: object,
        b: object,
        _f: Callable[[Any, Any], Any] = function,
        _l: Unary = convert_left,
        _r: Unary = convert_right,
    ) -> object:
        return _f(_l(a), _r(b))

    return converted


def _identity(value: Any) -> Any:
    return value


# --- logical ---------------------------------------------------------------------------------


def _logical(
    symbol: str, left: ElementarySpec, right: ElementarySpec, result: ElementarySpec
) -> Binary:
    if left.kind == right.kind == "bool":
        if symbol == "AND":
            return _bool_and
        if symbol == "OR":
            return _bool_or
        return _bool_xor
    if left.is_integer and right.is_integer and result.is_integer:
        function: Callable[[int, int], int] = {
            "AND": operator.and_,
            "OR": operator.or_,
            "XOR": operator.xor,
        }[symbol]
        unsigned = {"bits", "unsigned"}
        fits = (
            left.kind in unsigned
            and right.kind in unsigned
            and result.kind in unsigned
            and result.bits >= max(left.bits, right.bits)
        )
        if fits:  # unsigned in-range operands give an in-range result: no wrap needed
            return function
        return _then_store(function, result)
    raise _unsupported(symbol, left, right)


def _bool_and(a: object, b: object) -> bool:
    return bool(a and b)


def _bool_or(a: object, b: object) -> bool:
    return bool(a or b)


def _bool_xor(a: object, b: object) -> bool:
    return a != b


def _then_store(function: Callable[[Any, Any], Any], result: ElementarySpec) -> Binary:
    store = storer(result)

    def stored(
        a: object,
        b: object,
        _f: Callable[[Any, Any], Any] = function,
        _s: Callable[[Any], Any] = store,
    ) -> object:
        return _s(_f(a, b))

    return stored


# --- numeric arithmetic ----------------------------------------------------------------------


def _numeric_arithmetic(
    symbol: str, left: ElementarySpec, right: ElementarySpec, result: ElementarySpec
) -> Binary:
    numeric = {"bits", "signed", "unsigned", "real"}
    if left.kind not in numeric or right.kind not in numeric:
        raise _unsupported(symbol, left, right)
    if result.kind == "real":
        if symbol == "MOD":
            raise UnsupportedOperation(
                f"MOD is defined for integers only, not {left.name} and {right.name}"
            )
        function = _real_arithmetic(symbol, result)
        return _with_operand_conversions(
            function,
            _float_operand(left, result),
            _float_operand(right, result),
        )
    if result.is_integer:
        if left.kind == "real" or right.kind == "real":
            raise UnsupportedOperation(
                f"{left.name} {symbol} {right.name} cannot give an integer {result.name}: "
                "convert the REAL operand explicitly (REAL_TO_*, TRUNC)"
            )
        return _integer_arithmetic(symbol, result)
    raise UnsupportedOperation(
        f"{left.name} {symbol} {right.name} cannot give a value of type {result.name}"
    )


def _integer_arithmetic(symbol: str, result: ElementarySpec) -> Binary:
    wrap = storer(result)
    name = result.name
    if symbol == "+":

        def add(a: int, b: int, _w: Unary = wrap) -> object:
            return _w(a + b)

        return add
    if symbol == "-":

        def subtract(a: int, b: int, _w: Unary = wrap) -> object:
            return _w(a - b)

        return subtract
    if symbol == "*":

        def multiply(a: int, b: int, _w: Unary = wrap) -> object:
            return _w(a * b)

        return multiply
    if symbol == "/":

        def divide(a: int, b: int, _w: Unary = wrap) -> object:
            if b == 0:
                raise DivisionByZero(f"integer division by zero: {a} / 0 ({name})")
            quotient = a // b
            if quotient < 0 and quotient * b != a:
                quotient += 1  # Python floors; IEC truncates toward zero
            return _w(quotient)

        return divide
    if symbol == "MOD":

        def modulo(a: int, b: int, _w: Unary = wrap) -> object:
            if b == 0:
                raise DivisionByZero(f"MOD by zero: {a} MOD 0 ({name})")
            remainder = a % b  # Python: sign of the divisor
            if remainder and (remainder < 0) != (a < 0):
                remainder -= b  # IEC: sign of the dividend
            return _w(remainder)

        return modulo
    modulus = 1 << result.bits

    def power(a: int, b: int, _w: Unary = wrap, _modulus: int = modulus) -> object:
        if b >= 0:
            return _w(pow(a, b, _modulus))
        if a == 0:
            raise DivisionByZero(f"0 ** {b}: zero to a negative power ({name})")
        if a == 1:
            return 1
        if a == -1:
            return _w(1 if b % 2 == 0 else -1)
        return 0  # |a| > 1: the exact result is a fraction below one, truncated

    return power


def _real_arithmetic(symbol: str, result: ElementarySpec) -> Binary:
    single = result.bits == 32
    name = result.name
    if symbol in ("+", "-", "*"):
        function = {"+": operator.add, "-": operator.sub, "*": operator.mul}[symbol]

        def arithmetic(
            a: float,
            b: float,
            _f: Callable[[float, float], float] = function,
            _single: bool = single,
        ) -> float:
            value = _f(a, b)
            if value != value:
                raise InvalidOperation(f"{a} {symbol} {b} is not a number ({name})")
            return to_real(value) if _single else value

        return arithmetic
    if symbol == "/":

        def divide(a: float, b: float, _single: bool = single) -> float:
            if b == 0:
                raise DivisionByZero(f"floating-point division by zero: {a} / {b} ({name})")
            value = a / b
            if value != value:
                raise InvalidOperation(f"{a} / {b} is not a number ({name})")
            return to_real(value) if _single else value

        return divide

    def power(a: float, b: float, _single: bool = single) -> float:
        value = real_power(a, b, name)
        return to_real(value) if _single else value

    return power


def real_power(a: float, b: float, name: str = "LREAL") -> float:
    """``a ** b`` with IEEE results and TwinCAT's traps (EXPT, ``**``)."""
    if a == 0 and b < 0:
        raise DivisionByZero(f"{a} ** {b}: zero to a negative power ({name})")
    try:
        value = math.pow(a, b)
    except ValueError:
        raise InvalidOperation(
            f"{a} ** {b}: a negative base needs a whole exponent ({name})"
        ) from None
    except OverflowError:
        negative = a < 0 and float(b).is_integer() and int(b) % 2 == 1
        return -math.inf if negative else math.inf
    if value != value:
        raise InvalidOperation(f"{a} ** {b} is not a number ({name})")
    return value


# --- time arithmetic -------------------------------------------------------------------------

# (left kind, right kind) -> result kind, for + and -.
_TEMPORAL_SUM = {
    ("time", "time"): "time",
    ("tod", "time"): "tod",
    ("time", "tod"): "tod",
    ("dt", "time"): "dt",
    ("time", "dt"): "dt",
    ("date", "time"): "date",
}
_TEMPORAL_DIFFERENCE = {
    ("time", "time"): "time",
    ("tod", "time"): "tod",
    ("dt", "time"): "dt",
    ("date", "time"): "date",
    ("date", "date"): "time",
    ("tod", "tod"): "time",
    ("dt", "dt"): "time",
}


def _temporal_arithmetic(
    symbol: str, left: ElementarySpec, right: ElementarySpec, result: ElementarySpec
) -> Binary:
    if symbol in ("+", "-") and left.is_temporal and right.is_temporal:
        table = _TEMPORAL_SUM if symbol == "+" else _TEMPORAL_DIFFERENCE
        expected = table.get((left.kind, right.kind))
        if expected is None:
            raise _unsupported(symbol, left, right)
        if result.kind != expected:
            raise UnsupportedOperation(
                f"{left.name} {symbol} {right.name} gives a {expected.upper()}-kind value, "
                f"not {result.name}"
            )
        function = operator.add if symbol == "+" else operator.sub
        return _then_store(
            _with_operand_conversions(
                function,
                _to_unit(left, result),
                _to_unit(right, result),
            ),
            result,
        )
    if symbol == "*" and result.kind == "time":
        if left.kind == "time" and right.kind in _NUMERIC:
            return _scale_duration(left, right, result, divide=False)
        if right.kind == "time" and left.kind in _NUMERIC:
            scaled = _scale_duration(right, left, result, divide=False)
            return lambda a, b: scaled(b, a)
    if symbol == "/" and left.kind == "time":
        if right.kind in _NUMERIC and result.kind == "time":
            return _scale_duration(left, right, result, divide=True)
        if right.kind == "time" and (result.is_integer or result.kind == "time"):
            return _duration_ratio(left, right, result)
    if symbol == "MOD" and left.kind == right.kind == result.kind == "time":
        return _duration_modulo(left, right, result)
    raise _unsupported(symbol, left, right)


_NUMERIC = frozenset({"bits", "signed", "unsigned", "real"})


def _to_unit(operand: ElementarySpec, result: ElementarySpec) -> Unary | None:
    """Bring a temporal operand to the result's unit: multiply, or truncate to coarser units."""
    source, target = operand.unit_ns, result.unit_ns
    if source == target:
        return None
    if source > target:
        factor = source // target

        def finer(value: int, _factor: int = factor) -> int:
            return value * _factor

        return finer
    divisor = target // source

    def coarser(value: int, _divisor: int = divisor) -> int:
        return value // _divisor  # stored values are unsigned: floor is truncation

    return coarser


def _scale_duration(
    duration: ElementarySpec, factor: ElementarySpec, result: ElementarySpec, *, divide: bool
) -> Binary:
    to_unit = _to_unit(duration, result) or _identity
    store = storer(result)
    name = result.name
    if factor.kind == "real":

        def scale_real(ticks: int, number: float, _u: Unary = to_unit, _s: Unary = store) -> object:
            if divide and number == 0:
                raise DivisionByZero(f"{name} division by zero: {ticks} / {number}")
            exact = _u(ticks) / number if divide else _u(ticks) * number
            if exact != exact or exact in (math.inf, -math.inf):
                raise RangeFault(f"{name} {'/' if divide else '*'} {number} is not a duration")
            return _s(round(exact))

        return scale_real

    def scale_integer(ticks: int, number: int, _u: Unary = to_unit, _s: Unary = store) -> object:
        value: int = _u(ticks)
        if not divide:
            return _s(value * number)
        if number == 0:
            raise DivisionByZero(f"{name} division by zero: {ticks} / 0")
        quotient = value // number
        if quotient < 0 and quotient * number != value:
            quotient += 1
        return _s(quotient)

    return scale_integer


def _duration_ratio(left: ElementarySpec, right: ElementarySpec, result: ElementarySpec) -> Binary:
    unit = min(left.unit_ns, right.unit_ns)
    to_left, to_right = _rescale(left.unit_ns, unit) or _identity, _rescale(right.unit_ns, unit)
    to_right = to_right or _identity
    store = storer(result)

    def ratio(a: int, b: int) -> object:
        divisor: int = to_right(b)
        if divisor == 0:
            raise DivisionByZero(f"{left.name} / {right.name}: division by a zero duration")
        return store(to_left(a) // divisor)

    return ratio


def _duration_modulo(left: ElementarySpec, right: ElementarySpec, result: ElementarySpec) -> Binary:
    to_left = _to_unit(left, result) or _identity
    to_right = _to_unit(right, result) or _identity
    store = storer(result)

    def modulo(a: int, b: int) -> object:
        divisor: int = to_right(b)
        if divisor == 0:
            raise DivisionByZero(f"{left.name} MOD {right.name}: MOD by a zero duration")
        return store(to_left(a) % divisor)

    return modulo


# --- unary -----------------------------------------------------------------------------------


def _not(operand: ElementarySpec, result: ElementarySpec) -> Unary:
    if operand.kind == "bool":
        return _bool_not
    if operand.is_integer:
        store = storer(result)
        if operand.kind == "signed":

            def complement_signed(value: int, _s: Unary = store) -> object:
                return _s(~value)  # two's complement: every bit of the width flipped

            return complement_signed
        mask = (1 << operand.bits) - 1

        def complement(value: int, _mask: int = mask, _s: Unary = store) -> object:
            return _s(value ^ _mask)

        return complement
    raise UnsupportedOperation(f"no operator NOT for {operand.name}")


def _bool_not(value: object) -> bool:
    return not value


def _sign(symbol: str, operand: ElementarySpec, result: ElementarySpec) -> Unary:
    if operand.kind == "real" or result.kind == "real":
        if result.kind != "real":
            raise UnsupportedOperation(f"{symbol}{operand.name} cannot give {result.name}")
        convert = _float_operand(operand, result) or _identity
        single = result.bits == 32 and operand.bits != 32

        def real_sign(value: float, _c: Unary = convert) -> float:
            converted: float = _c(value)
            signed = -converted if symbol == "-" else converted
            return to_real(signed) if single else signed

        return real_sign
    if (operand.is_integer and result.is_integer) or (operand.kind == result.kind == "time"):
        store = storer(result)
        to_unit = (_to_unit(operand, result) if operand.is_temporal else None) or _identity
        if symbol == "+":
            return store if to_unit is _identity else lambda value: store(to_unit(value))

        def negate(value: int, _s: Unary = store, _u: Unary = to_unit) -> Any:
            return _s(-_u(value))

        return negate
    raise UnsupportedOperation(f"no operator {symbol} for {operand.name}")
