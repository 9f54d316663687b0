"""L22: the control variable of a FOR loop written inside the loop's body."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._control_flow import (
    counted_loops,
    loop_body_span,
    user_location,
    user_text,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule


class ForCounterModified(Rule):
    """## What it does
    Finds writes to a FOR loop's control variable inside the loop's body: an
    assignment (whole or bit access), passing it to a VAR_IN_OUT, receiving an
    output into it (`=>`), or reusing it as the counter of a nested FOR.
    Not reported: taking its address with `ADR(i)` (a pointer that is only
    read is common), writes made by a method or action called in the body,
    arguments of calls whose parameters cannot be resolved, and counters that
    are a member or an array element.

    ## Why is this bad?
    IEC 61131-3 forbids changing the control variable in the body: how the
    next iteration then behaves depends on the compiler (some re-read the
    counter, some keep a hidden copy). A loop meant to visit each of the ten
    stations of an indexing table may skip stations, visit one twice, or run
    past the end of an array and overwrite the recipe next to it, and the
    scan overruns when the counter is pushed back.

    ## Example
    ```st
    FOR i := 1 TO 10 DO
        IF aStation[i].bFault THEN
            i := i + 1; (* skip the next station *)
        END_IF
    END_FOR
    ```

    ## Use instead
    A WHILE loop, whose counter is the code's own to change:
    ```st
    i := 1;
    WHILE i <= 10 DO
        IF aStation[i].bFault THEN
            i := i + 2; (* skip the next station *)
        ELSE
            i := i + 1;
        END_IF
    END_WHILE
    ```

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines L22; CODESYS static analysis SA0072.
    """

    code = "L22"
    name = "for-counter-modified"
    message = "FOR counter '{name}' is {how} inside the loop"
    severity = Severity.ERROR
    category = Category.CONTROL_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for loop, _counter, uses in counted_loops(pou, analysis):
            control = loop.child_by_field_name("control")
            assert control is not None  # counted_loops only yields loops with a named counter
            start, end = loop_body_span(loop)
            for use in uses:
                if use.is_write and start <= use.location.start < end:
                    node = unit.tree.root_node.descendant_for_byte_range(
                        use.location.start, use.location.end
                    )
                    yield self.finding(
                        user_location(unit, use.location.start, use.location.end),
                        pou,
                        name=user_text(unit, control),
                        how=_how(node, use),
                    )


def _how(node: Node | None, use: Use) -> str:
    """How the write happens, in the words of the message."""
    current = node
    while current is not None and current.type != "named_argument":
        if current.type.endswith("_statement"):
            break
        current = current.parent
    kind = current.type if current is not None else ""
    if kind == "for_statement":
        return "reused as the counter of a nested FOR"
    if use.kind is UseKind.READ_WRITE:
        return "passed to a VAR_IN_OUT"
    if kind == "named_argument":
        return "received from an output (=>)"
    return "assigned"
