"""WERK101: a timer, edge detector or counter instance called only under a condition."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.calls import INSTANCE_SECTIONS, callee_pou, instance_type
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.symbols import Pou, PouKind, Variable
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._dataflow import (
    OnEveryPath,
    Step,
    access_key,
    access_location,
    bodies,
    source_text,
    where,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

# Standard FBs whose output depends on being called every cycle (time or previous input).
CYCLE_DEPENDENT = frozenset({"TON", "TOF", "TP", "R_TRIG", "F_TRIG", "CTU", "CTD", "CTUD"})
MAX_NESTING = 16


class TimerCalledConditionally(Rule):
    """## What it does
    Finds an instance of a time- or edge-dependent standard FB (TON, TOF, TP,
    R_TRIG, F_TRIG, CTU, CTD, CTUD), or of a user FB that contains one, that is
    called only inside an IF, a CASE or a FOR/WHILE loop, so that some cycles
    do not call it. An instance also called unconditionally, or called in
    every arm of an IF with ELSE or of a CASE with ELSE, is fine, and so is an
    instance that other code (an action, a method) calls too.

    ## Why is this bad?
    These blocks see the world only when they are called. A TON that is not
    called stops timing and keeps its old Q: the delay is longer than written,
    or Q stays TRUE after the condition went away. An R_TRIG that is not called
    while its input rises misses the edge, and the next call reports an edge
    that happened long ago. A counter misses counts. The machine then runs
    with a delay or a count nobody configured.

    ## Example
    ```st
    IF bAuto THEN
        tonFill(IN := bLevelLow, PT := T#5S);
    END_IF
    ```

    ## Use instead
    ```st
    tonFill(IN := bAuto AND bLevelLow, PT := T#5S);
    ```
    Call the instance on every cycle and put the condition into its input.

    ## Fix safety
    No automatic fix: the condition has to move into the inputs by hand.

    ## References
    werk's own rule; PLCopen Coding Guidelines CP20 covers the opposite mistake
    (a second call in the same cycle).
    """

    code = "WERK101"
    name = "timer-called-conditionally"
    message = "'{name}' ({type}) is called only under a condition: it does not run every cycle"
    severity = Severity.WARNING
    category = Category.SCAN_CYCLE

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        calls: dict[str, list[Use]] = defaultdict(list)
        types: dict[str, str] = {}
        known: dict[int, bool] = {}  # per call: the FBs may have changed since the last one

        def instance(_: frozenset[object], step: Step) -> str | None:
            use = step.use
            if use.kind is not UseKind.CALL or not isinstance(use.target, Variable):
                return None
            callee = callee_pou(use.target, self.project)
            if callee is None or not cycle_dependent(callee, self.project, known):
                return None
            name = access_key(use)
            if name is not None and use not in calls[name]:
                calls[name].append(use)
                types[name] = callee.name
            return name

        walk = OnEveryPath(pou, analysis, instance)
        for body in bodies(pou):
            calls.clear()
            always = walk.at_end(body)
            for name, uses in calls.items():
                if always is None or name in always or self._called_elsewhere(pou, uses[0]):
                    continue
                first = min(uses, key=lambda u: u.location.start)
                location = access_location(first)
                others = [u for u in uses if u is not first]
                yield self.finding(
                    location,
                    pou,
                    related=tuple(f"also called here: {where(access_location(u))}" for u in others),
                    name=source_text(location),
                    type=types[name],
                )

    def _called_elsewhere(self, pou: Pou, use: Use) -> bool:
        """Whether other code calls the same instance (then this POU may not be the only caller)."""
        assert use.target is not None
        return any(
            other.kind is UseKind.CALL and other.pou is not pou
            for other in self.project.references(use.target)
        )


def cycle_dependent(fb: Pou, project: Project, known: dict[int, bool], depth: int = 0) -> bool:
    """A cycle-dependent standard FB, or a user FB with an instance of one inside."""
    found = known.get(id(fb))
    if found is not None:
        return found
    if fb.kind is not PouKind.FUNCTION_BLOCK or depth > MAX_NESTING:
        return False
    known[id(fb)] = False  # an FB that contains itself is broken code
    if project.is_standard(fb):
        found = fb.name.upper() in CYCLE_DEPENDENT
    else:
        inside = (
            instance_type(variable.type, project)[0]
            for base in inheritance_chain(fb, project.find_pou)
            for variable in base.variables
            if variable.section in INSTANCE_SECTIONS
        )
        found = any(
            inner is not None and cycle_dependent(inner, project, known, depth + 1)
            for inner in inside
        )
    known[id(fb)] = found
    return found
