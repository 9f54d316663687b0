"""CP8: equality comparison on REAL/LREAL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.rules.finding import Finding, Fix, FixSafety, Severity, TextEdit
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import elementary_name, expression_type, of_type, operator, statements

REAL_TYPES = frozenset({"REAL", "LREAL"})


class RealEquality(Rule):
    """## What it does
    Finds `=` and `<>` between REAL or LREAL operands.

    ## Why is this bad?
    Floating-point values from sensors and arithmetic are almost never exactly
    equal: `0.1 + 0.2 = 0.3` is FALSE in IEEE arithmetic. A comparison meant to
    stop a pump at a level may never fire, and the tank overflows.

    ## Example
    ```st
    IF rLevel = 100.0 THEN bPump := FALSE; END_IF
    ```

    ## Use instead
    ```st
    IF ABS(rLevel - 100.0) < rTolerance THEN bPump := FALSE; END_IF
    ```
    or, for a limit, `rLevel >= 100.0`.

    ## Fix safety
    Unsafe (opt-in with `--unsafe-fixes`): the fix rewrites the comparison as
    `ABS(a - b) < tolerance` (`<>` becomes `>=`), which changes behaviour for
    values within the tolerance. Setting: `tolerance` (default `1.0E-5`).

    ## References
    PLCopen Coding Guidelines CP8; CODESYS static analysis SA0054.
    """

    code = "CP8"
    name = "real-equality"
    message = "Equality comparison ({operator}) on {type} values"
    severity = Severity.WARNING
    category = Category.TYPES
    fix_title = "compare with a tolerance"
    default_options: ClassVar[Mapping[str, Any]] = {"tolerance": "1.0E-5"}

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for node in of_type(statements(pou), "binary_expression"):
            op = operator(node)
            if op not in ("=", "<>"):
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            types = {
                elementary_name(self.project, expression_type(analysis, side))
                for side in (left, right)
            }
            real = types & REAL_TYPES
            if not real or left is None or right is None:
                continue
            location = self.node_location(unit, node)
            comparison = "<" if op == "=" else ">="
            replacement = (
                f"ABS({unit.text(left)} - ({unit.text(right)})) {comparison} "
                f"{self.options['tolerance']}"
            )
            start, end = location.file_span()
            fix = Fix(
                f"compare with a tolerance: {replacement}",
                (TextEdit(unit.path, start, end, replacement.encode()),),
                FixSafety.UNSAFE,
            )
            yield self.finding(location, pou, fix, operator=op, type=sorted(real)[-1])
