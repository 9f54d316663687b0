"""The standard functions the encoding supports, as z3 terms (``iec.functions``).

ABS (of the most negative integer wraps to itself), MIN, MAX, LIMIT (on
integers; REAL ordering with NaN is not encoded), SEL, MOVE, SHL and SHR
(within the operand's width; a count of the width or more gives 0, a
negative count faults), and the conversions ``*_TO_*``, ``TO_*`` and
``TRUNC``. Arguments reach the result type as ``functions._coercer`` takes
them: integers widen or wrap, others convert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import z3

from werk.tools.st.prove import smt_operators as ops
from werk.tools.st.prove.smt_values import (
    Sym,
    Unsupported,
    elementary,
    widened,
)
from werk.tools.st.sim.iec.types import ElementarySpec

if TYPE_CHECKING:
    pass


from werk.tools.st.prove.smt_store import Effects, Value, conj


def standard_function(
    name: str,
    values: list[Value],
    result: ElementarySpec,
    where: str,
    guard: Any,
    effects: Effects,
) -> Value:
    syms = [value.sym() for value in values]

    def coerce(sym: Sym) -> Any:
        # ``functions._coercer``: integers widen or wrap into the result, others convert.
        if sym.spec.name == result.name:
            return sym.term
        if sym.spec.is_integer and result.is_integer:
            return widened(sym, result.bits)
        term, fault = ops.convert(sym, result)
        if fault is not None:
            effects.fault(conj(guard, fault[0]), f"{fault[1]} at {where}")
        return term

    if name in ("ABS",):
        (sym,) = syms
        if sym.spec.kind == "real" or result.kind == "real":
            if sym.spec.kind == "real" and result.kind != "real":
                raise Unsupported(f"ABS of {sym.spec.name} giving {result.name}")
            return Value(z3.fpAbs(coerce(sym)), result)
        if not sym.spec.is_integer or not result.is_integer:
            raise Unsupported(f"ABS of {sym.spec.name}")
        width = max(sym.spec.bits, result.bits) + 1
        wide = widened(sym, width)
        absolute = z3.If(wide < 0, -wide, wide)
        return Value(z3.Extract(result.bits - 1, 0, absolute), result)
    if name in ("MIN", "MAX", "LIMIT"):
        terms = [coerce(sym) for sym in syms]
        typed = [Sym(term, result) for term in terms]

        def pick(a: Sym, b: Sym, bigger: bool) -> Sym:
            chosen = ops.compare(">" if bigger else "<", b, a)
            return Sym(z3.If(chosen, b.term, a.term), result)

        if result.kind == "real":
            raise Unsupported(f"{name} of REAL values (NaN ordering)")
        if name == "LIMIT":
            low, value, high = typed
            return Value(pick(pick(value, low, True), high, False).term, result)
        current = typed[0]
        for other in typed[1:]:
            current = pick(current, other, name == "MAX")
        return Value(current.term, result)
    if name == "SEL":
        selector, first, second = syms
        if selector.spec.kind != "bool":
            raise Unsupported("SEL with a non-BOOL selector")
        return Value(z3.If(selector.term, coerce(second), coerce(first)), result)
    if name == "MOVE":
        return Value(coerce(syms[0]), result)
    if name in ("SHL", "SHR"):
        operand, count = syms
        if not operand.spec.is_integer or not count.spec.is_integer or not result.is_integer:
            raise Unsupported(f"{name} on {operand.spec.name}")
        bits = operand.spec.bits
        width = max(count.spec.bits, bits.bit_length()) + 1
        n = widened(count, width)
        effects.fault(conj(guard, n < 0), f"negative shift count at {where}")
        too_far = n >= z3.BitVecVal(bits, width)
        amount = z3.Extract(bits - 1, 0, n) if width >= bits else z3.ZeroExt(bits - width, n)
        pattern = operand.term
        shifted = pattern << amount if name == "SHL" else z3.LShR(pattern, amount)
        shifted = z3.If(too_far, z3.BitVecVal(0, bits), shifted)
        return Value(widened(Sym(shifted, _unsigned_spec(bits)), result.bits), result)
    conversion = _conversion_target(name)
    if conversion is not None:
        form, target_name = conversion
        (sym,) = syms
        if form == "TRUNC":
            target = elementary(target_name) if target_name else result
            if sym.spec.kind != "real":
                raise Unsupported(f"TRUNC of {sym.spec.name}")
            term, fault = ops.real_to_integer(sym, target, truncate=True)
        else:
            target = elementary(target_name)
            source_name = (
                name.split("_TO_", 1)[0] if "_TO_" in name and not name.startswith("TO_") else None
            )
            if source_name and source_name != "ANY" and source_name != sym.spec.name:
                raise Unsupported(f"{name} of a {sym.spec.name}")
            term, fault = ops.convert(sym, target)
        if fault is not None:
            effects.fault(conj(guard, fault[0]), f"{fault[1]} at {where}")
        value = Value(term, target)
        if target.name != result.name:
            converted, fault2 = ops.convert(value.sym(), result)
            if fault2 is not None:
                effects.fault(conj(guard, fault2[0]), f"{fault2[1]} at {where}")
            return Value(converted, result)
        return value
    raise Unsupported(f"standard function {name}")


def _unsigned_spec(bits: int) -> ElementarySpec:
    return elementary({8: "BYTE", 16: "WORD", 32: "DWORD", 64: "LWORD"}.get(bits, "LWORD"))


def _conversion_target(name: str) -> tuple[str, str] | None:
    from werk.tools.st.sim.iec.functions import _conversion_targets

    found = _conversion_targets(name)
    if found is None:
        return None
    form, _source, target = found
    if form not in ("TO", "TRUNC"):
        return None
    return form, target
