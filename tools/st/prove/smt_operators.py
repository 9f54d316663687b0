"""The ST operators and conversions on z3 terms, case by case as ``iec.operators`` computes them.

Every function here mirrors one branch of ``werk.tools.st.sim.iec``
(``operators.binary_operator``, ``unary_operator``,
``conversions.conversion``) and returns the result term and the condition
under which the simulator raises a fault (None: never). The branches the
simulator has and this module does not raise ``Unsupported``, so nothing is
ever encoded with a guessed meaning.

Integers: an operation is computed on the mathematical values and the
result wrapped to the result type. For ``+ - *`` and the bitwise operators
that is the operation on both operands brought to the result's width
(wrapping commutes with them); ``/`` and ``MOD`` are computed exactly on
operands widened by two bits (so INT_MIN / -1 and unsigned 64-bit values
fit), truncating toward zero with the dividend's sign for MOD, then wrapped.
Comparisons are exact on operands widened by one bit.

REAL/LREAL: an integer operand is converted to the result's real type first
(binary32 directly for REAL, as ``int_to_real`` rounds once); the operation
is IEEE with rounding to nearest even; a NaN result and a division by zero
are faults, as the simulator traps them (TwinCAT's behaviour).
"""

from __future__ import annotations

from typing import Any

import z3

from werk.tools.st.prove.smt_values import (
    RNE,
    Sym,
    Unsupported,
    is_bitvector,
    is_signed,
    sort_of,
    widened,
)
from werk.tools.st.sim.iec.types import ElementarySpec

Fault = tuple[Any, str] | None  # (condition, what the simulator reports)
NUMERIC = frozenset({"bits", "signed", "unsigned", "real"})
COMPARISONS = frozenset({"=", "<>", "<", ">", "<=", ">="})


def _fp(term: Any, value_spec: ElementarySpec, target: ElementarySpec) -> Any:
    """An operand as a float of ``target``'s precision (integers rounded once)."""
    sort = sort_of(target)
    if value_spec.kind == "real":
        if value_spec.bits == target.bits:
            return term
        return z3.fpFPToFP(RNE, term, sort)
    if value_spec.kind == "bool":
        raise Unsupported(f"BOOL as a {target.name} operand")
    if is_signed(value_spec):
        return z3.fpSignedToFP(RNE, term, sort)
    return z3.fpUnsignedToFP(RNE, term, sort)


def _compare(op: str, left: Any, right: Any, *, floating: bool) -> Any:
    if floating:
        table = {
            "=": z3.fpEQ,
            "<": z3.fpLT,
            ">": z3.fpGT,
            "<=": z3.fpLEQ,
            ">=": z3.fpGEQ,
        }
        if op == "<>":
            return z3.Not(z3.fpEQ(left, right))
        return table[op](left, right)
    return {
        "=": lambda a, b: a == b,
        "<>": lambda a, b: a != b,
        "<": lambda a, b: a < b,
        ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
    }[op](left, right)


def compare(op: str, a: Sym, b: Sym) -> Any:
    """``a op b`` for the six comparisons (``operators._comparison``)."""
    left, right = a.spec, b.spec
    if left.kind in NUMERIC and right.kind in NUMERIC:
        if left.kind == "real" or right.kind == "real":
            # An integer side becomes the real side's type; REAL against LREAL compares exactly.
            x = a.term if left.kind == "real" else _fp(a.term, left, right)
            y = b.term if right.kind == "real" else _fp(b.term, right, left)
            x_spec = left if left.kind == "real" else right
            y_spec = right if right.kind == "real" else left
            if x_spec.bits != y_spec.bits:
                common = _wider_real(x_spec, y_spec)
                x, y = _fp(x, x_spec, common), _fp(y, y_spec, common)
            return _compare(op, x, y, floating=True)
        width = max(left.bits, right.bits) + 1
        return _compare(op, widened(a, width), widened(b, width), floating=False)
    if left.is_temporal and right.is_temporal:
        if left.kind != right.kind or left.unit_ns != right.unit_ns:
            raise Unsupported(f"comparison of {left.name} with {right.name}")
        width = max(left.bits, right.bits) + 1
        return _compare(op, widened(a, width), widened(b, width), floating=False)
    if (left.is_temporal and right.is_integer) or (left.is_integer and right.is_temporal):
        width = max(left.bits, right.bits) + 1
        return _compare(op, widened(a, width), widened(b, width), floating=False)
    if left.kind == right.kind == "bool":
        return _compare(op, widened(a, 2), widened(b, 2), floating=False)
    raise Unsupported(f"comparison of {left.name} with {right.name}")


def _unsigned_compare(op: str, a: Any, b: Any) -> Any:
    return {
        "=": lambda: a == b,
        "<>": lambda: a != b,
        "<": lambda: z3.ULT(a, b),
        ">": lambda: z3.UGT(a, b),
        "<=": lambda: z3.ULE(a, b),
        ">=": lambda: z3.UGE(a, b),
    }[op]()


def _wider_real(left: ElementarySpec, right: ElementarySpec) -> ElementarySpec:
    return left if left.bits >= right.bits else right


def binary(op: str, a: Sym, b: Sym, result: ElementarySpec) -> tuple[Any, Fault]:
    """``a op b`` as a value of ``result`` (``operators.binary_operator``) and its fault."""
    symbol = "AND" if op.upper() == "&" else op.upper()
    if symbol in COMPARISONS:
        return compare(symbol, a, b), None
    left, right = a.spec, b.spec
    if symbol in ("AND", "OR", "XOR"):
        if left.kind == right.kind == "bool":
            function = {"AND": z3.And, "OR": z3.Or, "XOR": z3.Xor}[symbol]
            return function(a.term, b.term), None
        if left.is_integer and right.is_integer and result.is_integer:
            x, y = widened(a, result.bits), widened(b, result.bits)
            return {"AND": x & y, "OR": x | y, "XOR": x ^ y}[symbol], None
        raise Unsupported(f"{symbol} on {left.name} and {right.name}")
    if symbol not in ("+", "-", "*", "/", "MOD"):
        raise Unsupported(f"operator {op}")
    if left.is_temporal or right.is_temporal:
        return _temporal(symbol, a, b, result)
    if left.kind not in NUMERIC or right.kind not in NUMERIC:
        raise Unsupported(f"{symbol} on {left.name} and {right.name}")
    if result.kind == "real":
        if symbol == "MOD":
            raise Unsupported("MOD on REAL values")
        return _real(symbol, a, b, result)
    if result.is_integer:
        if left.kind == "real" or right.kind == "real":
            raise Unsupported(f"{left.name} {symbol} {right.name} giving {result.name}")
        return _integer(symbol, a, b, result)
    raise Unsupported(f"{left.name} {symbol} {right.name} giving {result.name}")


def _integer(symbol: str, a: Sym, b: Sym, result: ElementarySpec) -> tuple[Any, Fault]:
    bits = result.bits
    if symbol in ("+", "-", "*"):
        x, y = widened(a, bits), widened(b, bits)
        return {"+": x + y, "-": x - y, "*": x * y}[symbol], None
    width = max(a.spec.bits, b.spec.bits) + 2
    x, y = widened(a, width), widened(b, width)
    exact = z3.SRem(x, y) if symbol == "MOD" else x / y  # z3 ``/`` on bit-vectors is bvsdiv
    fault = (y == 0, "division by zero" if symbol == "/" else "MOD by zero")
    return _resize_signed(exact, width, bits), fault


def _resize_signed(term: Any, width: int, bits: int) -> Any:
    """A signed ``width``-bit value wrapped (or sign-extended) to ``bits``."""
    if bits == width:
        return term
    if bits < width:
        return z3.Extract(bits - 1, 0, term)
    return z3.SignExt(bits - width, term)


def _real(symbol: str, a: Sym, b: Sym, result: ElementarySpec) -> tuple[Any, Fault]:
    # Integer operands become the result's real type; real operands keep their own.
    x_spec = a.spec if a.spec.kind == "real" else result
    y_spec = b.spec if b.spec.kind == "real" else result
    x = a.term if a.spec.kind == "real" else _fp(a.term, a.spec, result)
    y = b.term if b.spec.kind == "real" else _fp(b.term, b.spec, result)
    if x_spec.bits == y_spec.bits == result.bits:
        # Computing in double and rounding once to the result equals the operation in the
        # result's own precision (53 >= 2 * 24 + 2), so binary32 stays binary32.
        value = _fp_operation(symbol, x, y)
    else:
        double = _wider_real(_wider_real(x_spec, y_spec), result)
        value = _fp_operation(symbol, _fp(x, x_spec, double), _fp(y, y_spec, double))
        if double.bits != result.bits:
            value = z3.fpFPToFP(RNE, value, sort_of(result))
    invalid = z3.fpIsNaN(value)
    if symbol == "/":
        return value, (z3.Or(z3.fpIsZero(y), invalid), "floating-point division fault")
    return value, (invalid, "invalid floating-point operation (not a number)")


def _fp_operation(symbol: str, x: Any, y: Any) -> Any:
    if symbol == "+":
        return z3.fpAdd(RNE, x, y)
    if symbol == "-":
        return z3.fpSub(RNE, x, y)
    if symbol == "*":
        return z3.fpMul(RNE, x, y)
    return z3.fpDiv(RNE, x, y)


def _temporal(symbol: str, a: Sym, b: Sym, result: ElementarySpec) -> tuple[Any, Fault]:
    left, right = a.spec, b.spec
    if symbol in ("+", "-") and left.is_temporal and right.is_temporal:
        if not (left.unit_ns == right.unit_ns == result.unit_ns):
            raise Unsupported(f"{left.name} {symbol} {right.name} in different units")
        if left.kind != "time" or right.kind != "time" or result.kind != "time":
            raise Unsupported(f"{left.name} {symbol} {right.name}")
        x, y = widened(a, result.bits), widened(b, result.bits)
        return (x + y if symbol == "+" else x - y), None
    if result.kind == "time" and symbol in ("*", "/"):
        duration, factor = (a, b) if left.kind == "time" else (b, a)
        if symbol == "/" and left.kind != "time":
            raise Unsupported(f"{left.name} / {right.name}")
        if duration.spec.unit_ns != result.unit_ns or not factor.spec.is_integer:
            raise Unsupported(f"{left.name} {symbol} {right.name}")
        if symbol == "*":
            return widened(duration, result.bits) * widened(factor, result.bits), None
        width = max(duration.spec.bits, factor.spec.bits) + 2
        x, y = widened(duration, width), widened(factor, width)
        return _resize_signed(x / y, width, result.bits), (y == 0, "division by zero")
    if symbol in ("/", "MOD") and left.kind == right.kind == "time":
        if left.unit_ns != right.unit_ns:
            raise Unsupported(f"{left.name} {symbol} {right.name} in different units")
        if symbol == "MOD" and result.kind != "time":
            raise Unsupported(f"{left.name} MOD {right.name} giving {result.name}")
        if symbol == "/" and not (result.is_integer or result.kind == "time"):
            raise Unsupported(f"{left.name} / {right.name} giving {result.name}")
        width = max(left.bits, right.bits)
        x, y = widened(a, width), widened(b, width)
        exact = z3.URem(x, y) if symbol == "MOD" else z3.UDiv(x, y)
        value = (
            z3.Extract(result.bits - 1, 0, exact)
            if result.bits < width
            else (z3.ZeroExt(result.bits - width, exact) if result.bits > width else exact)
        )
        return value, (y == 0, "division by a zero duration")
    raise Unsupported(f"{left.name} {symbol} {right.name}")


def unary(op: str, a: Sym) -> tuple[Any, Fault]:
    """``op a`` with the operand's type as the result (``operators.unary_operator``)."""
    symbol = op.upper()
    value_spec = a.spec
    if symbol == "NOT":
        if value_spec.kind == "bool":
            return z3.Not(a.term), None
        if value_spec.is_integer:
            return ~a.term, None
        raise Unsupported(f"NOT on {value_spec.name}")
    if symbol == "+":
        if value_spec.kind in NUMERIC or value_spec.kind == "time":
            return a.term, None
        raise Unsupported(f"unary + on {value_spec.name}")
    if symbol == "-":
        if value_spec.kind == "real":
            return z3.fpNeg(a.term), None
        if value_spec.is_integer or value_spec.kind == "time":
            return -a.term, None
        raise Unsupported(f"unary - on {value_spec.name}")
    raise Unsupported(f"operator {op}")


def convert(a: Sym, target: ElementarySpec) -> tuple[Any, Fault]:
    """``a`` stored into a ``target`` variable (``convert.converter``: conversion then store)."""
    source = a.spec
    if source.name == target.name:
        return a.term, None
    if source.is_string or target.is_string:
        raise Unsupported(f"conversion of {source.name} to {target.name}")
    if target.kind == "bool":
        if source.kind == "real":
            return z3.Not(z3.fpIsZero(a.term)), None
        if is_bitvector(source):
            return a.term != 0, None
        raise Unsupported(f"conversion of {source.name} to BOOL")
    if source.kind == "bool":
        if target.kind == "real":
            sort = sort_of(target)
            return z3.If(a.term, z3.FPVal(1.0, sort), z3.FPVal(0.0, sort)), None
        if is_bitvector(target):
            return z3.If(a.term, z3.BitVecVal(1, target.bits), z3.BitVecVal(0, target.bits)), None
        raise Unsupported(f"conversion of BOOL to {target.name}")
    if source.kind == "real":
        if target.kind == "real":
            return _fp(a.term, source, target), None
        if is_bitvector(target):
            return real_to_integer(a, target, truncate=False)
        raise Unsupported(f"conversion of {source.name} to {target.name}")
    if target.kind == "real":
        if is_bitvector(source):
            return _fp(a.term, source, target), None
        raise Unsupported(f"conversion of {source.name} to {target.name}")
    if source.is_temporal and target.is_temporal:
        if source.kind != "time" or target.kind != "time":
            raise Unsupported(f"conversion of {source.name} to {target.name}")
        if source.unit_ns > target.unit_ns:  # TIME (ms) to LTIME (ns)
            factor = source.unit_ns // target.unit_ns
            return widened(a, target.bits) * factor, None
        divisor = target.unit_ns // source.unit_ns  # LTIME to TIME: truncate, then wrap
        return z3.Extract(target.bits - 1, 0, z3.UDiv(a.term, divisor)), None
    if is_bitvector(source) and is_bitvector(target):
        return widened(a, target.bits), None  # keep the low bits, two's complement
    raise Unsupported(f"conversion of {source.name} to {target.name}")


def real_to_integer(a: Sym, target: ElementarySpec, *, truncate: bool) -> tuple[Any, Fault]:
    """REAL/LREAL to an integer or TIME: round half to even (or toward zero), range fault."""
    mode = z3.RTZ() if truncate else RNE
    rounded = z3.fpRoundToIntegral(mode, a.term)
    sort = sort_of(a.spec)
    low, high = target.minimum, target.maximum
    assert isinstance(low, int) and isinstance(high, int)
    # low and high + 1 are powers of two (or 0): exact in binary32 and binary64.
    below = z3.fpLT(rounded, z3.FPVal(float(low), sort))
    above = z3.fpGEQ(rounded, z3.FPVal(float(high + 1), sort))
    bad = z3.Or(z3.fpIsNaN(a.term), z3.fpIsInf(a.term), below, above)
    if is_signed(target):
        value = z3.fpToSBV(z3.RTZ(), rounded, z3.BitVecSort(target.bits))
    else:
        value = z3.fpToUBV(z3.RTZ(), rounded, z3.BitVecSort(target.bits))
    return value, (bad, f"conversion to {target.name} out of range")
