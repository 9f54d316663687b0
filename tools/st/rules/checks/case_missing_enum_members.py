"""WERK303: a CASE over an enumeration that handles neither every member nor has an ELSE."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Location, Pou
from werk.tools.st.rules.checks._control_flow import (
    Member,
    case_header,
    case_labels,
    case_selector,
    compound_statements,
    enumeration,
    has_else,
    integer_value,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import expression_type
from werk.tools.st.unit import StUnit

MAX_LISTED = 10
INTEGER_LABELS = frozenset({"integer_literal", "typed_literal", "unary_expression"})


class CaseMissingEnumMembers(Rule):
    """## What it does
    Finds a CASE whose selector is an enumeration (declared or inline) that
    has no ELSE and whose arms do not handle every member, and lists the
    members it misses. Labels may be members (`Idle`, `E_State.Idle`,
    `E_State#Idle`), subranges of members, or integer values of members.
    A CASE with a label that cannot be evaluated (a constant, an expression)
    is not reported.

    ## Why is this bad?
    An enumeration is usually the state of a state machine. When a member is
    added later (a new `Cleaning` step) and one CASE is not extended, the
    machine reaches that state and does nothing in it: no output moves, no
    alarm is raised, and the sequence waits forever for an operator to
    notice.

    ## Example
    ```st
    CASE eState OF (* E_State: Idle, Filling, Heating, Draining *)
        E_State.Idle: bValve := FALSE;
        E_State.Filling: bValve := TRUE;
        E_State.Heating: bHeater := TRUE;
    END_CASE
    ```

    ## Use instead
    ```st
    CASE eState OF
        E_State.Idle: bValve := FALSE;
        E_State.Filling: bValve := TRUE;
        E_State.Heating: bHeater := TRUE;
        E_State.Draining: bDrain := TRUE;
    END_CASE
    ```
    or an ELSE that raises an alarm for states this CASE does not expect.

    ## Fix safety
    No fix.

    ## References
    No PLCopen guideline; CODESYS static analysis SA0076.
    """

    code = "WERK303"
    name = "case-missing-enum-members"
    message = "CASE on {type} does not handle {missing} and has no ELSE"
    severity = Severity.WARNING
    category = Category.CONTROL_FLOW

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for node in compound_statements(pou, "case_statement"):
            if has_else(node):
                continue
            selector = case_selector(node)
            found = enumeration(self.project, expression_type(analysis, selector))
            if selector is None or found is None:
                continue
            type_name, members = found
            handled = _handled(unit, case_labels(node), members)
            if handled is None:
                continue
            missing = [m.name for m in members if m.name.lower() not in handled]
            if not missing:
                continue
            listed = ", ".join(missing[:MAX_LISTED])
            if len(missing) > MAX_LISTED:
                listed += f" and {len(missing) - MAX_LISTED} more"
            yield self.finding(
                Location(unit, *case_header(node)), pou, type=type_name, missing=listed
            )


def _handled(unit: StUnit, labels: list[Node], members: list[Member]) -> set[str] | None:
    """The lower-case names of the members the labels cover; None if a label is unknown."""
    handled: set[str] = set()
    for label in labels:
        if label.type == "subrange":
            low = _value(unit, label.child_by_field_name("lower"), members)
            high = _value(unit, label.child_by_field_name("upper"), members)
            if low is None or high is None:
                return None
            handled.update(
                m.name.lower() for m in members if m.value is not None and low <= m.value <= high
            )
            continue
        member = _member(unit, label, members)
        if member is not None:
            handled.add(member.name.lower())
            continue
        value = _value(unit, label, members)
        if value is None:
            return None
        handled.update(m.name.lower() for m in members if m.value == value)
    return handled


def _member(unit: StUnit, label: Node, members: list[Member]) -> Member | None:
    """The member a label names: ``Idle`` or ``E_State.Idle`` (``E_State#Idle`` lowered)."""
    name = label
    if label.type == "member_access_expression":
        name = label.child_by_field_name("member") or label
    if name.type != "identifier":
        return None
    wanted = unit.identifier_name(name).lower()
    return next((m for m in members if m.name.lower() == wanted), None)


def _value(unit: StUnit, label: Node | None, members: list[Member]) -> int | None:
    if label is None:
        return None
    member = _member(unit, label, members)
    if member is not None:
        return member.value
    if label.type in INTEGER_LABELS:
        return integer_value(unit, label)
    return None
