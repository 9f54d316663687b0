"""WERK201: a literal that the type it is assigned to, passed to or compared with cannot hold."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from werk.tools.st.model.analysis import PouAnalysis, callee_parameters
from werk.tools.st.model.scope import members_of
from werk.tools.st.model.symbols import Pou, Section, Variable
from werk.tools.st.model.types import (
    ArrayType,
    ElementaryType,
    SubrangeType,
    TypeRef,
    elementary,
)
from werk.tools.st.model.uses import UseKind
from werk.tools.st.rules.checks._expressions import (
    COMPARISONS,
    Values,
    is_based_literal,
    is_storage,
    literal_value,
    side,
    signed_bits,
    strip_parentheses,
    syntax,
    value_range,
)
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.rule import Category, Rule
from werk.tools.st.rules.walk import expression_type, operator
from werk.tools.st.unit import StUnit

DECLARATIONS = ("variable_declaration", "structure_field")
# What a literal, a negated one or a parenthesized one can be.
LITERAL_NODES = frozenset(
    {"integer_literal", "typed_literal", "unary_expression", "parenthesized_expression"}
)
# Where a literal meets the type it must fit.
STATEMENT_SITES = (
    "assignment_statement",
    "named_argument",
    "call_expression",
    "binary_expression",
    "for_statement",
    "case_statement",
    "typed_literal",
)


class ConstantOutOfRange(Rule):
    """## What it does
    Finds an integer literal (or a negated one) that the type of its target
    cannot hold:

    - assigned: `nSint := 200;`, `usCount := -1;`, `nInt := 40000;`;
    - passed to a typed parameter: `fbAxis(nSpeed := 70000)`, `F_Scale(300)`;
    - compared with a stored value: `IF nSint = 200 THEN`, `WHILE byIndex < 300 DO`;
    - as a declaration's initial value, array element or structure field:
      `usCount : USINT := -1;`, `aLimits : ARRAY[1..2] OF SINT := [10, 200];`;
    - as a FOR loop's start or end, or a CASE label, outside the range of the
      counter or selector;
    - a typed literal that does not fit its own type (`SINT#200`).

    Integer types hold their IEC ranges (SINT -128..127, USINT 0..255, INT,
    UINT, DINT, UDINT, LINT, ULINT); BYTE, WORD, DWORD and LWORD hold the
    unsigned range of their width; a subrange type holds its declared bounds.

    Not flagged: a literal written in base 2, 8 or 16 that fits the width of
    a signed type as a bit pattern (`nInt := 16#FFFF` sets all 16 bits);
    REAL, BOOL, enumeration and TIME targets; a comparison with arithmetic
    (`nSint + 100 > 200`), since CODESYS and TwinCAT compute it in a wider
    register.

    ## Why is this bad?
    The value that arrives is not the value written: `usCount := -1` stores
    255, `nInt := 40000` stores -25536, a subrange variable set outside its
    bounds holds a value the rest of the program assumes impossible. A
    comparison with a value the variable can never hold is constant, so the
    branch guarding a pump or an alarm never (or always) runs; a FOR loop
    whose end its counter cannot reach never ends and trips the watchdog.

    ## Example
    ```st
    VAR
        nSpeed : SINT;
        byStep : BYTE;
    END_VAR
    nSpeed := 200;
    IF byStep = 300 THEN
        bDone := TRUE;
    END_IF
    ```

    ## Use instead
    ```st
    VAR
        nSpeed : INT;
        byStep : UINT;
    END_VAR
    nSpeed := 200;
    IF byStep = 300 THEN
        bDone := TRUE;
    END_IF
    ```

    ## Fix safety
    No fix: the type or the value is wrong, and only the engineer knows which.

    ## References
    No PLCopen guideline; CODESYS static analysis SA0056 (constant out of
    valid range).
    """

    code = "WERK201"
    name = "constant-out-of-range"
    message = "Constant {value} is out of range for {type}"
    severity = Severity.ERROR
    category = Category.TYPES

    def check_pou(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        reported: set[int] = set()
        for finding in self._statements(pou, analysis):
            if finding.start not in reported:  # `nSint := SINT#200` breaks two rules, once
                reported.add(finding.start)
                yield finding
        yield from self.check_declarations(pou.variables, pou)

    def _statements(self, pou: Pou, analysis: PouAnalysis) -> Iterator[Finding]:
        unit = pou.location.unit
        values = Values(self.project, analysis)
        for node in syntax(pou).of(*STATEMENT_SITES):
            kind = node.type
            if kind == "assignment_statement":
                right = node.child_by_field_name("right")
                if right is not None and right.type in LITERAL_NODES:
                    target = self._type(analysis, node.child_by_field_name("left"))
                    yield from self._check(unit, pou, right, target)
            elif kind == "named_argument":
                yield from self._named_argument(unit, pou, values, node)
            elif kind == "call_expression":
                yield from self._positional_arguments(unit, pou, values, node)
            elif kind == "binary_expression":
                operands = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                if any(o is not None and o.type in LITERAL_NODES for o in operands) and (
                    operator(node) in COMPARISONS
                ):
                    yield from self._comparison(unit, pou, analysis, node)
            elif kind == "for_statement":
                counter = self._type(analysis, node.child_by_field_name("control"))
                for part in ("start", "end"):
                    yield from self._check(unit, pou, node.child_by_field_name(part), counter)
            elif kind == "case_statement":
                yield from self._case_labels(unit, pou, analysis, node)
            elif kind == "typed_literal":
                prefix = elementary(unit.text(node).split("#", 1)[0])
                yield from self._check(unit, pou, node, prefix)

    def check_project(self) -> Iterator[Finding]:
        for unit in self.project.units():
            if unit.symbols_only:
                continue
            declarations = unit.declarations
            lists = [*declarations.globals]
            lists.extend(g for c in declarations.configurations for g in c.globals)
            for gvl in lists:
                yield from self.check_declarations(gvl.variables, None)
            for decl in declarations.types:
                yield from self.check_declarations(decl.fields, None)

    # --- statements ------------------------------------------------------------------------

    def _type(self, analysis: PouAnalysis, node: Node | None) -> TypeRef | None:
        return expression_type(analysis, node)

    def _check(
        self, unit: StUnit, pou: Pou | None, node: Node | None, target: TypeRef | None
    ) -> Iterator[Finding]:
        """A finding when ``node`` is an integer literal that ``target`` cannot hold."""
        if node is None or target is None:
            return
        value = literal_value(unit, node)
        if not isinstance(value, int):
            return
        allowed = value_range(self.project, target)
        if allowed is None or value in allowed:
            return
        bits = signed_bits(self.project, target)
        if bits is not None and is_based_literal(unit, node) and 0 <= value < 2**bits:
            return  # a bit pattern: 16#FFFF into an INT sets all 16 bits
        yield self.finding(
            self.node_location(unit, strip_parentheses(node)),
            pou,
            value=unit.text(strip_parentheses(node)).strip(),
            type=target if isinstance(target, SubrangeType) else f"{target} ({allowed})",
        )

    def _named_argument(
        self, unit: StUnit, pou: Pou, values: Values, node: Node
    ) -> Iterator[Finding]:
        if any(not c.is_named and c.type == "=>" for c in node.children):
            return
        value = node.child_by_field_name("value")
        if value is None or value.type not in LITERAL_NODES:
            return
        parameter = values.variable(node.child_by_field_name("name"))
        if parameter is None or parameter.section is Section.VAR_IN_OUT:
            return
        yield from self._check(unit, pou, value, parameter.type)

    def _positional_arguments(
        self, unit: StUnit, pou: Pou, values: Values, node: Node
    ) -> Iterator[Finding]:
        arguments = node.child_by_field_name("arguments")
        if arguments is None or not any(a.type in LITERAL_NODES for a in arguments.named_children):
            return
        call = values.use(node.child_by_field_name("function"))
        if call is None or call.kind is not UseKind.CALL:
            return
        positional = [
            p
            for p in callee_parameters(call.target, self.project)
            if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]
        position = 0
        for argument in arguments.named_children:
            if argument.type in ("comment", "pragma", "named_argument"):
                continue
            if position < len(positional) and positional[position].section is Section.VAR_INPUT:
                yield from self._check(unit, pou, argument, positional[position].type)
            position += 1

    def _comparison(
        self, unit: StUnit, pou: Pou, analysis: PouAnalysis, node: Node
    ) -> Iterator[Finding]:
        left, right = side(node, "left"), side(node, "right")
        if left is None or right is None:
            return
        for literal, other in ((right, left), (left, right)):
            if literal_value(unit, literal) is not None and is_storage(other):
                yield from self._check(unit, pou, literal, self._type(analysis, other))

    def _case_labels(
        self, unit: StUnit, pou: Pou, analysis: PouAnalysis, node: Node
    ) -> Iterator[Finding]:
        selector = node.named_children[0] if node.named_children else None
        if selector is None or not is_storage(selector):
            return
        selector_type = self._type(analysis, strip_parentheses(selector))
        for clause in node.named_children:
            if clause.type != "case_clause":
                continue
            for label in clause.named_children:
                if label.type != "case_value":
                    continue
                for value in label.named_children:
                    bounds = value.named_children if value.type == "subrange" else [value]
                    for bound in bounds:
                        yield from self._check(unit, pou, bound, selector_type)

    # --- declarations ----------------------------------------------------------------------

    def check_declarations(self, variables: list[Variable], pou: Pou | None) -> Iterator[Finding]:
        seen: set[int] = set()
        for variable in variables:
            declaration = variable.declaration
            if declaration is None or variable.initial_value is None:
                continue
            if declaration.start in seen:  # `a, b : SINT := 5;` is one initial value
                continue
            seen.add(declaration.start)
            unit = declaration.unit
            node = unit.tree.root_node.descendant_for_byte_range(declaration.start, declaration.end)
            while node is not None and node.type not in DECLARATIONS:
                node = node.parent
            if node is None:
                continue
            initials = [
                *node.children_by_field_name("initial_value"),
                *node.children_by_field_name("default"),
            ]
            for initial in initials:
                if initial.is_named:
                    yield from self._initial(unit, pou, initial, variable.type)

    def _initial(
        self, unit: StUnit, pou: Pou | None, node: Node, type_ref: TypeRef
    ) -> Iterator[Finding]:
        """An initial value: a literal, an array's elements, a structure's or FB's fields."""
        resolved = self.project.resolve_alias(type_ref)
        if node.type == "array_repetition":
            values = [c for c in node.named_children if c != node.child_by_field_name("count")]
            for value in values:
                yield from self._initial(unit, pou, value, type_ref)
        elif node.type in ("array_initializer", "array_initial_elements"):
            for value in node.named_children:
                yield from self._initial(unit, pou, value, type_ref)
        elif isinstance(resolved, ArrayType):
            yield from self._initial(unit, pou, node, resolved.element)
        elif node.type == "structure_initializer":
            lookup = members_of(type_ref, self.project)
            for field in node.named_children:
                name = field.child_by_field_name("name")
                field_value = field.child_by_field_name("value")
                member = lookup(unit.identifier_name(name)) if name is not None else None
                if isinstance(member, Variable) and field_value is not None:
                    yield from self._initial(unit, pou, field_value, member.type)
        elif not isinstance(resolved, ElementaryType) or resolved.name != "BOOL":
            yield from self._check(unit, pou, node, type_ref)
