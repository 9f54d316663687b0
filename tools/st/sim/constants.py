"""Values known before the program runs: literals, constants, enum members, initialisers.

Declarations carry expressions the analysis of statement bodies never sees:
initial values (``rSetpoint : REAL := 50.0``), array bounds (``ARRAY[1..N]``),
enumeration values (``Running := 5``), named constants used in either. This
module evaluates them from their syntax nodes, resolving names through the
semantic model's scopes (``PouScope``, the project's global names), with
the same iec operators the running program uses (IEC 61131-3 §6.5.1.2: an
initial value is a constant expression).

Anything else (a function call, a variable that is not CONSTANT) raises
``NotConstantError``; the compiler reports it as not supported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.declarations import integer_value
from werk.tools.st.model.scope import PouScope
from werk.tools.st.model.symbols import EnumMember, GlobalList, Pou, TypeDecl, TypeKind, Variable
from werk.tools.st.model.uses import Symbol
from werk.tools.st.sim.convert import convert_constant, spec_of_type
from werk.tools.st.sim.iec.errors import IecFault
from werk.tools.st.sim.iec.literals import parse_literal
from werk.tools.st.sim.iec.operators import binary_operator, unary_operator
from werk.tools.st.sim.iec.types import ElementarySpec, spec

COMPARISON_OPERATORS = frozenset({"=", "<>", "<", ">", "<=", ">="})

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project
    from werk.tools.st.unit import StUnit

Lookup = Callable[[str], Symbol | None]
Constant = tuple[Any, ElementarySpec | None]  # the value, and its type (None: untyped literal)

LITERAL_NODES = frozenset(
    {
        "integer_literal",
        "real_literal",
        "boolean_literal",
        "time_literal",
        "date_literal",
        "time_of_day_literal",
        "date_and_time_literal",
        "string_literal",
        "typed_literal",
    }
)
LINT = spec("LINT")
LREAL = spec("LREAL")
BOOL = spec("BOOL")


class NotConstantError(Exception):
    """An expression that cannot be evaluated before the program runs."""

    def __init__(self, what: str, node: Node | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.node = node


def literal_text(unit: StUnit, node: Node) -> str:
    """The literal as written: lowering turned ``LT#1s`` into `` T#1s`` (same length)."""
    text = unit.text(node)
    for rewrite in unit.lowered.rewrites_in(max(node.start_byte - 1, 0), node.end_byte):
        if rewrite.kind is RewriteKind.LTIME_LITERAL and "#" in text:
            return "LTIME#" + text.split("#", 1)[1]
    return text


def literal(unit: StUnit, node: Node) -> Constant:
    """A literal node's value and type; ``NotConstantError`` if the text is malformed."""
    text = literal_text(unit, node)
    try:
        type_name, value = parse_literal(text)
    except ValueError as exc:
        raise NotConstantError(f"literal {text!r} ({exc})", node) from exc
    if type_name is None:
        return value, None
    found = spec(type_name)
    if found is None:
        raise NotConstantError(f"literal {text!r} of type {type_name}", node)
    return value, found


def untyped_spec(value: Any) -> ElementarySpec | None:
    """The type an untyped literal computes in when nothing else decides: LINT or LREAL."""
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return LINT
    if isinstance(value, float):
        return LREAL
    return None


class Constants:
    """Evaluates constant expressions of one project; caches named constants."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._variables: dict[Variable, Constant] = {}
        self._active: set[Variable] = set()
        self._enums: dict[TypeDecl, dict[str, int]] = {}
        self._active_enums: set[TypeDecl] = set()

    # --- scopes ----------------------------------------------------------------------------

    def lookup_for(self, owner: object) -> Lookup:
        """Name lookup inside the declarations of ``owner`` (a POU, GVL or type)."""
        if isinstance(owner, Pou):
            return PouScope(owner, self.project).lookup
        if isinstance(owner, GlobalList):
            local = {variable.key: variable for variable in owner.variables}

            def in_list(name: str) -> Symbol | None:
                return local.get(name.lower()) or self.project.lookup_global_name(name)

            return in_list
        return self.project.lookup_global_name

    # --- evaluation ------------------------------------------------------------------------

    def evaluate(self, node: Node, unit: StUnit, lookup: Lookup) -> Constant:
        kind = node.type
        if kind in LITERAL_NODES:
            return literal(unit, node)
        if kind == "parenthesized_expression" and node.named_children:
            return self.evaluate(node.named_children[0], unit, lookup)
        if kind == "unary_expression":
            return self._unary(node, unit, lookup)
        if kind == "binary_expression":
            return self._binary(node, unit, lookup)
        if kind == "identifier":
            return self.symbol(lookup(unit.identifier_name(node)), unit.text(node), node)
        if kind == "member_access_expression":
            obj = node.child_by_field_name("object")
            member = node.child_by_field_name("member")
            if obj is not None and member is not None and obj.type == "identifier":
                owner = lookup(unit.identifier_name(obj))
                name = unit.identifier_name(member)
                if isinstance(owner, TypeDecl) and owner.kind is TypeKind.ENUM:
                    return self.symbol(owner.member(name), unit.text(node), node)
                if isinstance(owner, GlobalList):
                    found = next((v for v in owner.variables if v.key == name.lower()), None)
                    return self.symbol(found, unit.text(node), node)
        raise NotConstantError(f"constant expression {unit.text(node)!r}", node)

    def symbol(self, symbol: Symbol | None, text: str, node: Node | None) -> Constant:
        if isinstance(symbol, EnumMember) and symbol.owner is not None:
            return self.enum_values(symbol.owner)[symbol.key], self.enum_base(symbol.owner)
        if isinstance(symbol, Variable) and symbol.is_constant:
            return self.variable(symbol)
        if symbol is None:
            raise NotConstantError(f"unknown name {text!r} in a constant expression", node)
        raise NotConstantError(f"{text!r} is not a constant", node)

    def variable(self, variable: Variable) -> Constant:
        """The value of a CONSTANT variable (its initial value)."""
        cached = self._variables.get(variable)
        if cached is not None:
            return cached
        if variable in self._active:
            raise NotConstantError(f"constant {variable.name!r} is defined in terms of itself")
        nodes = initialiser_nodes(variable)
        if len(nodes) != 1:
            raise NotConstantError(f"constant {variable.name!r} without a single initial value")
        self._active.add(variable)
        try:
            value, value_spec = self.evaluate(
                nodes[0], variable.location.unit, self.lookup_for(variable.owner)
            )
        finally:
            self._active.discard(variable)
        declared_spec = spec_of_type(self.project.resolve_alias(variable.type))
        if declared_spec is not None:
            value, value_spec = convert_constant(value, value_spec, declared_spec), declared_spec
        self._variables[variable] = (value, value_spec)
        return value, value_spec

    def integer(self, text: str, lookup: Lookup, unit: StUnit, node: Node | None) -> int:
        """An integer bound such as ``10``, ``-3``, ``N`` or ``N - 1`` (given its node)."""
        value = integer_value(text)
        if value is not None:
            return value
        if node is None:
            raise NotConstantError(f"bound {text!r}")
        result, _ = self.evaluate(node, unit, lookup)
        if isinstance(result, bool) or not isinstance(result, int):
            raise NotConstantError(f"bound {text!r} is not an integer", node)
        return result

    def enum_base(self, decl: TypeDecl) -> ElementarySpec:
        enum = decl.enum
        base = spec(str(enum.base)) if enum is not None and enum.base is not None else None
        found = base or spec("INT")
        assert found is not None
        return found

    def enum_values(self, decl: TypeDecl) -> dict[str, int]:
        """Member values of an enumeration: as given, else one more than the previous member."""
        cached = self._enums.get(decl)
        if cached is not None:
            return cached
        if decl in self._active_enums:
            raise NotConstantError(f"enumeration {decl.name} defined in terms of itself")
        self._active_enums.add(decl)
        try:
            values: dict[str, int] = {}
            following = 0
            lookup = self.project.lookup_global_name
            for member in decl.members:
                if member.value is not None:
                    node = member_value_node(member)
                    number = self.integer(member.value, lookup, member.location.unit, node)
                else:
                    number = following
                values[member.key] = number
                following = number + 1
        finally:
            self._active_enums.discard(decl)
        self._enums[decl] = values
        return values

    # --- operators -------------------------------------------------------------------------

    def _unary(self, node: Node, unit: StUnit, lookup: Lookup) -> Constant:
        operand = node.child_by_field_name("operand")
        operator = node.child_by_field_name("operator")
        if operand is None or operator is None:
            raise NotConstantError(f"constant expression {unit.text(node)!r}", node)
        value, value_spec = self.evaluate(operand, unit, lookup)
        working = value_spec or untyped_spec(value)
        if working is None:
            raise NotConstantError(f"constant expression {unit.text(node)!r}", node)
        op = unit.text(operator).upper()
        try:
            return unary_operator(op, working, working)(value), value_spec
        except IecFault as exc:
            raise NotConstantError(f"constant expression {unit.text(node)!r}: {exc}", node) from exc

    def _binary(self, node: Node, unit: StUnit, lookup: Lookup) -> Constant:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            raise NotConstantError(f"constant expression {unit.text(node)!r}", node)
        a, a_spec = self.evaluate(left, unit, lookup)
        b, b_spec = self.evaluate(right, unit, lookup)
        op = unit.text(operator).upper()
        left_spec = a_spec or b_spec or untyped_spec(a)
        right_spec = b_spec or a_spec or untyped_spec(b)
        if left_spec is None or right_spec is None:
            raise NotConstantError(f"constant expression {unit.text(node)!r}", node)
        if a_spec is None and b_spec is None and LREAL in (left_spec, right_spec):
            left_spec = right_spec = LREAL
        result_spec = BOOL if op in COMPARISON_OPERATORS else a_spec or b_spec or left_spec
        assert result_spec is not None
        try:
            function = binary_operator(op, left_spec, right_spec, result_spec)
            value = function(a, b)
        except IecFault as exc:
            raise NotConstantError(f"constant expression {unit.text(node)!r}: {exc}", node) from exc
        typed = a_spec is not None or b_spec is not None or op in COMPARISON_OPERATORS
        return value, (result_spec if typed else None)


# --- finding declaration nodes -------------------------------------------------------------

DECLARATION_NODES = frozenset({"variable_declaration", "structure_field"})


def node_at(unit: StUnit, start: int, end: int, types: frozenset[str]) -> Node | None:
    """The node of one of ``types`` spanning exactly ``start..end`` (or enclosing it)."""
    node: Node | None = unit.tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and node.type not in types:
        node = node.parent
    return node


def declaration_node(variable: Variable) -> Node | None:
    location = variable.declaration
    if location is None:
        return None
    return node_at(location.unit, location.start, location.end, DECLARATION_NODES)


def initialiser_nodes(variable: Variable) -> list[Node]:
    """The initial value of a declaration: one expression, or the parts of ``[1, 2, 3(0)]``.

    The grammar gives an array initialiser written after a variable as a
    sequence of ``initial_value`` children (brackets and commas included).
    """
    node = declaration_node(variable)
    if node is None:
        return []
    found: list[Node] = []
    for index, child in enumerate(node.children):
        if node.field_name_for_child(index) in ("initial_value", "default"):
            found.append(child)
    return found


def member_value_node(member: EnumMember) -> Node | None:
    name = member.location
    enumerator = node_at(name.unit, name.start, name.end, frozenset({"enumerator"}))
    return enumerator.child_by_field_name("value") if enumerator is not None else None
