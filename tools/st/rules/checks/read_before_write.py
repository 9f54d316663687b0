"""CP3: a temporary variable read before it is written on some path of the call."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou, PouKind, Section, Variable
from werk.tools.st.model.types import ElementaryType, StringType
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._dataflow import OnEveryPath, Step, bodies
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

# POUs whose VAR is created afresh on every call, like VAR_TEMP.
CALL_SCOPED = frozenset({PouKind.FUNCTION, PouKind.METHOD, PouKind.PROPERTY})
KEEPS_VALUE = frozenset({"RETAIN", "PERSISTENT", "CONSTANT"})


class ReadBeforeWrite(Rule):
    """## What it does
    Finds a variable that is created afresh on every call (a VAR_TEMP, or a VAR
    of a FUNCTION, METHOD or property accessor), declared without an initial
    value, and read at a place that some path reaches without writing it
    first. A write inside an IF without ELSE, a CASE without ELSE or a FOR/WHILE
    body does not count as preceding what follows. Only elementary and string
    variables are checked (structures and arrays are often filled piecewise),
    and passing the variable to a VAR_IN_OUT or taking its address counts as a
    write. VAR and RETAIN variables of FBs and programs keep their value from
    the last cycle and are never flagged.

    ## Why is this bad?
    The value read is whatever the runtime leaves in a fresh variable: zero on
    most controllers, stack garbage on some, and it differs between targets
    and simulation. A setpoint or a permissive computed from it is then wrong
    only on the paths nobody tested, and a migration to another controller
    changes the machine's behaviour.

    ## Example
    ```st
    VAR_TEMP
        rSetpoint : REAL;
    END_VAR
    IF bAuto THEN
        rSetpoint := rRecipe;
    END_IF
    rOut := rSetpoint * rGain;
    ```

    ## Use instead
    ```st
    rSetpoint := rManual;
    IF bAuto THEN
        rSetpoint := rRecipe;
    END_IF
    rOut := rSetpoint * rGain;
    ```
    or declare it with an initial value: `rSetpoint : REAL := 0.0;`.

    ## Fix safety
    No automatic fix: the right initial value is a decision about the process.

    ## References
    PLCopen Coding Guidelines CP3 (variables shall be initialised before being
    used).
    """

    code = "CP3"
    name = "read-before-write"
    message = "'{name}' may be read before it is written (no write on some path before here)"
    severity = Severity.WARNING
    category = Category.DATA_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        tracked = {id(v): v for v in pou.variables if self._tracked(pou, v)}
        if not tracked:
            return
        first_reads: dict[int, Use] = {}

        def mark(written: frozenset[object], step: Step) -> object | None:
            use = step.use
            variable = use.target
            if id(variable) not in tracked:
                return None
            if use.kind is UseKind.READ and id(variable) not in written:
                known = first_reads.get(id(variable))
                if known is None or use.location.start < known.location.start:
                    first_reads[id(variable)] = use
                return None
            changes = use.is_write or use.kind is UseKind.ADDRESS
            return id(variable) if changes and step.certain else None

        walk = OnEveryPath(pou, analysis, mark)
        for body in bodies(pou):
            walk.at_end(body)
        for use in sorted(first_reads.values(), key=lambda u: u.location.start):
            yield self.finding(use.location, pou, name=tracked[id(use.target)].name)

    def _tracked(self, pou: Pou, variable: Variable) -> bool:
        fresh = variable.section is Section.VAR_TEMP or (
            variable.section is Section.VAR and pou.kind in CALL_SCOPED
        )
        simple = isinstance(variable.type, ElementaryType | StringType)
        return (
            fresh
            and simple
            and variable.initial_value is None
            and variable.address is None
            and not (variable.qualifiers & KEEPS_VALUE)
        )
