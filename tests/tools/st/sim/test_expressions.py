"""Operators, literal typing and standard functions, against values worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tools.st.sim.support import simulate
from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.project import Project
from werk.tools.st.sim import FaultKind, SimulationFault, Simulator
from werk.tools.st.sim.iec.operators import binary_operator
from werk.tools.st.sim.iec.types import spec
from werk.tools.st.unit import StUnit


@pytest.fixture(scope="module")
def ran() -> Simulator:
    sim = simulate("expressions.st", programs=["Operators", "Functions", "Evaluation"])
    assert sim.unsupported == []
    sim.cycle()
    return sim


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nWrapped", -32768),  # INT 32767 + 1 wraps
        ("nQuotient", -3),  # -7 / 2 truncates toward zero
        ("nRemainder", -1),  # -7 MOD 2 takes the dividend's sign
        ("rMixed", 16383.5),  # INT * untyped REAL computes in REAL: 32767 * 0.5
        ("rLiteral", -10.5),  # -7.0 * 1.5
        ("nFromReal", -10),  # REAL -10.5 into INT: nearest, halves to even
        ("tSum", 1500),  # T#1s + T#500ms, in ms
        ("tScaled", 6000),  # T#2s * 3
        ("tQuarter", 250),  # T#1s / 4
        ("wAnd", 0xF000),  # 16#F0F0 AND 16#FF00
        ("wNot", 0x0FFF),  # NOT within 16 bits
        ("wXor", 0xFFF0),  # 16#F000 XOR 16#0FF0
        ("bStrings", True),  # 'abc' < 'abd'
        ("bAndThen", False),  # nDen = 0: the division is never evaluated
        ("bOrElse", True),
        ("rTenth", 0.10000000149011612),  # 0.1 rounded to REAL (binary32)
        ("lrTenth", 0.1),
        ("nHex", 127),  # INT#16#7F
        ("nBinary", 10),  # 2#1010
        ("nOctal", 15),  # 8#17
        ("bPower", True),  # 2.0 ** 10 = 1024.0
        ("nNegated", -32767),
        ("bNot", False),
        ("nPrecedence", 12),  # 2 + 3 * 4 - 10 / 5
        ("uSum", 4),  # BYTE 250 + 10 = 260 wraps to 4
    ],
)
def test_operators(ran: Simulator, name: str, expected: object) -> None:
    assert ran.get(f"Operators.{name}") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nLimited", 100),  # LIMIT(0, 150, 100)
        ("nLimitedNamed", -10),  # LIMIT(MN := -10, IN := -50, MX := 10)
        ("nMaximum", 9),  # MAX is extensible: MAX(3, 9, 4)
        ("nSelected", 2),  # SEL(TRUE, 1, 2) picks IN1
        ("nMuxed", 30),  # MUX(2, 10, 20, 30) picks the third
        ("nAbs", 5),
        ("lrAbs", 2.5),
        ("rRoot", 4.0),
        ("wShifted", 16),  # SHL(WORD#1, 4)
        ("nLength", 5),
        ("sMiddle", "el"),  # MID('hello', 2, 2): two characters from position 2
        ("sJoined", "abc"),
        ("sNumber", "-5"),
        ("nTruncated", -2),  # TRUNC(-2.7)
        ("nRounded", 2),  # REAL_TO_INT(2.5): halves to even
        ("rPower", 8.0),  # EXPT(2.0, 3)
        ("nFound", 3),  # FIND('hello', 'll')
    ],
)
def test_standard_functions(ran: Simulator, name: str, expected: object) -> None:
    assert ran.get(f"Functions.{name}") == expected


def test_and_evaluates_both_operands_and_then_does_not(ran: Simulator) -> None:
    # AND calls F_Tick although its left operand is FALSE; AND_THEN does not.
    assert ran.get("Evaluation.nTicks") == 1
    assert ran.get("Evaluation.bFull") is False and ran.get("Evaluation.bShort") is False


DIVISION = simulate("expressions.st", programs=["Division"])


@given(st.integers(-(2**31), 2**31 - 1), st.integers(-128, 127))
def test_division_by_a_constant_matches_the_iec_operators(value: int, small: int) -> None:
    """Generated code divides by constants without calling the iec operator: same results."""
    dint, sint = spec("DINT"), spec("SINT")
    assert dint is not None and sint is not None
    DIVISION.set("Division.nValue", value)
    DIVISION.set("Division.nSmall", small)
    DIVISION.cycle()
    assert DIVISION.get("Division.nQuotient") == binary_operator("/", dint, dint, dint)(value, 7)
    assert DIVISION.get("Division.nRemainder") == binary_operator("MOD", dint, dint, dint)(value, 7)
    assert DIVISION.get("Division.nSmallQuotient") == binary_operator("/", sint, sint, dint)(
        small, 3
    )
    assert DIVISION.get("Division.nSmallRemainder") == binary_operator("MOD", sint, sint, sint)(
        small, 3
    )


OPERANDS = st.sampled_from(["nA", "nB", "dC", "3", "-2", "100"])


@st.composite
def integer_expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(OPERANDS)
    left = draw(integer_expressions(depth - 1))
    operator = draw(st.sampled_from(["+", "-", "*", "/", "MOD"]))
    if operator in ("/", "MOD"):
        return f"({left} {operator} {draw(st.sampled_from(['7', '2', '1']))})"
    return f"({left} {operator} {draw(integer_expressions(depth - 1))})"


@settings(max_examples=40, deadline=None)
@given(integer_expressions(), st.integers(-32768, 32767), st.integers(-32768, 32767))
def test_generated_code_and_closures_agree(expression: str, a: int, b: int) -> None:
    """An expression in a statement (generated Python) and as a function argument (the
    closure) computes the same value."""
    source = f"""
FUNCTION F_Same : DINT
VAR_INPUT x : DINT; END_VAR
F_Same := x;
END_FUNCTION
PROGRAM P
VAR nA : INT; nB : INT; dC : DINT := 70000; dInline : DINT; dClosure : DINT; END_VAR
dInline := {expression};
dClosure := F_Same({expression});
END_PROGRAM
"""
    document = StDocument.plain(Path("same.st"), source.encode(), Dialect.CODESYS)
    sim = Simulator(Project([StUnit.from_document(document)]), programs=["P"])
    assert sim.unsupported == []
    sim.set("P.nA", a)
    sim.set("P.nB", b)
    sim.cycle()
    assert sim.get("P.dInline") == sim.get("P.dClosure"), expression


REAL_OPERANDS = st.sampled_from(["rX", "lY", "nA", "1.5", "2.0", "3"])


@st.composite
def real_expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(REAL_OPERANDS)
    operator = draw(st.sampled_from(["+", "-", "*"]))
    return f"({draw(real_expressions(depth - 1))} {operator} {draw(real_expressions(depth - 1))})"


@settings(max_examples=30, deadline=None)
@given(real_expressions(), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.integers(-100, 100))
def test_generated_real_arithmetic_and_closures_agree(
    expression: str, x: float, y: float, a: int
) -> None:
    source = f"""
FUNCTION F_Same : LREAL
VAR_INPUT x : LREAL; END_VAR
F_Same := x;
END_FUNCTION
PROGRAM P
VAR rX : REAL; lY : LREAL; nA : INT; lInline : LREAL; lClosure : LREAL; END_VAR
lInline := {expression};
lClosure := F_Same({expression});
END_PROGRAM
"""
    document = StDocument.plain(Path("same.st"), source.encode(), Dialect.CODESYS)
    sim = Simulator(Project([StUnit.from_document(document)]), programs=["P"])
    assert sim.unsupported == []
    sim.set("P.rX", x)
    sim.set("P.lY", y)
    sim.set("P.nA", a)
    sim.cycle()
    assert sim.get("P.lInline") == sim.get("P.lClosure"), expression


# --- AND/OR evaluate both operands: a fault on the right is not skipped --------------------

GATED = """
FUNCTION F_Same : BOOL
VAR_INPUT x : BOOL; END_VAR
F_Same := x;
END_FUNCTION
PROGRAM P
VAR
    bGate : BOOL;
    n : INT := 1;
    i : INT := 1;
    nByte : BYTE;
    aValues : ARRAY[1..3] OF INT := [1, 2, 3];
    aBytes : ARRAY[0..255] OF INT;
    pValue : POINTER TO INT;
    rValue : REAL;
    bResult : BOOL;
END_VAR
{body}
END_PROGRAM
"""


def gated(body: str) -> Simulator:
    source = GATED.replace("{body}", body)
    document = StDocument.plain(Path("gated.st"), source.encode(), Dialect.CODESYS)
    sim = Simulator(Project([StUnit.from_document(document)]), programs=["P"])
    assert sim.unsupported == []
    return sim


def fault_kind(sim: Simulator) -> FaultKind | None:
    try:
        sim.cycle()
    except SimulationFault as fault:
        return fault.kind
    return None


INVALID = FaultKind.INVALID_OPERATION
# In a statement (the generated body) and as an argument (the expression's closure).
SITES = ["bResult := {e};", "bResult := F_Same({e});"]


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize(
    ("expression", "gate", "setup", "kind"),
    [
        ("bGate AND (10 / n = 1)", False, {"n": 0}, FaultKind.DIVISION_BY_ZERO),
        ("bGate OR (10 / n = 1)", True, {"n": 0}, FaultKind.DIVISION_BY_ZERO),
        ("bGate AND (10 MOD n = 1)", False, {"n": 0}, FaultKind.DIVISION_BY_ZERO),
        ("bGate AND aValues[i] > 0", False, {"i": 4}, FaultKind.ARRAY_BOUND),
        ("bGate OR aValues[i] > 0", True, {"i": 0}, FaultKind.ARRAY_BOUND),
        ("bGate AND NOT (aValues[i] = 0)", False, {"i": 9}, FaultKind.ARRAY_BOUND),
        ("bGate AND pValue^ > 0", False, {}, FaultKind.NULL_REFERENCE),
        ("bGate OR (aValues[i] + 1 > 0 AND bGate)", True, {"i": -1}, FaultKind.ARRAY_BOUND),
        # REAL * INT through the iec operator traps INF * 0 (not a number).
        ("bGate AND (rValue * n > 0.0)", False, {"n": 0, "rValue": math.inf}, INVALID),
    ],
)
def test_and_or_evaluate_a_right_operand_that_faults(
    site: str, expression: str, gate: bool, setup: dict[str, float], kind: FaultKind
) -> None:
    """The left operand decides the result, yet the right one runs and faults, as on a PLC."""
    sim = gated(site.format(e=expression))
    sim.set("P.bGate", gate)
    for name, value in setup.items():
        sim.set(f"P.{name}", value)
    assert fault_kind(sim) is kind


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize(
    ("expression", "gate", "setup", "expected"),
    [
        ("bGate AND_THEN (10 / n = 1)", False, {"n": 0}, False),
        ("bGate OR_ELSE (10 / n = 1)", True, {"n": 0}, True),
        ("bGate AND_THEN aValues[i] > 0", False, {"i": 4}, False),
        ("bGate OR_ELSE aValues[i] > 0", True, {"i": 0}, True),
        ("bGate AND_THEN pValue^ > 0", False, {}, False),
    ],
)
def test_and_then_or_else_skip_a_right_operand_that_would_fault(
    site: str, expression: str, gate: bool, setup: dict[str, float], expected: bool
) -> None:
    sim = gated(site.format(e=expression))
    sim.set("P.bGate", gate)
    for name, value in setup.items():
        sim.set(f"P.{name}", value)
    assert fault_kind(sim) is None
    assert sim.get("P.bResult") is expected


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize(
    ("expression", "gate", "setup", "expected"),
    [
        ("bGate AND (10 / n = 1)", True, {"n": 10}, True),  # a healthy division
        ("bGate OR (10 / n = 1)", False, {"n": 3}, False),
        ("bGate AND n > 0", True, {"n": 1}, True),  # pure, cannot fault
        ("bGate AND n > 0", False, {"n": 1}, False),
        ("bGate OR n > 0", False, {"n": -1}, False),
        ("bGate OR n > 0", True, {"n": -1}, True),
        ("bGate AND (n / 2 = 0)", True, {"n": 1}, True),  # a constant divisor cannot fault
        ("bGate AND aValues[2] = 2", True, {}, True),  # a constant index in bounds
        ("bGate AND aBytes[nByte] = 0", True, {"nByte": 255}, True),  # BYTE fits 0..255
        ("bGate AND aValues[i] = 1", True, {"i": 1}, True),
    ],
)
def test_and_or_with_a_right_operand_that_does_not_fault(
    site: str, expression: str, gate: bool, setup: dict[str, float], expected: bool
) -> None:
    sim = gated(site.format(e=expression))
    sim.set("P.bGate", gate)
    for name, value in setup.items():
        sim.set(f"P.{name}", value)
    assert fault_kind(sim) is None
    assert sim.get("P.bResult") is expected
