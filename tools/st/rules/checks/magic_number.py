"""WERK205: a numeric literal in code where a named constant would say what it means."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.rules.checks._expressions import Number, literal_value, parse_number, syntax
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import operator

ALWAYS_ALLOWED: frozenset[Number] = frozenset({0, 1, -1, 2})
NUMBERS = frozenset({"integer_literal", "real_literal", "typed_literal"})
TIMES = frozenset({"time_literal", "time_of_day_literal", "date_literal", "date_and_time_literal"})


class MagicNumber(Rule):
    """## What it does
    Finds numeric literals in statements (`IF nLevel > 87 THEN`, `rOut :=
    rIn * 0.4536;`, `tonPump(PT := T#7S)` when time literals are checked),
    except 0, 1, -1 and 2, and the values listed in the `allowed` setting.

    Not flagged: initial values in declarations (`cMaxLevel : INT := 87;` is
    where a number gets its name), CASE labels (`CASE nStep OF 10:` names a
    step), and, by default, TIME, TIME_OF_DAY, DATE and DATE_AND_TIME
    literals (`T#5S` already carries its unit; with the setting off, zero
    durations such as `T#0S` are still allowed). A negative literal counts
    with its sign (`-1` is allowed); a typed literal (`INT#250`) is judged by
    its value. Bit access (`wStatus.3`) is not a literal.

    Settings: `allowed` (default `[0, 1, -1, 2, 10, 100]`; 0, 1, -1 and 2 are
    always allowed), `ignore_time_literals` (default `true`).

    Off by default: many plants accept literals for scaling factors and step
    numbers; select WERK205 to enforce named constants.

    ## Why is this bad?
    `87` in a condition is a fill limit, a temperature or a step number, and
    the engineer who changes it at the machine has to guess which. The same
    limit typed in three places is changed in two: the alarm trips at one
    level and the pump stops at another. A named constant (`cMaxLevel`)
    says what the number is and changes it everywhere at once.

    ## Example
    ```st
    IF rLevel > 87.5 THEN
        bInletValve := FALSE;
    END_IF
    ```

    ## Use instead
    ```st
    VAR CONSTANT
        cMaxLevel : REAL := 87.5; (* % of tank height *)
    END_VAR
    IF rLevel > cMaxLevel THEN
        bInletValve := FALSE;
    END_IF
    ```

    ## Fix safety
    No fix: naming the constant is the engineer's job.

    ## References
    No PLCopen guideline (it asks for meaningful names, N-rules); closest:
    Beckhoff TwinCAT programming conventions "No magic numbers". CODESYS
    static analysis has no equivalent rule.
    """

    code = "WERK205"
    name = "magic-number"
    message = "Magic number {value}: name it as a constant"
    severity = Severity.INFO
    category = Category.STYLE
    enabled_by_default = False
    default_options: ClassVar[Mapping[str, Any]] = {
        "allowed": [0, 1, -1, 2, 10, 100],
        "ignore_time_literals": True,
    }

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        allowed = self._allowed()
        index = syntax(pou)
        kinds = NUMBERS | TIMES if not self.options.get("ignore_time_literals", True) else NUMBERS
        for node in index.of(*kinds):
            parent = node.parent
            if node.id in index.in_case_label or (parent and parent.type == "typed_literal"):
                continue  # a CASE label names a step; a typed literal is judged whole
            if node.type in TIMES:
                if not is_zero(unit.text(node)):
                    yield self.finding(self.node_location(unit, node), pou, value=unit.text(node))
                continue
            if parent is not None and parent.type == "unary_expression" and operator(parent) == "-":
                node = parent  # -42 counts with its sign
            value = literal_value(unit, node)
            if value is not None and value not in allowed:
                yield self.finding(self.node_location(unit, node), pou, value=unit.text(node))

    def _allowed(self) -> frozenset[Number]:
        found: set[Number] = set(ALWAYS_ALLOWED)
        for entry in self.options.get("allowed", ()):
            value = entry if isinstance(entry, int | float) else parse_number(str(entry))
            if value is not None and not isinstance(value, bool):
                found.add(value)
        return frozenset(found)


def is_zero(text: str) -> bool:
    """``T#0S``: no duration at all, as allowed as the number 0."""
    digits = [c for c in text.split("#", 1)[-1] if c.isdigit()]
    return bool(digits) and all(c == "0" for c in digits)
