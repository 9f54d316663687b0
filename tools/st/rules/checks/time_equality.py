"""CP28: equality comparison on TIME, LTIME, TIME_OF_DAY or DATE_AND_TIME values."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.model.types import NamedType
from werk.tools.st.rules.checks._expressions import (
    is_storage,
    normalized,
    operator_token,
    side,
    syntax,
)
from werk.tools.st.rules.finding import Finding, Fix, FixSafety, Severity, TextEdit
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import elementary_name, expression_type, operator
from werk.tools.st.unit import StUnit

TIME_TYPES = frozenset(
    {"TIME", "LTIME", "TIME_OF_DAY", "LTIME_OF_DAY", "DATE_AND_TIME", "LDATE_AND_TIME"}
)
TIMERS = frozenset({"TON", "TOF", "TP", "LTON", "LTOF", "LTP"})


class TimeEquality(Rule):
    """## What it does
    Finds `=` and `<>` between TIME, LTIME, TIME_OF_DAY or DATE_AND_TIME
    operands (and their long forms).

    Not flagged: a comparison with a zero duration (`tonDelay.ET = T#0S` is
    exact while the timer is idle, and `tPreset = T#0S` checks for an unset
    parameter); a comparison between two variables when the POU also copies
    one into the other (`IF tPreset <> tPresetOld THEN ... tPresetOld :=
    tPreset;` detects an edited setting, and copies compare exactly). DATE
    values are whole days and are not flagged.

    ## Why is this bad?
    Time advances between scans, not in the steps a comparison expects: a
    timer's elapsed time `ET` goes from `T#4S990MS` to `T#5S010MS` on a 20 ms
    task and is never exactly `T#5S`, and a clock read from the RTC is never
    exactly `TOD#06:00:00` when the program looks. The shift change, the
    lubrication pulse or the step transition waiting for that instant never
    happens, and nobody notices until the machine stops in the wrong place.

    ## Example
    ```st
    tonFill(IN := bFill, PT := T#10S);
    IF tonFill.ET = T#5S THEN
        bValve2 := TRUE;
    END_IF
    ```

    ## Use instead
    ```st
    IF tonFill.ET >= T#5S THEN
        bValve2 := TRUE;
    END_IF
    ```
    or a second timer, or an edge (`R_TRIG`) on the `>=` comparison when the
    action must happen once.

    ## Fix safety
    Unsafe (opt-in with `--unsafe-fixes`), and only offered for `=` when one
    side is the `ET` output of a TON, TOF or TP: the fix writes
    `tonFill.ET >= T#5S`. Elapsed time only grows while the timer runs, so
    "has reached" is almost always what was meant, but the new condition stays
    TRUE on every later scan instead of (never quite) one: code that counted on
    a single pulse needs an edge. No fix for `<>` or for other operands.

    ## References
    PLCopen Coding Guidelines CP28; closest: CODESYS static analysis SA0054
    (the same check for REAL values).
    """

    code = "CP28"
    name = "time-equality"
    message = "Equality comparison ({operator}) on {type} values"
    severity = Severity.WARNING
    category = Category.TYPES
    fix_title = "compare the elapsed time with >="

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        copies: set[frozenset[str]] | None = None
        index = syntax(pou)
        for node in index.of("binary_expression"):
            op = operator(node)
            if op not in ("=", "<>"):
                continue
            left, right = side(node, "left"), side(node, "right")
            if left is None or right is None:
                continue
            names = {
                elementary_name(self.project, expression_type(analysis, operand))
                for operand in (left, right)
            }
            timed = names & TIME_TYPES
            if not timed or is_zero_duration(unit, left) or is_zero_duration(unit, right):
                continue
            if is_storage(left) and is_storage(right):
                if copies is None:
                    copies = assignment_pairs(unit, index.of("assignment_statement"))
                if frozenset({normalized(unit, left), normalized(unit, right)}) in copies:
                    continue
            location = self.node_location(unit, node)
            fix = self._fix(unit, analysis, node, left, right) if op == "=" else None
            yield self.finding(location, pou, fix, operator=op, type=sorted(timed)[0])

    def _fix(
        self, unit: StUnit, analysis: PouAnalysis, node: Node, left: Node, right: Node
    ) -> Fix | None:
        token = operator_token(node)
        if token is None:
            return None
        if self._is_elapsed_time(analysis, left):
            replacement, elapsed, limit = ">=", left, right
        elif self._is_elapsed_time(analysis, right):
            replacement, elapsed, limit = "<=", right, left
        else:
            return None
        start, end = unit.file_span(token.start_byte, token.end_byte)
        rewritten = f"{unit.text(left)} {replacement} {unit.text(right)}"
        return Fix(
            f"test whether {unit.text(elapsed)} has reached {unit.text(limit)}: {rewritten}",
            (TextEdit(unit.path, start, end, replacement.encode()),),
            FixSafety.UNSAFE,
        )

    def _is_elapsed_time(self, analysis: PouAnalysis, node: Node) -> bool:
        """``tonX.ET`` where ``tonX`` is a standard timer (TON, TOF, TP or their LTIME forms)."""
        if node.type != "member_access_expression":
            return False
        obj, member = node.child_by_field_name("object"), node.child_by_field_name("member")
        if obj is None or member is None:
            return False
        unit = analysis.pou.location.unit
        if unit.text(member).strip().upper() != "ET":
            return False
        timer = expression_type(analysis, obj)
        if not isinstance(timer, NamedType) or timer.name.upper() not in TIMERS:
            return False
        resolved = self.project.find_pou(timer.name)
        # A project's own FB called TON could do anything; library timers are not declared here.
        return resolved is None or self.project.is_standard(resolved)


def is_zero_duration(unit: StUnit, node: Node) -> bool:
    """``T#0S``, ``TIME#0ms``, ``LT#0s``: exact, as an idle timer's ET or an unset preset."""
    if node.type != "time_literal":
        return False
    value = unit.text(node).split("#", 1)[-1]
    digits = [c for c in value if c.isdigit()]
    return bool(digits) and all(c == "0" for c in digits)


def assignment_pairs(unit: StUnit, assignments: list[Node]) -> set[frozenset[str]]:
    """``{a, b}`` for every ``a := b`` in the POU: copies kept for change detection."""
    pairs: set[frozenset[str]] = set()
    for assignment in assignments:
        left, right = side(assignment, "left"), side(assignment, "right")
        if left is not None and right is not None and is_storage(right):
            pairs.add(frozenset({normalized(unit, left), normalized(unit, right)}))
    return pairs
