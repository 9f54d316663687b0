"""Closures specialised for where an operator's operands come from.

POU bodies are generated Python (``statements``); an expression is also a
closure when it is a value handed to a call (an FB input, a function
argument, a method's result...). An operand is a slot of the frame
(``f[k]``), a constant, or another compiled expression (a closure); reading a
slot or a constant inside the operator's own closure, instead of calling a
closure per operand, saves a call per operand. Each function here returns
the closure for the operands' shape; the semantics are the operator's,
unchanged.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from werk.tools.st.sim.expressions import Expr

Getter = Callable[[Any], Any]
Operator = Callable[[Any, Any], Any]

PYTHON_COMPARISONS: dict[str, Operator] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
PYTHON_ARITHMETIC: dict[str, Operator] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


def combine(op: Operator, a: Expr, b: Expr) -> Getter:
    """``op(a, b)`` with slot and constant operands read inline."""
    ka, kb = a.frame_slot, b.frame_slot
    if ka is not None:
        if b.is_const:
            c = b.const
            return lambda f: op(f[ka], c)
        if kb is not None:
            return lambda f: op(f[ka], f[kb])
        bf = b.fn
        return lambda f: op(f[ka], bf(f))
    if a.is_const:
        c = a.const
        if kb is not None:
            return lambda f: op(c, f[kb])
        bf = b.fn
        return lambda f: op(c, bf(f))
    af = a.fn
    if b.is_const:
        c = b.const
        return lambda f: op(af(f), c)
    if kb is not None:
        return lambda f: op(af(f), f[kb])
    bf = b.fn
    return lambda f: op(af(f), bf(f))


def combine_stored(op: Operator, store: Callable[[Any], Any], a: Expr, b: Expr) -> Getter:
    """``store(op(a, b))``: an integer or REAL result brought back into its type."""
    ka, kb = a.frame_slot, b.frame_slot
    s = store
    if ka is not None:
        if b.is_const:
            c = b.const
            return lambda f: s(op(f[ka], c))
        if kb is not None:
            return lambda f: s(op(f[ka], f[kb]))
        bf = b.fn
        return lambda f: s(op(f[ka], bf(f)))
    if a.is_const:
        c = a.const
        if kb is not None:
            return lambda f: s(op(c, f[kb]))
        bf = b.fn
        return lambda f: s(op(c, bf(f)))
    af = a.fn
    if b.is_const:
        c = b.const
        return lambda f: s(op(af(f), c))
    if kb is not None:
        return lambda f: s(op(af(f), f[kb]))
    bf = b.fn
    return lambda f: s(op(af(f), bf(f)))


def combine_wrapped(
    op: Operator, low: int, high: int, store: Callable[[Any], Any], a: Expr, b: Expr
) -> Getter:
    """An integer ``op(a, b)`` wrapped into ``low..high``; the range test is inline, so the
    store function runs only on overflow."""
    ka, kb = a.frame_slot, b.frame_slot
    s = store
    if ka is not None and b.is_const:
        c = b.const

        def slot_const(f: Any) -> Any:
            v = op(f[ka], c)
            return v if low <= v <= high else s(v)

        return slot_const
    if ka is not None and kb is not None:

        def slot_slot(f: Any) -> Any:
            v = op(f[ka], f[kb])
            return v if low <= v <= high else s(v)

        return slot_slot
    if ka is not None:
        bf = b.fn

        def slot_any(f: Any) -> Any:
            v = op(f[ka], bf(f))
            return v if low <= v <= high else s(v)

        return slot_any
    af = a.fn
    if b.is_const:
        c = b.const

        def any_const(f: Any) -> Any:
            v = op(af(f), c)
            return v if low <= v <= high else s(v)

        return any_const
    if kb is not None:

        def any_slot(f: Any) -> Any:
            v = op(af(f), f[kb])
            return v if low <= v <= high else s(v)

        return any_slot
    value = combine(op, a, b)

    def any_shape(f: Any) -> Any:
        v = value(f)
        return v if low <= v <= high else s(v)

    return any_shape


def comparison(symbol: str, a: Expr, b: Expr) -> Getter:
    """A comparison of two values of the same type (Python compares them as IEC does)."""
    af = a.fn
    ka, kb = a.frame_slot, b.frame_slot
    if b.is_const:
        c = b.const
        if ka is not None:
            return {
                "=": lambda f: f[ka] == c,
                "<>": lambda f: f[ka] != c,
                "<": lambda f: f[ka] < c,
                ">": lambda f: f[ka] > c,
                "<=": lambda f: f[ka] <= c,
                ">=": lambda f: f[ka] >= c,
            }[symbol]
        return {
            "=": lambda f: af(f) == c,
            "<>": lambda f: af(f) != c,
            "<": lambda f: af(f) < c,
            ">": lambda f: af(f) > c,
            "<=": lambda f: af(f) <= c,
            ">=": lambda f: af(f) >= c,
        }[symbol]
    if ka is not None and kb is not None:
        return {
            "=": lambda f: f[ka] == f[kb],
            "<>": lambda f: f[ka] != f[kb],
            "<": lambda f: f[ka] < f[kb],
            ">": lambda f: f[ka] > f[kb],
            "<=": lambda f: f[ka] <= f[kb],
            ">=": lambda f: f[ka] >= f[kb],
        }[symbol]
    return combine(PYTHON_COMPARISONS[symbol], a, b)


def arithmetic(
    symbol: str,
    a: Expr,
    b: Expr,
    store: Callable[[Any], Any] | None,
    bounds: tuple[int, int] | None = None,
) -> Getter:
    """``+ - *`` computed in Python and brought into the result type.

    ``store`` None: an LREAL result (no rounding needed); ``bounds``: an
    integer result, wrapped by ``store`` only when it leaves the range.
    """
    if bounds is not None and store is not None:
        return combine_wrapped(PYTHON_ARITHMETIC[symbol], bounds[0], bounds[1], store, a, b)
    if store is not None:
        return combine_stored(PYTHON_ARITHMETIC[symbol], store, a, b)
    ka, kb = a.frame_slot, b.frame_slot
    af, bf = a.fn, b.fn
    if b.is_const:
        c = b.const
        if ka is not None:
            return {
                "+": lambda f: f[ka] + c,
                "-": lambda f: f[ka] - c,
                "*": lambda f: f[ka] * c,
            }[symbol]
        return {
            "+": lambda f: af(f) + c,
            "-": lambda f: af(f) - c,
            "*": lambda f: af(f) * c,
        }[symbol]
    if ka is not None and kb is not None:
        return {
            "+": lambda f: f[ka] + f[kb],
            "-": lambda f: f[ka] - f[kb],
            "*": lambda f: f[ka] * f[kb],
        }[symbol]
    if ka is not None:
        return {
            "+": lambda f: f[ka] + bf(f),
            "-": lambda f: f[ka] - bf(f),
            "*": lambda f: f[ka] * bf(f),
        }[symbol]
    if kb is not None:
        return {
            "+": lambda f: af(f) + f[kb],
            "-": lambda f: af(f) - f[kb],
            "*": lambda f: af(f) * f[kb],
        }[symbol]
    return {
        "+": lambda f: af(f) + bf(f),
        "-": lambda f: af(f) - bf(f),
        "*": lambda f: af(f) * bf(f),
    }[symbol]


def logical(conjunction: bool, a: Expr, b: Expr) -> Getter:
    """Short-circuit AND/OR of two BOOLs: AND_THEN/OR_ELSE, or AND/OR over a ``b`` that
    calls nothing and cannot fault (then equal to evaluating both)."""
    af, bf = a.fn, b.fn
    ka, kb = a.frame_slot, b.frame_slot
    left, right = slot_test(a), slot_test(b)
    if left is not None and right is not None:
        # ``x > 95.0 OR x < 5.0``: both comparisons of a slot with a constant, inline.
        (op1, k1, c1), (op2, k2, c2) = left, right
        if conjunction:
            return lambda f: op1(f[k1], c1) and op2(f[k2], c2)
        return lambda f: op1(f[k1], c1) or op2(f[k2], c2)
    if conjunction:
        if ka is not None and kb is not None:
            return lambda f: f[ka] and f[kb]
        if ka is not None:
            return lambda f: f[ka] and bf(f)
        if kb is not None:
            return lambda f: af(f) and f[kb]
        return lambda f: af(f) and bf(f)
    if ka is not None and kb is not None:
        return lambda f: f[ka] or f[kb]
    if ka is not None:
        return lambda f: f[ka] or bf(f)
    if kb is not None:
        return lambda f: af(f) or f[kb]
    return lambda f: af(f) or bf(f)


def slot_test(condition: Expr) -> tuple[Operator, int, Any] | None:
    """``(op, k, c)`` when ``condition`` is ``op(f[k], c)`` with nothing to store."""
    parts = condition.parts
    if parts is None or parts[3] is not None:
        return None
    op, a, b, _, _ = parts
    if a.frame_slot is None or not b.is_const:
        return None
    return op, a.frame_slot, b.const
