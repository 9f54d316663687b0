"""Properties that cannot hold for reasons outside the code under test.

The Agents4PLC benchmark has many: an invariant over inputs alone
(``instance.Pressure_LOW >= 0``, where Pressure_LOW is a VAR_INPUT the
environment sets to anything), a condition that contradicts itself, a
variable that does not exist. Reporting those as "violated" would blame the
code; they are "defective", counted apart. Unknown names and type errors
are found while binding (``binding.Defect``); this module finds the rest:

- *input-only*: every condition reads only inputs the code never writes;
  whether it holds is the environment's choice, not the program's. Such a
  property is defective as soon as some input values violate it (and
  trivially proved when none do);
- *contradiction*: a condition that no values of its variables satisfy
  (``x > 5 AND x < 3``): an invariant over it can never hold, reaching it is
  impossible whatever the code does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import z3

from werk.tools.st.model.uses import UseKind
from werk.tools.st.prove.binding import Typed, signals_in
from werk.tools.st.prove.bound import BoundProperty
from werk.tools.st.prove.entry import Entry, Role, Signal
from werk.tools.st.prove.patterns import Quantifier
from werk.tools.st.prove.smt_property import compile_condition
from werk.tools.st.prove.smt_values import Sym, Unsupported, in_range, variable

WRITES = frozenset({UseKind.WRITE, UseKind.READ_WRITE})


def written_by_code(entry: Entry) -> set[int]:
    """Ids of the entry's variables its own code writes (an FB may overwrite its inputs)."""
    analysis = entry.project.analysis(entry.pou)
    return {
        id(use.target) for use in analysis.uses if use.kind in WRITES and use.target is not None
    }


def input_only(bound: BoundProperty, entry: Entry) -> list[Signal] | None:
    """The inputs the property depends on, when it depends on nothing else."""
    signals = _signals(bound.conditions)
    if not signals:
        return None
    written = written_by_code(entry)
    for signal in signals:
        if signal.role is not Role.INPUT:
            return None
        root = signal.path.split(".")[0].split("[")[0]
        variable = None if signal.is_global else entry.pou.variable(root)
        if variable is not None and id(variable) in written:
            return None
    return signals


def _signals(conditions: Iterable[Typed]) -> list[Signal]:
    found: dict[str, Signal] = {}
    for typed in conditions:
        for signal in signals_in(typed):
            found.setdefault(signal.key, signal)
    return list(found.values())


def contradiction(bound: BoundProperty, *, timeout_ms: int = 5000) -> str | None:
    """Why the property can never hold whatever the code does, else None.

    Each variable is free over its type (finite REAL values); the single-cycle
    meaning of the pattern is checked: an invariant's condition must be
    satisfiable, a forbidden one must be falsifiable, reachability needs a
    satisfiable condition.
    """
    pattern_id = bound.pattern.id
    conditions = bound.conditions
    if not conditions:
        return None
    free: dict[str, Any] = {}
    constraints: list[Any] = []
    for signal in _signals(conditions):
        term = variable(signal.spec, f"free!{signal.key}")
        free[signal.key] = term
        if signal.spec.kind == "real":
            constraints.append(z3.Not(z3.fpIsNaN(term)))
            constraints.append(z3.Not(z3.fpIsInf(term)))
        bounds = signal.bounds
        if bounds is not None and (bounds[0], bounds[1]) != (
            signal.spec.minimum,
            signal.spec.maximum,
        ):
            constraints.append(in_range(Sym(term, signal.spec), *bounds))
    try:
        terms = []
        for condition in conditions:
            term, fault = compile_condition(condition, free.__getitem__)
            terms.append(z3.And(term, z3.Not(fault)))
    except Unsupported:
        return None
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*constraints)
    if bound.pattern.quantifier is not Quantifier.ALWAYS or pattern_id == "pattern-invariant":
        goal, what = terms[0], "is never true (it contradicts itself)"
    elif pattern_id == "pattern-forbidden":
        goal, what = z3.Not(terms[0]), "is always true: forbidding it forbids every state"
    elif pattern_id == "pattern-implication":
        goal = z3.Implies(terms[0], terms[1])
        what = "can never hold: its condition is always true and its consequence never"
    else:
        return None
    solver.add(goal)
    if solver.check() == z3.unsat:
        if pattern_id == "pattern-implication":
            return what
        return f"{bound.property.params[0]!r} {what}"
    return None
