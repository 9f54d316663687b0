"""CP20: an FB instance called more than once along one path of one cycle."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.calls import callee_pou
from werk.tools.st.model.symbols import Pou, PouKind, Variable
from werk.tools.st.model.uses import UseKind
from werk.tools.st.rules.checks._dataflow import (
    AgainOnPath,
    Step,
    access_key,
    access_location,
    source_text,
    where,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class FbInstanceCalledTwice(Rule):
    """## What it does
    Finds a function block instance called a second time on one path through
    the code of one call. Calls in mutually exclusive arms of one IF or CASE are
    fine; a call inside a FOR, WHILE or REPEAT body runs once per iteration and
    counts as called more than once. Method calls (`fbAxis.Reset()`) and
    instances picked by a computed index (`afbPump[i]()`) are not counted.

    ## Why is this bad?
    An FB instance is written for one call per cycle: a TON advances its
    elapsed time, an R_TRIG compares with the previous call, a PID integrates
    over the cycle time. A second call in the same cycle sees a zero time step
    or the input of the first call as "previous": edges are lost, counters
    count twice, and the controller's gain silently changes.

    ## Example
    ```st
    fbPump(bRun := bAuto);
    IF bManual THEN
        fbPump(bRun := bJog);
    END_IF
    ```

    ## Use instead
    ```st
    fbPump(bRun := SEL(bManual, bAuto, bJog));
    ```
    Compute the inputs first, then call the instance once.

    ## Fix safety
    No automatic fix.

    ## References
    PLCopen Coding Guidelines CP20 (each FB instance shall be called only once
    per cycle).
    """

    code = "CP20"
    name = "fb-instance-called-twice"
    message = "FB instance '{name}' is called again on a path that already called it"
    severity = Severity.WARNING
    category = Category.SCAN_CYCLE

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        def instance(step: Step) -> str | None:
            use = step.use
            if use.kind is not UseKind.CALL or not isinstance(use.target, Variable):
                return None
            callee = callee_pou(use.target, self.project)
            if callee is None or callee.kind is not PouKind.FUNCTION_BLOCK:
                return None
            return access_key(use)

        walk = AgainOnPath(pou, analysis, instance, repeat_loops=True)
        for second, first in walk.run():
            location = access_location(second)
            note = (
                "called again on every iteration of the loop around it"
                if first is second
                else f"first called here: {where(access_location(first))}"
            )
            yield self.finding(location, pou, related=(note,), name=source_text(location))
