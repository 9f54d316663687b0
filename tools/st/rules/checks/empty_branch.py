"""WERK304: an IF, ELSIF, ELSE or CASE branch with nothing in it and no comment why."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Location, Pou
from werk.tools.st.rules.checks._control_flow import Branch, branches, compound_statements, is_blank
from werk.tools.st.rules.finding import Finding, Fix, Severity, TextEdit
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.unit import StUnit

WHAT = {"IF": "IF branch", "ELSIF": "ELSIF branch", "ELSE": "ELSE branch", "CASE": "CASE arm"}


class EmptyBranch(Rule):
    """## What it does
    Finds a branch of an IF (THEN, ELSIF, ELSE) or an arm of a CASE (ELSE
    included) that holds no statement, or only lone `;`. A comment (or a
    pragma) anywhere in the branch marks it as deliberate and it is not
    reported; the `;` that a `JMP` leaves is a statement.

    ## Why is this bad?
    An empty branch is either unfinished work (the interlock someone meant
    to write under `ELSIF bOverTemp THEN`) or a condition written the wrong
    way round. For the engineer reading it at the machine it is impossible
    to tell which: a comment saying that the case needs no action answers
    it.

    ## Example
    ```st
    IF bSafetyOk THEN
    ELSE
        bMotor := FALSE;
    END_IF
    ```

    ## Use instead
    ```st
    IF NOT bSafetyOk THEN
        bMotor := FALSE;
    END_IF
    ```
    or, for a CASE arm that deliberately does nothing:
    `E_State.Idle: ; (* waits for the start command *)`.

    ## Fix safety
    Safe, for an empty ELSE of an IF only: removes it. An ELSE that does
    nothing has no effect, and it has no condition that could have one. An
    empty CASE ELSE is kept (without it, WERK302 reports the CASE); empty IF
    and ELSIF branches have no fix, as their conditions decide which branch
    runs.

    ## References
    No PLCopen guideline; closest: CODESYS static analysis SA0003 (empty statements).
    """

    code = "WERK304"
    name = "empty-branch"
    message = "Empty {what}: add its statements, or a comment saying why it does nothing"
    severity = Severity.WARNING
    category = Category.CONTROL_FLOW
    fix_title = "remove the empty ELSE"

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for node in compound_statements(pou, "if_statement", "case_statement"):
            for branch in branches(node):
                if any(not is_blank(unit, s) for s in branch.statements):
                    continue
                if _explained(unit, branch):
                    continue
                fix = _remove_else(unit, branch) if node.type == "if_statement" else None
                yield self.finding(Location(unit, *branch.head), pou, fix, what=WHAT[branch.kind])


def _explained(unit: StUnit, branch: Branch) -> bool:
    """Whether a comment, pragma or jump label sits in the branch."""
    start, end = branch.inside
    holders = [branch.owner] if branch.clause is None else [branch.owner, branch.clause]
    for holder in holders:
        for child in holder.children:
            if child.type in ("comment", "pragma") and start <= child.start_byte < end:
                return True
    return any(
        rewrite.kind in (RewriteKind.PRAGMA, RewriteKind.JUMP_LABEL, RewriteKind.NESTED_COMMENT)
        for rewrite in unit.lowered.rewrites_in(start, end)
    )


def _remove_else(unit: StUnit, branch: Branch) -> Fix | None:
    """Delete an empty ELSE up to END_IF, with its lines when it stands on lines of its own."""
    if branch.kind != "ELSE" or branch.clause is None:
        return None
    text = unit.lowered.text
    start, end = branch.clause.start_byte, branch.inside[1]
    if unit.lowered.rewrites_in(start, end):
        return None
    else_line = text.rfind(b"\n", 0, start) + 1
    end_line = text.rfind(b"\n", 0, end) + 1
    if not text[else_line:start].strip() and not text[end_line:end].strip() and end_line > start:
        start, end = else_line, end_line
    file_start, file_end = unit.file_span(start, end)
    return Fix(
        "remove the empty ELSE",
        (TextEdit(unit.path, file_start, file_end, b""),),
    )
