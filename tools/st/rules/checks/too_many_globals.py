"""CP18: a function block, function or method that reaches for many global variables."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou, PouKind, Variable
from werk.tools.st.rules.checks._project import globals_used
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule

CHECKED = frozenset({PouKind.FUNCTION_BLOCK, PouKind.FUNCTION, PouKind.METHOD})


class TooManyGlobals(Rule):
    """## What it does
    Finds function blocks, functions and methods whose code reads or writes
    more than `max_globals` (default 3) distinct global variables, instead of
    taking them as parameters. A function block's actions count as part of
    it; global constants do not count (they are configuration, not state).
    Access through VAR_EXTERNAL and through a GVL name (`GVL_IO.bStart`)
    counts.

    ## Why is this bad?
    A block that takes its data from globals can only ever work for the one
    machine part those globals describe: the second conveyor needs a copy of
    the block. Its interface also lies about what it depends on, so a
    commissioning engineer changing a global cannot see which blocks react,
    and the block cannot be tested on its own with a scan-cycle simulation.

    ## Example
    ```st
    FUNCTION_BLOCK FB_Conveyor
    GVL.bMotor := GVL.bStart AND NOT GVL.bStop AND NOT GVL.bJam;
    ```

    ## Use instead
    ```st
    FUNCTION_BLOCK FB_Conveyor
    VAR_INPUT bStart, bStop, bJam : BOOL; END_VAR
    VAR_OUTPUT bMotor : BOOL; END_VAR
    bMotor := bStart AND NOT bStop AND NOT bJam;
    ```
    and connect the globals where the instance is called, in a PROGRAM.

    Setting: `max_globals` (default 3), the number of distinct global
    variables a block may use.

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines CP18; closest: CODESYS static analysis SA0121
    (global variables used without VAR_EXTERNAL).
    """

    code = "CP18"
    name = "too-many-globals"
    message = "{kind} '{block}' uses {count} global variables (more than {limit}): {names}"
    severity = Severity.WARNING
    category = Category.ARCHITECTURE
    default_options: ClassVar[Mapping[str, Any]] = {"max_globals": 3}

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        if pou.kind not in CHECKED:
            return
        limit = int(self.options["max_globals"])
        used: dict[Variable, None] = {}  # first use order
        for part in (pou, *pou.actions.values()):
            for variable, _ in globals_used(self.project.analysis(part)):
                if not variable.is_constant:
                    used.setdefault(variable)
        if len(used) <= limit:
            return
        yield self.finding(
            pou.location,
            pou,
            kind=pou.kind.value.replace("_", " ").capitalize(),
            block=pou.qualified_name,
            count=len(used),
            limit=limit,
            names=", ".join(variable.name for variable in used),
        )
