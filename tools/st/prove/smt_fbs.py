"""The standard function blocks as z3 terms, one call at a time (``iec.standard_fbs``).

Each call reads and writes the instance's members (``CLK``, ``Q``, ``PT``,
``ET``...) and its hidden state from ``state`` (edge memories, a timer's
phase and age), branch for branch as the simulator's classes do: R_TRIG
fires on the first call with CLK already TRUE, F_TRIG starts with its
memory TRUE, counters count rising edges and saturate at their type's
limits, CTUD's simultaneous edges cancel, TON/TOF/TP compare the elapsed
time with the PT of this call and latch once done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import z3

from werk.tools.st.prove import smt_operators as ops
from werk.tools.st.prove.smt_values import (
    Sym,
    Unsupported,
    constant,
    elementary,
)
from werk.tools.st.prove.state import DONE, IDLE, RUNNING
from werk.tools.st.sim.iec import standard_fbs

if TYPE_CHECKING:
    pass


from werk.tools.st.prove.smt_store import FALSE, TRUE, member_key


def execute_standard(cls: Any, key: str, v: dict[str, Any]) -> None:
    """One call of a standard FB on its members (``iec.standard_fbs``), in place in ``v``."""

    def k(member: str) -> str:
        return member_key(key, member)

    if issubclass(cls, standard_fbs.R_TRIG):
        clk = v[k("CLK")]
        v[k("Q")] = z3.And(clk, z3.Not(v[k("#mem")]))
        v[k("#mem")] = clk
    elif issubclass(cls, standard_fbs.F_TRIG):
        not_clk = z3.Not(v[k("CLK")])
        v[k("Q")] = z3.And(not_clk, z3.Not(v[k("#mem")]))
        v[k("#mem")] = not_clk
    elif issubclass(cls, standard_fbs.SR):
        v[k("Q1")] = z3.Or(v[k("S1")], z3.And(z3.Not(v[k("R")]), v[k("Q1")]))
    elif issubclass(cls, standard_fbs.RS):
        v[k("Q1")] = z3.And(z3.Not(v[k("R1")]), z3.Or(v[k("S")], v[k("Q1")]))
    elif issubclass(cls, standard_fbs.CTUD):
        _counter_up_down(cls, k, v)
    elif issubclass(cls, standard_fbs.CTU):
        count = elementary(cls.TYPES["CV"])
        cu = v[k("CU")]
        rising = z3.And(cu, z3.Not(v[k("#cu")]))
        v[k("#cu")] = cu
        cv = v[k("CV")]
        below = ops.compare("<", Sym(cv, count), Sym(constant(count, cls.PV_MAX), count))
        counted = z3.If(z3.And(rising, below), cv + 1, cv)
        cv = z3.If(v[k("R")], z3.BitVecVal(0, count.bits), counted)
        v[k("CV")] = cv
        v[k("Q")] = ops.compare(">=", Sym(cv, count), Sym(v[k("PV")], count))
    elif issubclass(cls, standard_fbs.CTD):
        count = elementary(cls.TYPES["CV"])
        cd = v[k("CD")]
        rising = z3.And(cd, z3.Not(v[k("#cd")]))
        v[k("#cd")] = cd
        cv = v[k("CV")]
        above = ops.compare(">", Sym(cv, count), Sym(constant(count, cls.PV_MIN), count))
        counted = z3.If(z3.And(rising, above), cv - 1, cv)
        cv = z3.If(v[k("LD")], v[k("PV")], counted)
        v[k("CV")] = cv
        v[k("Q")] = ops.compare("<=", Sym(cv, count), Sym(constant(count, 0), count))
    elif issubclass(cls, standard_fbs.TON | standard_fbs.TOF | standard_fbs.TP):
        _timer(cls, k, v)
    else:
        raise Unsupported(f"standard FB {cls.__name__}")


def _counter_up_down(cls: Any, k: Callable[[str], str], v: dict[str, Any]) -> None:
    count = elementary(cls.TYPES["CV"])
    cu, cd = v[k("CU")], v[k("CD")]
    up = z3.And(cu, z3.Not(v[k("#cu")]))
    down = z3.And(cd, z3.Not(v[k("#cd")]))
    v[k("#cu")], v[k("#cd")] = cu, cd
    cv = v[k("CV")]
    can_up = ops.compare("<", Sym(cv, count), Sym(constant(count, cls.PV_MAX), count))
    can_down = ops.compare(">", Sym(cv, count), Sym(constant(count, cls.PV_MIN), count))
    counted = z3.If(
        z3.And(up, down),
        cv,
        z3.If(z3.And(up, can_up), cv + 1, z3.If(z3.And(z3.Not(up), down, can_down), cv - 1, cv)),
    )
    cv = z3.If(v[k("R")], z3.BitVecVal(0, count.bits), z3.If(v[k("LD")], v[k("PV")], counted))
    v[k("CV")] = cv
    v[k("QU")] = ops.compare(">=", Sym(cv, count), Sym(v[k("PV")], count))
    v[k("QD")] = ops.compare("<=", Sym(cv, count), Sym(constant(count, 0), count))


def _timer(cls: Any, k: Callable[[str], str], v: dict[str, Any]) -> None:
    pt_spec = elementary(cls.TYPES["PT"])
    bits = pt_spec.bits
    phase, age = v[k("#phase")], v[k("#age")]
    pt = z3.ZeroExt(64 - bits, v[k("PT")]) if bits < 64 else v[k("PT")]
    idle, running, done = (z3.BitVecVal(x, 8) for x in (IDLE, RUNNING, DONE))
    zero = z3.BitVecVal(0, bits)

    def elapsed_part(value: Any) -> Any:
        return z3.Extract(bits - 1, 0, value) if bits < 64 else value

    q, et = v[k("Q")], v[k("ET")]
    if issubclass(cls, standard_fbs.TON):
        started = z3.And(v[k("IN")], phase == idle)
        phase1 = z3.If(started, running, phase)
        age1 = z3.If(started, z3.BitVecVal(0, 64), age)
        reached = z3.UGE(age1, pt)
        run = phase1 == running
        phase2 = z3.If(z3.And(run, reached), done, phase1)
        q2 = z3.If(z3.And(run, reached), TRUE, q)
        et2 = z3.If(run, z3.If(reached, v[k("PT")], elapsed_part(age1)), et)
        on = v[k("IN")]
        v[k("#phase")] = z3.If(on, phase2, idle)
        v[k("#age")] = z3.If(on, age1, age)
        v[k("Q")] = z3.If(on, q2, FALSE)
        v[k("ET")] = z3.If(on, et2, zero)
    elif issubclass(cls, standard_fbs.TOF):
        on = v[k("IN")]
        fell = v[k("#previn")]
        phase1 = z3.If(fell, running, phase)
        age1 = z3.If(fell, z3.BitVecVal(0, 64), age)
        reached = z3.UGE(age1, pt)
        run = phase1 == running
        phase2 = z3.If(z3.And(run, reached), done, phase1)
        q2 = z3.If(run, z3.Not(reached), q)
        et2 = z3.If(run, z3.If(reached, v[k("PT")], elapsed_part(age1)), et)
        v[k("#phase")] = z3.If(on, idle, phase2)
        v[k("#age")] = z3.If(on, age, age1)
        v[k("#previn")] = on
        v[k("Q")] = z3.If(on, TRUE, q2)
        v[k("ET")] = z3.If(on, zero, et2)
    else:  # TP
        on = v[k("IN")]
        started = z3.And(phase == idle, on)
        phase1 = z3.If(started, running, phase)
        age1 = z3.If(started, z3.BitVecVal(0, 64), age)
        reached = z3.UGE(age1, pt)
        run = phase1 == running
        phase2 = z3.If(z3.And(run, reached), done, phase1)
        q2 = z3.If(run, z3.Not(reached), q)
        et2 = z3.If(run, z3.If(reached, v[k("PT")], elapsed_part(age1)), et)
        back = z3.And(phase2 == done, z3.Not(on))
        v[k("#phase")] = z3.If(back, idle, phase2)
        v[k("#age")] = age1
        v[k("Q")] = q2
        v[k("ET")] = z3.If(back, zero, et2)
