"""WERK302: a CASE on a value that is not an enumeration, without an ELSE."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Location, Pou
from werk.tools.st.model.types import Category as TypeCategory
from werk.tools.st.model.types import ElementaryType, GenericType, SubrangeType, TypeRef
from werk.tools.st.rules.checks._control_flow import (
    case_header,
    case_labels,
    case_selector,
    compound_statements,
    enumeration,
    has_else,
    integer_value,
    user_text,
)
from werk.tools.st.rules.finding import Finding, Fix, Severity, TextEdit
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import expression_type
from werk.tools.st.unit import StUnit

INTEGER_LABELS = frozenset(
    {"integer_literal", "typed_literal", "unary_expression", "boolean_literal"}
)
ELSE_TEXT = b"; (* TODO: unexpected value *)"
INDENT = re.compile(rb"[ \t]*")


class CaseWithoutElse(Rule):
    """## What it does
    Finds a CASE without an ELSE whose selector is not an enumeration (an
    integer, a subrange, a BOOL...), unless its arms provably cover every
    value of the selector's type (`CASE nSubrange OF 0..3:` on an `INT(0..3)`).
    A selector of unknown type is reported only when all its labels are
    integer values. CASE over enumerations is WERK303's.

    ## Why is this bad?
    A step number, a recipe index or a mode word that takes a value no arm
    expects (after a new step was added elsewhere, a bad HMI entry, a
    corrupted retain variable) makes the CASE silently do nothing: a step
    chain stalls in a state nobody sees, with its outputs frozen where they
    were.

    ## Example
    ```st
    CASE nStep OF
        0: bMotor := FALSE;
        10: bMotor := TRUE;
    END_CASE
    ```

    ## Use instead
    ```st
    CASE nStep OF
        0: bMotor := FALSE;
        10: bMotor := TRUE;
    ELSE
        bStepError := TRUE; (* an unexpected step stops the sequence visibly *)
    END_CASE
    ```

    ## Fix safety
    Safe: inserts `ELSE` with an empty statement and a
    `(* TODO: unexpected value *)` comment before END_CASE, indented like the
    arms. An ELSE that does nothing behaves exactly as the missing ELSE did;
    the comment marks where to decide what an unexpected value should do.

    ## References
    No PLCopen guideline; CODESYS static analysis SA0075.
    """

    code = "WERK302"
    name = "case-without-else"
    message = "CASE on {what} has no ELSE: an unexpected value does nothing"
    severity = Severity.WARNING
    category = Category.CONTROL_FLOW
    fix_title = "insert an ELSE branch with a TODO comment"

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for node in compound_statements(pou, "case_statement"):
            if has_else(node):
                continue
            selector = case_selector(node)
            if selector is None:
                continue
            type_ref = expression_type(analysis, selector)
            if enumeration(self.project, type_ref) is not None:
                continue
            labels = case_labels(node)
            values = _value_range(self.project.resolve_alias(type_ref) if type_ref else None)
            if values is None:
                if not labels or not all(_integer_label(label) for label in labels):
                    continue  # an unknown type with named labels may be an enumeration
            elif _covers(unit, labels, values):
                continue
            what = f"'{user_text(unit, selector)}'"
            yield self.finding(
                Location(unit, *case_header(node)), pou, _insert_else(unit, node), what=what
            )


def _integer_label(label: Node) -> bool:
    if label.type == "subrange":
        return all(_integer_label(bound) for bound in label.named_children)
    return label.type in INTEGER_LABELS


def _value_range(resolved: TypeRef | None) -> tuple[int, int] | None:
    """The values a selector of this type can hold, when it is an integer-like type."""
    if isinstance(resolved, SubrangeType):
        if resolved.lower_value is not None and resolved.upper_value is not None:
            return resolved.lower_value, resolved.upper_value
        return (1, 0)  # bounds that are not literals: never provably covered
    if isinstance(resolved, GenericType) and resolved.name == "ANY_INT":
        return (1, 0)  # an integer, but no known bounds: never covered
    if not isinstance(resolved, ElementaryType):
        return None
    info = resolved.info
    if info.category is TypeCategory.BOOL:
        return 0, 1
    if info.category is TypeCategory.SIGNED:
        return -(2 ** (info.bits - 1)), 2 ** (info.bits - 1) - 1
    if info.category in (TypeCategory.UNSIGNED, TypeCategory.BIT_STRING):
        return 0, 2**info.bits - 1
    return (1, 0)  # TIME, STRING...: known, not an enumeration, never covered


def _covers(unit: StUnit, labels: list[Node], values: tuple[int, int]) -> bool:
    """Whether the labels provably cover every value in ``values``."""
    low, high = values
    if low > high:
        return False
    spans = []
    for label in labels:
        if label.type == "subrange":
            lower = label.child_by_field_name("lower")
            upper = label.child_by_field_name("upper")
            first = integer_value(unit, lower) if lower is not None else None
            last = integer_value(unit, upper) if upper is not None else None
        elif label.type in INTEGER_LABELS:
            first = last = integer_value(unit, label)
        else:
            return False
        if first is None or last is None:
            return False
        spans.append((first, last))
    reached = low - 1
    for first, last in sorted(spans):
        if first > reached + 1:
            return False
        reached = max(reached, last)
        if reached >= high:
            return True
    return reached >= high


def _insert_else(unit: StUnit, node: Node) -> Fix | None:
    """An edit that adds ``ELSE ;`` with a TODO comment before END_CASE."""
    end = next((c for c in node.children if c.type == "END_CASE"), None)
    if end is None or end.is_missing:
        return None
    newline = b"\r\n" if b"\r\n" in unit.document.text else b"\n"
    closing = _line_indent(unit, end.start_byte)
    if closing is None:  # END_CASE shares its line with code: insert inline
        insertion = b"ELSE " + ELSE_TEXT + b" "
        start, _ = unit.file_span(end.start_byte, end.start_byte)
    else:
        clauses = [c for c in node.named_children if c.type == "case_clause"]
        case = _line_indent(unit, node.start_byte) or b""
        arm = _line_indent(unit, clauses[0].start_byte) if clauses else None
        if arm is None:  # arms on the CASE line: align ELSE with END_CASE
            arm = closing
        step = arm[len(case) :] if arm.startswith(case) and len(arm) > len(case) else b"    "
        first = next((s for c in clauses for s in c.children_by_field_name("body")), None)
        inner = _line_indent(unit, first.start_byte) if first is not None else None
        if inner is None or len(inner) <= len(arm):
            inner = arm + step
        insertion = arm + b"ELSE" + newline + inner + ELSE_TEXT + newline
        line_start = unit.lowered.text.rfind(b"\n", 0, end.start_byte) + 1
        start, _ = unit.file_span(line_start, line_start)
    return Fix(
        "insert an ELSE branch with a TODO comment",
        (TextEdit(unit.path, start, start, insertion),),
    )


def _line_indent(unit: StUnit, offset: int) -> bytes | None:
    """The whitespace before ``offset`` on its line, as the user wrote it; None if not first."""
    original, _ = unit.lowered.offsets.span_to_original(offset, offset)
    text = unit.document.text
    line_start = text.rfind(b"\n", 0, original) + 1
    before = text[line_start:original]
    match = INDENT.match(before)
    if match is None or match.end() != len(before):
        return None
    return before
