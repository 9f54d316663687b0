"""L13: a FOR loop's control variable read after the loop, before it is written again."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._control_flow import (
    CLAUSES,
    LEAVING,
    branches,
    counted_loops,
    has_else,
    is_jump,
    statements_of,
    user_location,
    user_text,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import POU_NODES
from werk.tools.st.unit import StUnit


class ForCounterUsedAfterLoop(Rule):
    """## What it does
    Finds a read of a FOR loop's control variable after the loop, on a path
    where nothing has written it since: the first such read per loop.

    Followed forward from the loop: the rest of its statement list, then the
    statements after each enclosing IF, CASE or loop (and the WHILE/UNTIL
    condition of an enclosing loop). An assignment, an output (`=>`) or a new
    FOR on the same variable writes it; an IF or CASE writes it when every
    branch (ELSE included) does; a WHILE or FOR body may run zero times and
    does not count. Following stops at RETURN, EXIT, CONTINUE and jumps, and
    at `ADR()` of the variable. Not followed: the next scan cycle (an FB or
    program variable keeps its value), the back edge of an enclosing loop (a
    read at the top of its body in the next iteration), and code in other
    POUs (an action or method called after the loop).

    ## Why is this bad?
    IEC 61131-3 leaves the value of the control variable after the loop to the
    implementation: after `FOR i := 1 TO 10` one runtime leaves 11, another 10,
    and a loop that ran zero times leaves the start value. Code that uses it
    as "the index found" or "the number of entries" behaves differently after
    a firmware change or a move to another controller, and when the loop ran
    to its end the index points past the array: the recipe written there
    overwrites the next variable in memory.

    ## Example
    ```st
    FOR i := 1 TO 10 DO
        IF aSlot[i].bFree THEN
            EXIT;
        END_IF
    END_FOR
    aSlot[i].nPart := nPart; (* i is 11 on many runtimes when no slot was free *)
    ```

    ## Use instead
    ```st
    nFree := 0;
    FOR i := 1 TO 10 DO
        IF aSlot[i].bFree THEN
            nFree := i;
            EXIT;
        END_IF
    END_FOR
    IF nFree > 0 THEN
        aSlot[nFree].nPart := nPart;
    END_IF
    ```

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines L13; closest: CODESYS static analysis SA0072.
    """

    code = "L13"
    name = "for-counter-used-after-loop"
    message = (
        "FOR counter '{name}' is read after the loop, where its value is implementation-defined"
    )
    severity = Severity.WARNING
    category = Category.CONTROL_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for loop, _counter, uses in counted_loops(pou, analysis):
            control = loop.child_by_field_name("control")
            assert control is not None  # counted_loops only yields loops with a named counter
            later = [
                use for use in uses if not loop.start_byte <= use.location.start < loop.end_byte
            ]
            if not any(use.is_read for use in later):
                continue
            read = _Flow(unit, later).after(loop)
            if read is not None:
                location = user_location(unit, read.location.start, read.location.end)
                yield self.finding(location, pou, name=user_text(unit, control))


class _Outcome(Enum):
    ON = "falls through"  # control goes on to the next statement; the variable is unwritten
    WRITTEN = "written"  # every path to the next statement wrote the variable
    STOPPED = "stopped"  # control leaves (RETURN, EXIT, jump) or the variable escapes


class _Flow:
    """Follows control forward from a loop, looking for a read of its counter."""

    def __init__(self, unit: StUnit, uses: list[Use]) -> None:
        self.unit = unit
        self.uses = uses  # the counter's uses after the loop, in evaluation order
        self.read: Use | None = None

    def after(self, loop: Node) -> Use | None:
        """The first read of the counter on a path from the end of ``loop``, if any."""
        node = loop
        while self.run(_following(node)) is _Outcome.ON:
            parent = node.parent
            if parent is None or parent.type in POU_NODES:
                break
            owner = parent.parent if parent.type in CLAUSES else parent
            if owner is None:
                break
            if owner.type in ("while_statement", "repeat_statement") and (
                self.expression(owner.child_by_field_name("condition")) is not _Outcome.ON
            ):
                break
            node = owner
        return self.read

    def run(self, nodes: list[Node]) -> _Outcome:
        for statement in nodes:
            outcome = self.statement(statement)
            if outcome is not _Outcome.ON:
                return outcome
        return _Outcome.ON

    def statement(self, node: Node) -> _Outcome:
        kind = node.type
        if kind in LEAVING or (kind == "empty_statement" and is_jump(self.unit, node)):
            return _Outcome.STOPPED
        if kind in ("if_statement", "case_statement"):
            return self.selection(node)
        if kind == "for_statement":
            for part in ("start", "end", "step"):
                if self.expression(node.child_by_field_name(part)) is not _Outcome.ON:
                    return _Outcome.STOPPED
            if self.uses_in(node.child_by_field_name("control")):
                return _Outcome.WRITTEN  # a new loop on the same counter sets it
            return self.loop_body(node)
        if kind == "while_statement":
            if self.expression(node.child_by_field_name("condition")) is not _Outcome.ON:
                return _Outcome.STOPPED
            return self.loop_body(node)
        if kind == "repeat_statement":
            outcome = self.run(statements_of(node.children_by_field_name("body")))
            if outcome is _Outcome.WRITTEN or self.read is not None:
                return outcome
            return self.expression(node.child_by_field_name("condition"))
        return self.expression(node)

    def loop_body(self, node: Node) -> _Outcome:
        """A body that may run zero times: a read in it counts, a write does not."""
        self.run(statements_of(node.children_by_field_name("body")))
        return _Outcome.STOPPED if self.read is not None else _Outcome.ON

    def selection(self, node: Node) -> _Outcome:
        if node.type == "if_statement":
            head = node.child_by_field_name("condition")
        else:
            head = node.child_by_field_name("subject") or (
                node.named_children[0] if node.named_children else None
            )
        if self.expression(head) is not _Outcome.ON:
            return _Outcome.STOPPED
        outcomes = []
        for branch in branches(node):
            condition = branch.clause.child_by_field_name("condition") if branch.clause else None
            if branch.kind == "ELSIF" and self.expression(condition) is not _Outcome.ON:
                return _Outcome.STOPPED
            outcomes.append(self.run(branch.statements))
            if self.read is not None:
                return _Outcome.STOPPED
        if not has_else(node) or _Outcome.ON in outcomes:
            return _Outcome.ON
        if all(outcome is _Outcome.STOPPED for outcome in outcomes):
            return _Outcome.STOPPED
        return _Outcome.WRITTEN

    def uses_in(self, node: Node | None) -> list[Use]:
        if node is None:
            return []
        return [
            use
            for use in self.uses
            if node.start_byte <= use.location.start and use.location.end <= node.end_byte
        ]

    def expression(self, node: Node | None) -> _Outcome:
        """The counter's uses in a simple statement or expression, in evaluation order."""
        for use in self.uses_in(node):
            if use.kind is UseKind.ADDRESS:
                return _Outcome.STOPPED
            if use.is_read:
                self.read = use
                return _Outcome.STOPPED
            if use.kind is UseKind.WRITE and not use.partial:
                return _Outcome.WRITTEN
        return _Outcome.ON


def _following(node: Node) -> list[Node]:
    """The statements after ``node`` in its statement list."""
    parent = node.parent
    if parent is None:
        return []
    field = None
    siblings = parent.children
    for index, child in enumerate(siblings):
        if child == node:
            field = parent.field_name_for_child(index)
            break
    found = []
    seen = False
    for index, child in enumerate(siblings):
        if seen and parent.field_name_for_child(index) == field:
            found.append(child)
        if child == node:
            seen = True
    return statements_of(found)
