"""Every operand shape gives the result of the plain computation it specialises."""

from __future__ import annotations

import operator

from hypothesis import given
from hypothesis import strategies as st

from werk.tools.st.sim import shapes
from werk.tools.st.sim.expressions import Expr, constant
from werk.tools.st.sim.iec.types import spec, storer

INT = spec("INT")
assert INT is not None
STORE_INT = storer(INT)
INT_VALUES = st.integers(min_value=-32768, max_value=32767)


def operands(a: int, b: int) -> list[tuple[Expr, Expr]]:
    """(a, b) as every shape: slot 0 / slot 1, constant, closure."""
    slot_a = Expr(lambda f: f[0], None, frame_slot=0)
    slot_b = Expr(lambda f: f[1], None, frame_slot=1)
    closure_a = Expr(lambda f: f[0], None)
    closure_b = Expr(lambda f: f[1], None)
    const_a, const_b = constant(a, None), constant(b, None)
    return [
        (x, y)
        for x in (slot_a, closure_a, const_a)
        for y in (slot_b, closure_b, const_b)
        if not (x.is_const and y.is_const)
    ]


@given(INT_VALUES, INT_VALUES)
def test_arithmetic_shapes_wrap_like_the_store(a: int, b: int) -> None:
    frame = [a, b]
    for symbol, python in (("+", operator.add), ("-", operator.sub), ("*", operator.mul)):
        expected = STORE_INT(python(a, b))
        for x, y in operands(a, b):
            assert shapes.arithmetic(symbol, x, y, STORE_INT, (-32768, 32767))(frame) == expected
            assert shapes.arithmetic(symbol, x, y, STORE_INT)(frame) == expected
            assert shapes.arithmetic(symbol, x, y, None)(frame) == python(a, b)


@given(INT_VALUES, INT_VALUES)
def test_comparison_and_logical_shapes(a: int, b: int) -> None:
    frame = [a, b]
    for symbol, python in shapes.PYTHON_COMPARISONS.items():
        for x, y in operands(a, b):
            assert shapes.comparison(symbol, x, y)(frame) == python(a, b)
    truth = [a > 0, b > 0]
    for x, y in operands(a > 0, b > 0):
        assert bool(shapes.logical(True, x, y)(truth)) == (truth[0] and truth[1])
        assert bool(shapes.logical(False, x, y)(truth)) == (truth[0] or truth[1])
