"""CP2: statements that control can never reach."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.rules.checks._control_flow import (
    bodies,
    jump_rewrite,
    nested_lists,
    unreachable_in,
    user_location,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.unit import StUnit

CAUSES = {
    "return_statement": "RETURN",
    "exit_statement": "EXIT",
    "continue_statement": "CONTINUE",
    "if_statement": "an IF whose every branch leaves",
    "case_statement": "a CASE whose every branch leaves",
}


class UnreachableCode(Rule):
    """## What it does
    Finds the first statement of a statement list that follows a RETURN,
    EXIT, CONTINUE or jump (`JMP`, SCL `GOTO`) in the same list, or an IF or
    CASE with an ELSE all of whose branches end that way. A statement with a
    jump label before it is reachable again. Reported once per statement
    list, on the first unreachable statement; lists inside unreachable code
    are not reported again, and a lone `;` is not code.

    ## Why is this bad?
    Code that cannot run is usually code that was meant to run: an interlock
    after an early RETURN added while debugging, an alarm after an EXIT. The
    program compiles, the commissioning engineer reads the interlock in the
    source and trusts it, and the machine runs without it.

    ## Example
    ```st
    IF bManual THEN
        RETURN;
        bMotor := FALSE; (* never runs *)
    END_IF
    ```

    ## Use instead
    ```st
    IF bManual THEN
        bMotor := FALSE;
        RETURN;
    END_IF
    ```

    ## Fix safety
    No fix: removing the code would hide the mistake the finding points at.

    ## References
    PLCopen Coding Guidelines CP2; CODESYS static analysis SA0001.
    """

    code = "CP2"
    name = "unreachable-code"
    message = "Unreachable statement after {cause}"
    severity = Severity.WARNING
    category = Category.CONTROL_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        pending = bodies(pou)
        while pending:
            reachable, first = unreachable_in(unit, pending.pop())
            for statement in reachable:
                pending.extend(nested_lists(statement))
            if first is not None:
                yield self.finding(
                    user_location(unit, first.statement.start_byte, first.statement.end_byte),
                    pou,
                    cause=_cause(unit, first.cause),
                )


def _cause(unit: StUnit, statement: Node) -> str:
    jump = jump_rewrite(unit, statement)
    if jump is not None:  # JMP lbl, or SCL GOTO lbl, as written
        written = unit.lowered.original[jump.original_start : jump.original_end]
        return " ".join(written.decode("utf-8", "replace").split()) or "a jump"
    return CAUSES.get(statement.type, "a statement that leaves")
