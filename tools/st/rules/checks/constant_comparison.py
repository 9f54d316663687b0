"""WERK202: a comparison that is always TRUE or always FALSE."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.model.types import Category as TypeCategory
from werk.tools.st.model.types import ElementaryType
from werk.tools.st.rules.checks._expressions import (
    COMPARISONS,
    MIRRORED,
    comparison_outcome,
    is_pure,
    is_storage,
    is_subrange,
    literal_value,
    normalized,
    side,
    syntax,
    value_range,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import expression_type, operator

# x op x for any x that is not NaN.
REFLEXIVE = {"=": True, "<=": True, ">=": True, "<>": False, "<": False, ">": False}


class ConstantComparison(Rule):
    """## What it does
    Finds comparisons whose result the types already decide:

    - a stored integer value compared with a literal at or beyond the edge of
      its type's range: `usValue < 0` (always FALSE), `usValue >= 0` (always
      TRUE), `nSint > 127`, `byData <= 255`;
    - a BOOL compared with a number other than 0 or 1: `bFlag = 2`;
    - a variable compared with itself: `x = x`, `x <> x`, `aData[i] >= aData[i]`.

    Not flagged: a literal outside the type's range (`nSint = 200`: that is
    WERK201, an error); subrange variables (`IF nPercent > 100 THEN` is a
    legitimate defensive check, since most runtimes do not enforce subranges);
    arithmetic (`nSint + 1 > 127` is computed in a wider register); a REAL
    compared with itself (`rValue <> rValue` is the usual test for NaN).

    ## Why is this bad?
    A condition that cannot change is a bug waiting in plain sight: `WHILE
    usIndex >= 0 DO` never ends and trips the watchdog, `IF nLevel < 0 THEN`
    on an unsigned level never raises the sensor-fault alarm, and a copy-paste
    slip such as `nSetpoint = nSetpoint` (meant: `= nActual`) makes an
    interlock always pass.

    ## Example
    ```st
    VAR
        uiLevel : UINT;
    END_VAR
    IF uiLevel < 0 THEN
        bSensorFault := TRUE;
    END_IF
    ```

    ## Use instead
    ```st
    VAR
        nLevel : INT; (* the raw value can be negative on a wire break *)
    END_VAR
    IF nLevel < 0 THEN
        bSensorFault := TRUE;
    END_IF
    ```

    ## Fix safety
    No fix: either the comparison or the type is wrong.

    ## References
    No PLCopen guideline; CODESYS static analysis SA0055 (unnecessary
    comparisons of unsigned operands) and SA0059 (comparison operations
    always returning TRUE or FALSE).
    """

    code = "WERK202"
    name = "constant-comparison"
    message = "Comparison is always {result}: {reason}"
    severity = Severity.WARNING
    category = Category.TYPES

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        for node in syntax(pou).of("binary_expression"):
            op = operator(node)
            if op not in COMPARISONS:
                continue
            left, right = side(node, "left"), side(node, "right")
            if left is None or right is None:
                continue
            location = self.node_location(unit, node)
            left_value, right_value = literal_value(unit, left), literal_value(unit, right)
            if left_value is None and right_value is None:
                if is_pure(left) and normalized(unit, left) == normalized(unit, right):
                    operand_type = self.project.resolve_alias(
                        expression_type(analysis, left) or ElementaryType("BOOL")
                    )
                    if (
                        isinstance(operand_type, ElementaryType)
                        and operand_type.info.category is TypeCategory.REAL
                    ):
                        continue  # x <> x is TRUE for NaN only: a deliberate NaN test
                    result = REFLEXIVE[op]
                    reason = f"'{unit.text(left)}' is compared with itself"
                    yield self.finding(location, pou, result=bool_text(result), reason=reason)
                continue
            if left_value is not None and right_value is not None:
                continue  # both literals: written on purpose, e.g. to disable a branch
            if right_value is not None:
                stored, constant, normal_op = left, right_value, op
            else:
                assert left_value is not None
                stored, constant, normal_op = right, left_value, MIRRORED[op]
            if not is_storage(stored):
                continue
            stored_type = expression_type(analysis, stored)
            if is_subrange(self.project, stored_type):
                continue
            values = value_range(self.project, stored_type, with_bool=True)
            if values is None or stored_type is None:
                continue
            is_bool = self.project.resolve_alias(stored_type) == ElementaryType("BOOL")
            if isinstance(constant, int) and constant not in values and not is_bool:
                continue  # out of range: WERK201
            result = comparison_outcome(normal_op, values, constant)
            if result is None:
                continue
            holds = "FALSE (0) or TRUE (1)" if is_bool else str(values)
            reason = f"'{unit.text(stored)}' is a {stored_type} and holds only {holds}"
            yield self.finding(location, pou, result=bool_text(result), reason=reason)


def bool_text(value: bool) -> str:
    return "TRUE" if value else "FALSE"
