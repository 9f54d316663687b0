"""WERK203: a division or MOD whose divisor is zero, or may be zero on this path."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.symbols import GlobalList, Pou, Section, Variable
from werk.tools.st.model.uses import Use, UseKind
from werk.tools.st.rules.checks._expressions import (
    MIRRORED,
    NEGATED,
    SyntaxIndex,
    Values,
    is_storage,
    literal_value,
    side,
    strip_parentheses,
    syntax,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import POU_NODES, descendants, operator
from werk.tools.st.unit import StUnit

EXTERNAL_SECTIONS = {
    Section.VAR_INPUT: "input",
    Section.VAR_IN_OUT: "in-out parameter",
    Section.VAR_GLOBAL: "global",
    Section.VAR_EXTERNAL: "global",
}
JUMPS = frozenset({"return_statement", "exit_statement", "continue_statement"})
# x op c with the constant c on the right: does it rule out x = 0?
NONZERO = {
    "<>": lambda c: c == 0,
    "=": lambda c: c != 0,
    ">": lambda c: c >= 0,
    ">=": lambda c: c > 0,
    "<": lambda c: c <= 0,
    "<=": lambda c: c < 0,
}


class PossibleDivisionByZero(Rule):
    """## What it does
    Finds `/` and `MOD` (and the `DIV`/`MOD` functions) whose divisor is:

    - the literal 0, or a constant whose value is 0 (an error);
    - a value from outside the POU that no check on this path proves
      non-zero (a warning): a VAR_INPUT, a VAR_IN_OUT or a global variable,
      a member or element of one, or a local variable written from one of
      those in this POU (`nRatio := nIn;` then `x / nRatio`).

    A divisor counts as checked when the division is only reached if it is
    not zero: inside `IF nDiv <> 0 THEN` (also `> 0`, `>= 1`, `< 0`,
    `ABS(rDiv) > 1.0E-6`, conditions joined by AND, `NOT (nDiv = 0)`), in the
    ELSE of `IF nDiv = 0`, after `IF nDiv = 0 THEN RETURN; END_IF` (or EXIT,
    CONTINUE, or an assignment of a non-zero value in that branch), after
    `nDiv := MAX(nDiv, 1);` or `LIMIT(1, nDiv, 100)` or a non-zero constant,
    in a CASE branch on the divisor whose labels exclude 0 (or the ELSE of a
    CASE that has a 0 label), right of `nDiv <> 0 AND_THEN` or `nDiv = 0
    OR_ELSE`, or in a WHILE loop on such a condition. A plain AND is no guard:
    CODESYS and TwinCAT evaluate both operands.

    Not flagged: divisors that are literals or constants other than 0,
    arithmetic (`x / (nA - nB)`), local variables not fed from an input or a
    global, FB outputs (`x / fbCounter.CV`). A write the rule cannot follow
    (an output parameter `=> nDiv`, a VAR_IN_OUT call) ends the search
    without a finding.

    ## Why is this bad?
    An integer division by zero raises an exception on most controllers: the
    PLC goes to STOP, the outputs drop, and the line stands until someone
    connects a laptop. A REAL division by zero gives infinity or NaN, which
    flows on into a setpoint or an analog output. Inputs and globals are set
    by someone else (an HMI, a recipe, a bus), so a zero there is a question
    of time.

    ## Example
    ```st
    FUNCTION_BLOCK FB_Rate
    VAR_INPUT
        nPieces : DINT;
        nMinutes : DINT;
    END_VAR
    VAR_OUTPUT
        nPerMinute : DINT;
    END_VAR
    nPerMinute := nPieces / nMinutes;
    END_FUNCTION_BLOCK
    ```

    ## Use instead
    ```st
    IF nMinutes <> 0 THEN
        nPerMinute := nPieces / nMinutes;
    ELSE
        nPerMinute := 0;
    END_IF
    ```

    ## Fix safety
    No fix: what the result should be when the divisor is zero is a
    process decision.

    ## References
    No PLCopen guideline; CODESYS static analysis SA0040 (possible division
    by zero).
    """

    code = "WERK203"
    name = "possible-division-by-zero"
    message = "{kind} by zero: {reason}"
    severity = Severity.WARNING
    category = Category.CORRECTNESS

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        values: Values | None = None
        origins: Origins | None = None
        index = syntax(pou)
        for node in index.of("binary_expression", "call_expression"):
            divisor = self._divisor(node)
            if divisor is None:
                continue
            values = values or Values(self.project, analysis)
            location = self.node_location(unit, divisor)
            value = values.value(divisor)
            if value is not None:
                if value == 0:
                    literal = literal_value(unit, divisor) is not None
                    reason = "the divisor is 0" if literal else f"'{unit.text(divisor)}' is 0"
                    finding = self.finding(location, pou, kind="Division", reason=reason)
                    if self.effective_severity is self.severity:  # not overridden in settings
                        finding = dataclasses.replace(finding, severity=Severity.ERROR)
                    yield finding
                continue
            if not is_storage(divisor):
                continue
            origins = origins or Origins(values, index)
            origin = origins.of(divisor)
            guards = Guards(values, origins, divisor)
            if origin is None or guards.guarded(node):
                continue
            origin = guards.last_source or origin
            reason = f"'{unit.text(divisor)}' ({origin}) is not checked for 0 on this path"
            yield self.finding(location, pou, kind="Possible division", reason=reason)

    def _divisor(self, node: Node) -> Node | None:
        if node.type == "binary_expression" and operator(node) in ("/", "MOD"):
            return side(node, "right")
        if node.type != "call_expression":
            return None
        function, arguments = (
            node.child_by_field_name("function"),
            node.child_by_field_name("arguments"),
        )
        if function is None or arguments is None or function.type != "identifier":
            return None
        if (function.text or b"").decode().upper() not in ("DIV", "MOD"):
            return None
        given = [a for a in arguments.named_children if a.type not in ("comment", "pragma")]
        for argument in given:
            name = (
                argument.child_by_field_name("name") if argument.type == "named_argument" else None
            )
            if name is not None and (name.text or b"").decode().upper() == "IN2":
                value = argument.child_by_field_name("value")
                return strip_parentheses(value) if value is not None else None
        positional = [a for a in given if a.type != "named_argument"]
        return strip_parentheses(positional[1]) if len(positional) == 2 else None


class Origins:
    """Which operands of a POU carry a value from outside it: inputs, in-outs, globals.

    A local written from one of those (``nRatio := nIn * 2;``) carries it too,
    unless the value written is known non-zero (``MAX(nIn, 1)``, a constant).
    """

    def __init__(self, values: Values, index: SyntaxIndex) -> None:
        self.values = values
        self.index = index
        self._tainted: dict[tuple[object, ...], str] | None = None
        # Where each operand is written, and the IFs that leave early: the only statements
        # before a division that can make its divisor safe or unsafe. Built on demand.
        self._writes: dict[tuple[object, ...], list[Node]] = {}
        self._write_uses: dict[str, list[Use]] | None = None
        self.exits = [s for s in index.of("if_statement") if leaves_early(s)]

    @property
    def tainted(self) -> dict[tuple[object, ...], str]:
        """Locals written from an outside value, with a description of that value."""
        if self._tainted is not None:
            return self._tainted
        self._tainted = {}  # filled in place: read_from sees the links found so far
        assignments = []
        for assignment in self.index.of("assignment_statement"):
            left, right = side(assignment, "left"), side(assignment, "right")
            if left is None or right is None or not is_storage(left):
                continue
            root = self.values.root_variable(left)
            if root is None or self.external(root) is not None:
                continue
            assignments.append((self.values.operand_key(left), right))
        changed = True
        while changed:  # a chain of copies needs one pass per link
            changed = False
            for key, right in assignments:
                if key in self._tainted or nonzero(self.values, right):
                    continue
                source = self.read_from(right)
                if source is not None:
                    self._tainted[key] = source
                    changed = True
        return self._tainted

    def writes(self, operand: Node) -> list[Node]:
        """Every place ``operand`` is written in the POU, in source order."""
        key = self.values.operand_key(operand)
        found = self._writes.get(key)
        if found is not None:
            return found
        if self._write_uses is None:
            self._write_uses = defaultdict(list)
            for use in self.values.analysis.uses:
                if use.is_write and use.location.unit is self.values.unit:
                    self._write_uses[use.name.lower()].append(use)
        found = []
        root = self.values.unit.tree.root_node
        for use in self._write_uses.get(last_name(self.values.unit, operand), []):
            written = root.named_descendant_for_byte_range(use.location.start, use.location.end)
            parent = written.parent if written is not None else None
            if parent is not None and parent.type == "member_access_expression":
                written = parent  # stConfig.nDivider is written, not the name nDivider
            if written is not None and self.values.operand_key(written) == key:
                found.append(written)
        if strip_parentheses(operand).type not in ("identifier", "member_access_expression"):
            for assignment in self.index.of("assignment_statement"):  # aDiv[3] := ...
                left = side(assignment, "left")
                if left is not None and self.values.operand_key(left) == key:
                    found.append(left)
        found.sort(key=lambda n: n.start_byte)
        self._writes[key] = found
        return found

    def latest(self, operand: Node, low: int, high: int) -> Node | None:
        """The last write of ``operand`` or early-leaving IF that starts in ``[low, high)``."""
        found: Node | None = None
        for nodes in (self.writes(operand), self.exits):
            position = bisect_left(nodes, high, key=lambda n: n.start_byte) - 1
            if position >= 0 and nodes[position].start_byte >= low:
                candidate = nodes[position]
                if found is None or candidate.start_byte > found.start_byte:
                    found = candidate
        return found

    @staticmethod
    def external(variable: Variable) -> str | None:
        """How a variable's value reaches the POU from outside, or None for a local."""
        if variable.is_constant and variable.section not in (Section.VAR_INPUT, Section.VAR_IN_OUT):
            return None  # VAR_INPUT CONSTANT is still set by every caller
        if isinstance(variable.owner, GlobalList):
            return "global"
        return EXTERNAL_SECTIONS.get(variable.section)

    def of(self, operand: Node) -> str | None:
        """``input``, ``global``, ``written from input 'nIn'``, or None for a local value."""
        root = self.values.root_variable(operand)
        if root is None:
            return None
        found = self.external(root)
        if found is not None:
            return found
        return self.tainted.get(self.values.operand_key(operand))

    def read_from(self, expression: Node) -> str | None:
        """The outside value ``expression`` reads, described, or None."""
        for node in descendants([expression]):
            parent = node.parent
            if node.type not in ("identifier", "member_access_expression"):
                continue
            if parent is not None and parent.type == "member_access_expression":
                continue  # the whole access is looked at, not its parts
            if (
                parent is not None
                and parent.type == "named_argument"
                and node == parent.child_by_field_name("name")
            ):
                continue  # a parameter's name, not a value
            root = self.values.root_variable(node)
            if root is not None:
                found = self.external(root)
                if found is not None:
                    return f"written from {found} '{root.name}'"
            tainted = self.tainted.get(self.values.operand_key(node))
            if tainted is not None:
                return tainted
        return None


def last_name(unit: StUnit, operand: Node) -> str:
    """The name a write of ``operand`` is recorded under: ``nDivider`` for ``stCfg.nDivider``."""
    node = strip_parentheses(operand)
    while node.type != "identifier":
        inner = (
            node.child_by_field_name("member")
            or node.child_by_field_name("object")
            or node.child_by_field_name("pointer")
        )
        if inner is None:
            return ""
        node = strip_parentheses(inner)
    return unit.identifier_name(node).lower()


def leaves_early(statement: Node) -> bool:
    """``IF ... THEN ...; RETURN; END_IF`` (or EXIT, CONTINUE), with no ELSIF or ELSE."""
    condition = statement.child_by_field_name("condition")
    body = [
        c
        for c in statement.named_children
        if c != condition and c.type not in ("comment", "pragma")
    ]
    if any(c.type in ("elsif_clause", "else_clause") for c in body):
        return False
    return bool(body) and body[-1].type in JUMPS


def nonzero(values: Values, expression: Node) -> bool:
    """Whether ``expression`` is known non-zero: a constant, ``MAX(x, 1)``, ``LIMIT(1, x, 9)``."""
    expression = strip_parentheses(expression)
    value = values.value(expression)
    if value is not None:
        return value != 0
    if expression.type != "call_expression":
        return False
    function, arguments = (
        expression.child_by_field_name("function"),
        expression.child_by_field_name("arguments"),
    )
    if function is None or arguments is None:
        return False
    name = (function.text or b"").decode().upper()
    given = [a for a in arguments.named_children if a.type not in ("comment", "pragma")]
    argument_values = []
    for argument in given:
        value_node = (
            argument.child_by_field_name("value") if argument.type == "named_argument" else argument
        )
        argument_values.append(values.value(value_node) if value_node is not None else None)
    if name == "MAX":
        return any(v is not None and v > 0 for v in argument_values)
    if name == "MIN":
        return any(v is not None and v < 0 for v in argument_values)
    if name == "LIMIT" and len(argument_values) == 3:
        low, high = argument_values[0], argument_values[2]
        return (low is not None and low > 0) or (high is not None and high < 0)
    return False


class Guards:
    """Whether the path to one division proves its divisor non-zero."""

    def __init__(self, values: Values, origins: Origins, divisor: Node) -> None:
        self.values = values
        self.origins = origins
        self.unit = values.unit
        self.divisor = divisor
        self.key = values.operand_key(divisor)
        # Where the value written last before the division comes from, when that write was found.
        self.last_source: str | None = None

    def guarded(self, division: Node) -> bool:
        child = division
        while True:
            parent = child.parent
            if child.type.endswith("_statement"):
                verdict = self._before(child)
                if verdict is not None:
                    return verdict
            if parent is None or parent.type in POU_NODES:
                return False
            if self._inside(parent, child):
                return True
            child = parent

    # --- what runs before: statements earlier in the same list --------------------------------

    def _before(self, statement: Node) -> bool | None:
        """True: an earlier statement makes the divisor non-zero; False: one makes it unsafe."""
        container = statement.parent
        if container is None:
            return None
        high = statement.start_byte
        while True:  # after the container's own start: an IF is not before its THEN branch
            candidate = self.origins.latest(self.divisor, container.start_byte + 1, high)
            if candidate is None:
                return None
            sibling: Node | None = candidate  # the earlier statement that holds it
            while sibling is not None and sibling.parent != container:
                sibling = sibling.parent
            if sibling is None:
                return None
            if sibling.type.endswith("_statement"):
                verdict = self._effect(sibling)
                if verdict is not None:
                    return verdict
            high = sibling.start_byte

    def _effect(self, statement: Node) -> bool | None:
        if statement.type == "assignment_statement":
            left, right = side(statement, "left"), side(statement, "right")
            if left is not None and right is not None and self._is_divisor(left):
                return self._written(right)
        if statement.type == "if_statement" and self._if_guard(statement):
            return True
        return self._nested_writes(statement)

    def _written(self, value: Node) -> bool:
        """After ``divisor := value``: True when safe (or not from outside), False when unsafe."""
        if nonzero(self.values, value):
            return True
        self.last_source = self.origins.read_from(value)
        return self.last_source is None

    def _if_guard(self, statement: Node) -> bool:
        """``IF nDiv = 0 THEN RETURN; END_IF`` or ``IF nDiv = 0 THEN nDiv := 1; END_IF``."""
        condition = statement.child_by_field_name("condition")
        branches = [
            c for c in statement.named_children if c.type in ("elsif_clause", "else_clause")
        ]
        if condition is None or branches or not self._implies(condition, negated=True):
            return False
        body = [
            c for c in statement.named_children if c != condition and c.type.endswith("_statement")
        ]
        if body and body[-1].type in JUMPS:
            return True
        for inner in reversed(body):
            if inner.type == "assignment_statement":
                left, right = side(inner, "left"), side(inner, "right")
                if left is not None and right is not None and self._is_divisor(left):
                    return nonzero(self.values, right)
        return False

    def _nested_writes(self, statement: Node) -> bool | None:
        """Writes to the divisor inside a compound statement or a call, for any path through it."""
        verdict: bool | None = None
        for node in descendants([statement]):
            if node.type == "assignment_statement":
                left, right = side(node, "left"), side(node, "right")
                if left is None or right is None or not self._is_divisor(left):
                    continue
                if not nonzero(self.values, right):
                    source = self.origins.read_from(right)
                    if source is not None:
                        self.last_source = source
                        return False
                    verdict = True
            elif node.type in ("identifier", "member_access_expression") and self._is_divisor(node):
                use = self.values.use(node)
                parent = node.parent
                is_left = (
                    parent is not None
                    and parent.type == "assignment_statement"
                    and strip_parentheses(parent.child_by_field_name("left") or parent) == node
                )
                if (
                    use is not None
                    and use.kind in (UseKind.WRITE, UseKind.READ_WRITE)
                    and not is_left
                ):
                    verdict = True  # an output parameter or in-out: not followed, no finding
        return verdict

    # --- what encloses: conditions around the division ---------------------------------------

    def _inside(self, parent: Node, child: Node) -> bool:
        kind = parent.type
        if kind == "binary_expression":
            left = parent.child_by_field_name("left")
            if left is None or child != parent.child_by_field_name("right"):
                return False
            if self.unit.rewrite_in_operator(parent, RewriteKind.AND_THEN):
                return self._implies(left, negated=False)
            if self.unit.rewrite_in_operator(parent, RewriteKind.OR_ELSE):
                return self._implies(left, negated=True)
            return False
        if kind in ("if_statement", "elsif_clause", "while_statement"):
            condition = parent.child_by_field_name("condition")
            if condition is None or child == condition:
                return False
            if child.type in ("elsif_clause", "else_clause"):  # every earlier condition was FALSE
                return any(
                    self._implies(c, negated=True) for c in self._conditions_before(parent, child)
                )
            return self._implies(condition, negated=False)
        if kind == "case_clause" and parent.parent is not None:
            return self._case_excludes_zero(parent.parent, parent)
        if (
            kind == "else_clause"
            and parent.parent is not None
            and parent.parent.type == "case_statement"
        ):
            return self._case_has_zero_label(parent.parent)
        return False

    @staticmethod
    def _conditions_before(statement: Node, clause: Node) -> list[Node]:
        found = []
        condition = statement.child_by_field_name("condition")
        if condition is not None:
            found.append(condition)
        for child in statement.named_children:
            if child == clause:
                break
            if child.type == "elsif_clause":
                inner = child.child_by_field_name("condition")
                if inner is not None:
                    found.append(inner)
        return found

    def _case_labels(self, clause: Node) -> list[tuple[float, float] | None]:
        labels: list[tuple[float, float] | None] = []
        for label in clause.named_children:
            if label.type != "case_value":
                continue
            for value in label.named_children:
                bounds = value.named_children if value.type == "subrange" else [value, value]
                numbers = [self.values.value(b) for b in bounds]
                low, high = (numbers[0], numbers[-1]) if numbers else (None, None)
                labels.append((low, high) if low is not None and high is not None else None)
        return labels

    def _case_selects_divisor(self, case: Node) -> bool:
        selector = case.named_children[0] if case.named_children else None
        return selector is not None and is_storage(selector) and self._is_divisor(selector)

    def _case_excludes_zero(self, case: Node, clause: Node) -> bool:
        if not self._case_selects_divisor(case):
            return False
        labels = self._case_labels(clause)
        return bool(labels) and all(
            label is not None and not (label[0] <= 0 <= label[1]) for label in labels
        )

    def _case_has_zero_label(self, case: Node) -> bool:
        if not self._case_selects_divisor(case):
            return False
        return any(
            label is not None and label[0] <= 0 <= label[1]
            for clause in case.named_children
            if clause.type == "case_clause"
            for label in self._case_labels(clause)
        )

    # --- conditions ----------------------------------------------------------------------------

    def _is_divisor(self, node: Node) -> bool:
        return is_storage(node) and self.values.operand_key(node) == self.key

    def _implies(self, condition: Node, *, negated: bool) -> bool:
        """Whether ``condition`` (or its negation) being TRUE rules out a zero divisor."""
        condition = strip_parentheses(condition)
        kind = condition.type
        if kind == "unary_expression" and operator(condition) == "NOT":
            operand = condition.child_by_field_name("operand")
            return operand is not None and self._implies(operand, negated=not negated)
        if kind != "binary_expression":
            return False
        op = operator(condition)
        left, right = side(condition, "left"), side(condition, "right")
        if left is None or right is None:
            return False
        if op in ("AND", "&", "AND_THEN", "OR", "OR_ELSE"):
            conjunction = op in ("AND", "&", "AND_THEN")
            if conjunction != negated:  # a AND b, or NOT (a OR b): either part suffices
                return self._implies(left, negated=negated) or self._implies(right, negated=negated)
            return self._implies(left, negated=negated) and self._implies(right, negated=negated)
        if op not in NONZERO:
            return False
        if negated:
            op = NEGATED[op]
        for operand, constant, normal in ((left, right, op), (right, left, MIRRORED[op])):
            value = self.values.value(constant)
            if value is None:
                continue
            if self._is_divisor(operand):
                return NONZERO[normal](value)
            if self._is_absolute_divisor(operand) and normal in (">", ">="):
                return NONZERO[normal](value)
        return False

    def _is_absolute_divisor(self, node: Node) -> bool:
        """``ABS(nDiv)``."""
        if node.type != "call_expression":
            return False
        function, arguments = (
            node.child_by_field_name("function"),
            node.child_by_field_name("arguments"),
        )
        if (
            function is None
            or arguments is None
            or (function.text or b"").decode().upper() != "ABS"
        ):
            return False
        given = [a for a in arguments.named_children if a.type not in ("comment", "pragma")]
        return len(given) == 1 and self._is_divisor(strip_parentheses(given[0]))
