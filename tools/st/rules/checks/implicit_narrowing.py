"""CP25: an implicit conversion that can lose information."""

from __future__ import annotations

from collections.abc import Iterator

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.model.types import Category, ElementaryType, TypeRef
from werk.tools.st.model.uses import Conversion
from werk.tools.st.rules.checks._expressions import (
    Values,
    expression_file_span,
    integer_range,
    literal_value,
)
from werk.tools.st.rules.finding import Finding, Fix, FixSafety, Severity, TextEdit
from werk.tools.st.rules.rule import Category as RuleCategory
from werk.tools.st.rules.rule import Rule

INTEGERS = frozenset({Category.SIGNED, Category.UNSIGNED, Category.BIT_STRING})
# Bits of an integer a floating-point type represents exactly (its mantissa and the hidden bit).
EXACT_BITS = {"REAL": 24, "LREAL": 53}
# Types whose <SOURCE>_TO_<TARGET> conversion functions every dialect has.
CONVERTIBLE = frozenset(
    {
        "BOOL", "BYTE", "WORD", "DWORD", "LWORD", "SINT", "INT", "DINT", "LINT",
        "USINT", "UINT", "UDINT", "ULINT", "REAL", "LREAL", "TIME", "LTIME",
    }
)  # fmt: skip


class ImplicitNarrowing(Rule):
    """## What it does
    Finds implicit conversions, at assignments and parameter passing, that can
    lose information:

    - to an integer type that cannot hold every value of the source
      (`nInt := nDint`, `nByte := nWord`);
    - between signed and unsigned types when the target cannot hold every
      value (`uiCount := nInt`, `nInt := wRaw`, `nSint := nByte`); bit strings
      (BYTE, WORD, DWORD, LWORD) count as unsigned integers of their width;
    - from REAL or LREAL to any integer (the fraction is lost);
    - from LREAL to REAL, and from an integer to a floating-point type that
      cannot represent all its values exactly (DINT, UDINT, DWORD and wider to
      REAL; LINT, ULINT, LWORD to LREAL);
    - from any other type to BOOL, and from LTIME to TIME (and the long date
      and time types to their short forms).

    Not flagged: widening conversions (SINT to INT, INT to DINT, USINT to
    UINT, INT to REAL, DINT to LREAL, REAL to LREAL, BOOL to anything);
    literals and literal-valued constants that fit the target (a literal that
    does not fit is WERK201); explicit conversions (`DINT_TO_INT(nDint)`).

    ## Why is this bad?
    The compiler converts silently and the value wraps or is cut: a DINT
    position of 40000 becomes -25536 in an INT, a negative offset becomes
    65535 in a UINT, a REAL setpoint of 2.7 becomes 2 or 3 depending on the
    runtime. The drive moves to the wrong position, the counter jumps, and the
    code reads as if nothing happened.

    ## Example
    ```st
    VAR
        nPosition : DINT;
        nSetpoint : INT;
    END_VAR
    nSetpoint := nPosition;
    ```

    ## Use instead
    ```st
    nSetpoint := DINT_TO_INT(LIMIT(-32768, nPosition, 32767));
    ```
    or a wide enough target type. The explicit conversion documents that the
    narrowing is intended; the LIMIT makes it safe.

    ## Fix safety
    Unsafe (opt-in with `--unsafe-fixes`): the fix wraps the value in the
    explicit conversion function (`DINT_TO_INT(nPosition)`), which is what
    PLCopen CP25 asks for but adds no range check. From REAL or LREAL to an
    integer, the explicit function rounds while some runtimes truncate on an
    implicit conversion, so the result can change by one. Review each fix.

    ## References
    PLCopen Coding Guidelines CP25; CODESYS static analysis SA0131 (implicit
    narrowing conversions) and SA0132 (implicit signed/unsigned conversions).
    """

    code = "CP25"
    name = "implicit-narrowing"
    message = "Implicit conversion from {source} to {target} can lose information: {reason}"
    severity = Severity.WARNING
    category = RuleCategory.TYPES
    fix_title = "make the conversion explicit"

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        if not analysis.conversions:
            return
        unit = pou.location.unit
        values: Values | None = None
        for conversion in analysis.conversions:
            source, target = conversion.source, conversion.target
            if not isinstance(source, ElementaryType) or not isinstance(target, ElementaryType):
                continue
            reason = narrowing(source, target)
            if reason is None:
                continue
            start, end = conversion.location.start, conversion.location.end
            node = unit.tree.root_node.named_descendant_for_byte_range(start, end)
            if node is not None and (node.start_byte, node.end_byte) == (start, end):
                if literal_value(unit, node) is not None:
                    continue  # fits: not narrowing; does not fit: WERK201
                values = values or Values(self.project, analysis)
                if fits(values.value(node), target):
                    continue
            yield self.finding(
                conversion.location,
                pou,
                self._fix(conversion),
                source=source,
                target=target,
                reason=reason,
            )

    def _fix(self, conversion: Conversion) -> Fix | None:
        source, target = str(conversion.source), str(conversion.target)
        if source not in CONVERTIBLE or target not in CONVERTIBLE:
            return None
        function = f"{source}_TO_{target}"
        location = conversion.location
        path = location.unit.path
        start, end = expression_file_span(location.unit, location.start, location.end)
        value = location.unit.lowered.text[location.start : location.end].decode("utf-8", "replace")
        return Fix(
            f"make the conversion explicit: {function}({' '.join(value.split())})",
            (
                TextEdit(path, start, start, f"{function}(".encode()),
                TextEdit(path, end, end, b")"),
            ),
            FixSafety.UNSAFE,
        )


def narrowing(source: ElementaryType, target: ElementaryType) -> str | None:
    """Why converting ``source`` to ``target`` can lose information, or None when it cannot."""
    a, b = source.info, target.info
    if a.category is Category.BOOL:
        return None
    if b.category is Category.BOOL:
        return "only 0 and 1 fit in BOOL"
    if a.category in INTEGERS and b.category in INTEGERS:
        source_range, target_range = integer_range(source.name), integer_range(target.name)
        if source_range is None or target_range is None or target_range.contains(source_range):
            return None
        if a.category is Category.SIGNED and b.category is not Category.SIGNED:
            return f"negative values do not fit in {target} ({target_range})"
        if a.category is not Category.SIGNED and b.category is Category.SIGNED:
            return f"large values change sign in {target} ({target_range})"
        return f"{target} holds only {target_range}"
    if a.category is Category.REAL and b.category in INTEGERS:
        return "the fraction is lost"
    if a.category is Category.REAL and b.category is Category.REAL and b.bits < a.bits:
        return f"{target} keeps fewer digits"
    if a.category in INTEGERS and b.category is Category.REAL:
        exact = EXACT_BITS.get(target.name, 0)
        magnitude = a.bits - 1 if a.category is Category.SIGNED else a.bits
        if magnitude > exact:
            return f"{target} represents integers exactly only up to 2**{exact}"
        return None
    if a.category is b.category and a.category in (Category.DURATION, Category.DATE):
        return f"{target} has fewer bits" if b.bits < a.bits else None
    return None


def fits(value: float | int | None, target: TypeRef) -> bool:
    """Whether a constant's known value survives the conversion unchanged."""
    if value is None or not isinstance(target, ElementaryType):
        return False
    if isinstance(value, float):
        if target.info.category is Category.REAL:
            return True
        if not value.is_integer():
            return False
        value = int(value)
    if target.info.category is Category.REAL:
        return abs(value) <= 2 ** EXACT_BITS[target.name]
    found = integer_range(target.name)
    return found is not None and value in found
