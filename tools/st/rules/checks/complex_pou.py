"""CP9: a POU whose code is too complex: decisions, nesting or length over the limits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import Pou
from werk.tools.st.rules.checks._control_flow import COMPOUND, bodies, is_blank, nested_lists
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.unit import StUnit

SHORT_CIRCUITS = (RewriteKind.AND_THEN, RewriteKind.OR_ELSE)


class ComplexPou(Rule):
    """## What it does
    Measures each POU (program, function block, function, and each method,
    action and property on its own) and reports it once, on its name, when
    one or more of these exceed their limit:

    - cyclomatic complexity: 1 + one per IF, ELSIF, CASE arm (not ELSE), FOR,
      WHILE, REPEAT, AND_THEN and OR_ELSE (`max_complexity`, default 15);
    - nesting depth of IF, CASE and loops (`max_nesting`, default 4);
    - number of statements, nested ones included, lone `;` not
      (`max_statements`, default 200).

    A value equal to its limit is accepted. Off by default: select `CP9` to
    use it, and set the limits in `[rules.options.CP9]`.

    ## Why is this bad?
    A POU with dozens of paths cannot be tested path by path, and the
    engineer debugging a stopped machine at night has to hold every nested
    condition in their head to see why an output is off. Complex POUs are
    where interlocks are forgotten and where changes break something far
    from the line that was changed.

    ## Example
    ```st
    IF bAuto THEN
        IF bReady THEN
            IF NOT bFault THEN
                IF nStep = 10 THEN
                    IF bPartPresent THEN (* nesting depth 5 *)
                        bClamp := TRUE;
                    END_IF
                END_IF
            END_IF
        END_IF
    END_IF
    ```

    ## Use instead
    ```st
    bCanClamp := bAuto AND bReady AND NOT bFault;
    IF bCanClamp AND nStep = 10 AND bPartPresent THEN
        bClamp := TRUE;
    END_IF
    ```
    Split long POUs into methods or actions, one per step or concern.

    ## Fix safety
    No fix.

    ## References
    PLCopen Coding Guidelines CP9; CODESYS static analysis SA0150 (metrics
    limits: McCabe complexity, Prather nesting, number of statements).
    """

    code = "CP9"
    name = "complex-pou"
    message = "'{name}' is too complex: {limits}"
    severity = Severity.WARNING
    category = Category.STYLE
    enabled_by_default = False
    default_options: ClassVar[Mapping[str, Any]] = {
        "max_complexity": 15,
        "max_nesting": 4,
        "max_statements": 200,
    }

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        measures = [measure(unit, body) for body in bodies(pou) if body]
        if not measures:
            return
        measured = (
            ("cyclomatic complexity", 1 + sum(m.decisions for m in measures), "max_complexity"),
            ("nesting depth", max(m.depth for m in measures), "max_nesting"),
            ("statements", sum(m.statements for m in measures), "max_statements"),
        )
        exceeded = []
        for label, value, option in measured:
            limit = int(self.options[option])
            if value > limit:
                exceeded.append(f"{label} {value} > {limit}")
        if exceeded:
            yield self.finding(
                pou.location, pou, name=pou.qualified_name, limits=", ".join(exceeded)
            )


@dataclass(frozen=True)
class Measure:
    decisions: int  # IF, ELSIF, CASE arms, loops, AND_THEN, OR_ELSE
    depth: int  # deepest nesting of IF, CASE and loops
    statements: int  # statements, nested ones included, lone ; not


def measure(unit: StUnit, body: list[Node]) -> Measure:
    """One walk over a statement body."""
    decisions = depth = count = 0
    stack = [(statement, 1) for statement in body]
    while stack:
        statement, level = stack.pop()
        kind = statement.type
        if kind == "empty_statement" and is_blank(unit, statement):
            continue
        count += 1
        if kind not in COMPOUND:
            continue
        depth = max(depth, level)
        if kind == "if_statement":
            decisions += 1 + sum(1 for c in statement.named_children if c.type == "elsif_clause")
        elif kind == "case_statement":
            decisions += sum(1 for c in statement.named_children if c.type == "case_clause")
        else:
            decisions += 1
        for inner in nested_lists(statement):
            stack.extend((child, level + 1) for child in inner)
    decisions += sum(
        1
        for rewrite in unit.lowered.rewrites_in(body[0].start_byte, body[-1].end_byte)
        if rewrite.kind in SHORT_CIRCUITS
    )
    return Measure(decisions, depth, count)
