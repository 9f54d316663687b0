"""WERK204: a constant array index outside the array's declared bounds."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.scope import PouScope
from werk.tools.st.model.symbols import GlobalList, Pou, Variable
from werk.tools.st.model.types import ArrayType
from werk.tools.st.rules.checks._expressions import Values, constant_value, parse_number, syntax
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import expression_type


class ArrayIndexOutOfBounds(Rule):
    """## What it does
    Finds array accesses whose index is a constant (a literal, a negated
    literal, or a `VAR CONSTANT` or global constant with a literal value)
    outside the declared bounds of that dimension: `aData[10]` on
    `ARRAY[0..9] OF INT`, `aGrid[1, 0]` on `ARRAY[1..4, 1..8] OF BOOL`,
    `aTemp[-1]` on `ARRAY[0..7] OF REAL`. Arrays of arrays
    (`aMatrix[2][5]`) are checked level by level; bounds may be literals or
    literal-valued constants (`ARRAY[1..cSensors]`, `ARRAY[0..GVL_Par.cMax]`),
    and need not start at 0 or 1.

    Not flagged: variable indices (`aData[i]`; a loop counter running past
    the bounds is a different check), bounds that are expressions, and
    variable-length arrays (`ARRAY[*]` in a VAR_IN_OUT), whose bounds are
    known only at run time.

    ## Why is this bad?
    CODESYS and TwinCAT do not check indices at run time unless the
    CheckBounds function is present. Writing `aRecipe[10]` into a ten-element
    array starting at 0 overwrites whatever the compiler placed next in
    memory: another recipe value, a timer, an axis setpoint. The fault shows
    up far from its cause, often only on the machine.

    ## Example
    ```st
    VAR
        aDosing : ARRAY[0..9] OF REAL;
    END_VAR
    aDosing[10] := 0.0;
    ```

    ## Use instead
    ```st
    VAR CONSTANT
        cLastDose : INT := 9;
    END_VAR
    VAR
        aDosing : ARRAY[0..cLastDose] OF REAL;
    END_VAR
    aDosing[cLastDose] := 0.0;
    ```

    ## Fix safety
    No fix: either the index or the declaration is wrong.

    ## References
    No PLCopen guideline; closest: CODESYS static analysis SA0172 (possible
    access outside the array bounds) and SA0080 (loop index variable exceeds
    the array range).
    """

    code = "WERK204"
    name = "array-index-out-of-bounds"
    message = "Index {index} is out of bounds {lower}..{upper} of {array}"
    severity = Severity.ERROR
    category = Category.CORRECTNESS

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        values: Values | None = None
        scope: PouScope | None = None
        for node in syntax(pou).of("index_expression"):
            obj = node.child_by_field_name("object")
            array = self.project.resolve_alias(expression_type(analysis, obj)) if obj else None
            if obj is None or not isinstance(array, ArrayType):
                continue
            values = values or Values(self.project, analysis)
            root = values.root_variable(obj)
            if root is not None and variable_length(root):
                continue
            indices = [i for i in node.children_by_field_name("index") if i.is_named]
            for number, (index, dimension) in enumerate(
                zip(indices, array.dimensions, strict=False)
            ):
                value = values.value(index)
                if not isinstance(value, int):
                    continue
                scope = scope or PouScope(pou, self.project)
                lower = bound(dimension.lower_value, dimension.lower, scope)
                upper = bound(dimension.upper_value, dimension.upper, scope)
                if lower is None or upper is None or lower <= value <= upper:
                    continue
                name = unit.text(obj)
                if len(array.dimensions) > 1:
                    name += f" (dimension {number + 1})"
                shown = unit.text(index)
                if shown.strip() != str(value):
                    shown += f" (= {value})"
                yield self.finding(
                    self.node_location(unit, index),
                    pou,
                    index=shown,
                    lower=lower,
                    upper=upper,
                    array=name,
                )


def bound(value: int | None, text: str, scope: PouScope) -> int | None:
    """A dimension's bound: its literal value, or a literal-valued constant's (``cMax``)."""
    if value is not None:
        return value
    parts = [part.strip() for part in text.split(".")]
    symbol: object = None
    if all(part.isidentifier() for part in parts) and len(parts) <= 2:
        symbol = scope.lookup(parts[0])
        if len(parts) == 2:
            symbol = (
                next((v for v in symbol.variables if v.key == parts[1].lower()), None)
                if isinstance(symbol, GlobalList)
                else None
            )
    if isinstance(symbol, Variable):
        found = constant_value(symbol)
        return found if isinstance(found, int) else None
    found = parse_number(text)
    return found if isinstance(found, int) else None


def variable_length(variable: Variable) -> bool:
    """``ARRAY[*]``, which lowering turned into ``ARRAY[0..0]``."""
    declaration = variable.declaration
    if declaration is None:
        return False
    rewrites = declaration.unit.lowered.rewrites_in(declaration.start, declaration.end)
    return any(r.kind is RewriteKind.VARIABLE_LENGTH_ARRAY for r in rewrites)
