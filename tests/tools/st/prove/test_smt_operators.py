"""The z3 operators against the simulator's: same result, same faults, bit for bit.

Every operator, conversion and unary operation is evaluated on random and
boundary values by ``iec.operators`` (what the simulator runs) and by
``smt_operators`` on z3 constants; the simplified z3 term must be exactly the
simulator's value (REAL to the last bit, ``-0.0`` included) and fault in the
same cases.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
import z3

from werk.tools.st.prove import smt_operators as ops
from werk.tools.st.prove.smt_values import Sym, Unsupported, constant, python_value
from werk.tools.st.sim.convert import converter
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.operators import binary_operator, unary_operator
from werk.tools.st.sim.iec.types import ElementarySpec, spec, to_real

TYPES = [
    "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT", "BYTE", "WORD", "DWORD",
    "REAL", "LREAL", "TIME", "BOOL",
]  # fmt: skip
OPERATORS = ["+", "-", "*", "/", "MOD", "=", "<>", "<", ">", "<=", ">=", "AND", "OR", "XOR"]


def elementary(name: str) -> ElementarySpec:
    found = spec(name)
    assert found is not None
    return found


def sample(rng: random.Random, value_spec: ElementarySpec) -> Any:
    if value_spec.kind == "bool":
        return rng.random() < 0.5
    if value_spec.kind == "real":
        value = rng.choice(
            [0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -2.5, 3.5, 32767.5, 3.4e38, -3.4e38, 1e-45,
             math.inf, 2147483647.0, rng.uniform(-1e6, 1e6), rng.uniform(-10, 10)]
        )  # fmt: skip
        return to_real(value) if value_spec.bits == 32 else value
    low, high = value_spec.minimum, value_spec.maximum
    assert isinstance(low, int) and isinstance(high, int)
    return rng.choice([low, high, 0, 1, low + 1, high - 1, rng.randint(low, high),
                       rng.randint(max(low, -10), min(high, 10))])  # fmt: skip


def same(got: Any, expected: Any) -> bool:
    if isinstance(got, float) and isinstance(expected, float):
        if math.isnan(got) or math.isnan(expected):
            return math.isnan(got) and math.isnan(expected)
        return got == expected and math.copysign(1, got) == math.copysign(1, expected)
    return bool(got == expected)


def value(term: Any, value_spec: ElementarySpec) -> Any:
    simplified = z3.simplify(term)
    if z3.is_bool(simplified):
        return z3.is_true(simplified)
    return python_value(value_spec, simplified)


def faults(fault: Any) -> bool:
    return fault is not None and z3.is_true(z3.simplify(fault[0]))


@pytest.mark.parametrize("seed", range(4))
def test_binary_operators(seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    for _ in range(700):
        op = rng.choice(OPERATORS)
        left, right = elementary(rng.choice(TYPES)), elementary(rng.choice(TYPES))
        result = elementary("BOOL" if op in ops.COMPARISONS else rng.choice(TYPES))
        try:
            function = binary_operator(op, left, right, result)
        except IecFault:
            continue
        a, b = sample(rng, left), sample(rng, right)
        try:
            expected, expected_fault = function(a, b), False
        except IecFault:
            expected, expected_fault = None, True
        try:
            term, fault = ops.binary(
                op, Sym(constant(left, a), left), Sym(constant(right, b), right), result
            )
        except Unsupported:
            continue
        checked += 1
        where = f"{left.name} {op} {right.name} -> {result.name} on {a!r}, {b!r}"
        assert faults(fault) == expected_fault, where
        if not expected_fault:
            assert same(value(term, result), expected), where
    assert checked > 300


@pytest.mark.parametrize("seed", range(3))
def test_conversions_and_unary_operators(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(500):
        source, target = elementary(rng.choice(TYPES)), elementary(rng.choice(TYPES))
        a = sample(rng, source)
        try:
            convert = converter(source, target)
        except IecFault:
            continue
        try:
            expected, expected_fault = convert(a), False
        except IecFault:
            expected, expected_fault = None, True
        try:
            term, fault = ops.convert(Sym(constant(source, a), source), target)
        except Unsupported:
            continue
        where = f"{source.name} -> {target.name} of {a!r}"
        assert faults(fault) == expected_fault, where
        if not expected_fault:
            assert same(value(term, target), expected), where
    for _ in range(300):
        op = rng.choice(["-", "+", "NOT"])
        operand = elementary(rng.choice(TYPES))
        try:
            function = unary_operator(op, operand, operand)
        except IecFault:
            continue
        a = sample(rng, operand)
        try:
            term, _ = ops.unary(op, Sym(constant(operand, a), operand))
        except Unsupported:
            continue
        assert same(value(term, operand), function(a)), f"{op} {operand.name} {a!r}"


def test_real_to_int_rounds_half_to_even_and_faults_out_of_range() -> None:
    real, integer = elementary("REAL"), elementary("INT")
    for given, expected in [(2.5, 2), (3.5, 4), (-1.5, -2), (32767.4, 32767)]:
        term, fault = ops.convert(Sym(constant(real, given), real), integer)
        assert value(term, integer) == expected and not faults(fault)
    _, fault = ops.convert(Sym(constant(real, 32767.5), real), integer)
    assert faults(fault)
