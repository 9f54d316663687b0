"""Resolve every name in a POU's statements and classify each use (IEC 61131-3 §7.3).

One walk over a POU's statements records, for each identifier, the symbol it
names and whether it is read, written, called or has its address taken; the
type of each expression (with untyped literals taking their context's type);
and the implicit conversions at assignments and parameter passing. Dialect
meaning that lowering recorded is applied here: ``S=``/``R=`` write only
conditionally, bit access ``w.3`` is a partial write of ``w``, a direct
address in code is an I/O access, SCL ``"Name"`` resolves by its real name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.scope import (
    PouScope,
    element_type,
    members_of,
    members_of_symbol,
    pointee_type,
    value_type,
)
from werk.tools.st.model.symbols import (
    EnumMember,
    GlobalList,
    Location,
    Pou,
    PouKind,
    Section,
    TypeDecl,
    TypeKind,
    Variable,
)
from werk.tools.st.model.types import (
    ANY_INT,
    ANY_REAL,
    BOOL,
    UNKNOWN,
    Category,
    ElementaryType,
    GenericType,
    NamedType,
    PointerType,
    StringType,
    TypeRef,
    elementary,
)
from werk.tools.st.model.uses import Conversion, Symbol, Use, UseKind

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project
    from werk.tools.st.unit import StUnit

COMPARISONS = frozenset({"=", "<>", "<", ">", "<=", ">="})
LOGICAL = frozenset({"AND", "OR", "XOR", "&", "AND_THEN", "OR_ELSE"})
LITERAL_TYPES: dict[str, TypeRef] = {
    "integer_literal": ANY_INT,
    "real_literal": ANY_REAL,
    "boolean_literal": BOOL,
    "time_literal": ElementaryType("TIME"),
    "date_literal": ElementaryType("DATE"),
    "time_of_day_literal": ElementaryType("TIME_OF_DAY"),
    "date_and_time_literal": ElementaryType("DATE_AND_TIME"),
}
CONDITIONAL_STATEMENTS = frozenset(
    {"if_statement", "case_statement", "for_statement", "while_statement"}
)


@dataclass
class PouAnalysis:
    """What one POU's code does with names."""

    pou: Pou
    # In evaluation order: in ``x := x + 1`` the read of x comes before its write.
    uses: list[Use] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    expression_types: dict[tuple[int, int], TypeRef] = field(default_factory=dict)
    # Set when this analysis is an earlier one re-pointed at new declarations after
    # an edit that left every interface unchanged: the code and its meaning are the same.
    retargeted_from: PouAnalysis | None = None

    @property
    def unresolved(self) -> list[Use]:
        return [u for u in self.uses if u.target is None and u.address is None]

    @property
    def calls(self) -> list[Use]:
        return [u for u in self.uses if u.kind is UseKind.CALL]


class _Walker:
    def __init__(self, pou: Pou, project: Project) -> None:
        self.pou = pou
        self.project = project
        self.unit: StUnit = pou.location.unit
        self.scope = PouScope(pou, project)
        self.result = PouAnalysis(pou)
        self.conditional = 0

    # --- recording -------------------------------------------------------------------------

    def location(self, node: Node) -> Location:
        return Location(self.unit, node.start_byte, node.end_byte)

    def record(
        self,
        node: Node,
        name: str,
        kind: UseKind,
        target: Symbol | None,
        *,
        partial: bool = False,
        address: str | None = None,
    ) -> None:
        self.result.uses.append(
            Use(
                name=name,
                location=self.location(node),
                kind=kind,
                target=target,
                pou=self.pou,
                conditional=self.conditional > 0,
                partial=partial,
                address=address,
            )
        )

    def record_type_use(self, variable: Variable, symbol: Symbol | None) -> None:
        """A declaration ``fbPump : FB_Pump;`` is a use of the type FB_Pump."""
        if variable.declaration is None:
            return
        self.result.uses.append(
            Use(
                name=str(variable.type),
                location=type_name_location(variable),
                kind=UseKind.TYPE,
                target=symbol,
                pou=self.pou,
            )
        )

    def typed(self, node: Node, type_ref: TypeRef) -> TypeRef:
        self.result.expression_types[(node.start_byte, node.end_byte)] = type_ref
        return type_ref

    # --- statements ------------------------------------------------------------------------

    def statements(self, nodes: list[Node]) -> None:
        for node in nodes:
            self.statement(node)

    def statement(self, node: Node) -> None:
        kind = node.type
        if kind == "assignment_statement":
            self.assignment(node)
        elif kind == "reference_assignment_statement":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None:
                self.expression(left, UseKind.WRITE)
            if right is not None:
                self.expression(right, UseKind.ADDRESS)
        elif kind == "invocation_statement":
            for child in node.named_children:
                self.expression(child, UseKind.READ)
        elif kind == "if_statement":
            self.if_statement(node)
        elif kind == "case_statement":
            self.case_statement(node)
        elif kind == "for_statement":
            self.for_statement(node)
        elif kind == "while_statement":
            self.loop(node, conditional=True)
        elif kind == "repeat_statement":
            self.loop(node, conditional=False)
        elif kind in (
            "return_statement",
            "exit_statement",
            "continue_statement",
            "empty_statement",
        ) or kind in ("comment", "pragma"):
            return
        else:  # an expression used as a statement, or an unknown construct
            for child in node.named_children:
                self.expression(child, UseKind.READ)

    def assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        conditional = self.unit.rewrite_in_operator(
            node, RewriteKind.SET_ASSIGN, RewriteKind.RESET_ASSIGN
        )
        source = self.expression(right, UseKind.READ) if right is not None else UNKNOWN
        if conditional:
            self.conditional += 1
        target = self.expression(left, UseKind.WRITE) if left is not None else UNKNOWN
        if conditional:
            self.conditional -= 1
        if right is not None:
            self.convert(right, source, target)

    def if_statement(self, node: Node) -> None:
        condition = node.child_by_field_name("condition")
        if condition is not None:
            self.expression(condition, UseKind.READ)
        self.conditional += 1
        for child in node.named_children:
            if child == condition:
                continue
            if child.type == "elsif_clause":
                clause_condition = child.child_by_field_name("condition")
                if clause_condition is not None:
                    self.expression(clause_condition, UseKind.READ)
                self.statements([c for c in child.named_children if c != clause_condition])
            elif child.type == "else_clause":
                self.statements(child.named_children)
            else:
                self.statement(child)
        self.conditional -= 1

    def case_statement(self, node: Node) -> None:
        selector = node.named_children[0] if node.named_children else None
        selector_type = self.expression(selector, UseKind.READ) if selector is not None else UNKNOWN
        self.conditional += 1
        for child in node.named_children[1:]:
            if child.type == "case_clause":
                for part in child.named_children:
                    if part.type == "case_value":
                        for value in part.named_children:
                            self.case_label(value, selector_type)
                    else:
                        self.statement(part)
            elif child.type == "else_clause":
                self.statements(child.named_children)
        self.conditional -= 1

    def case_label(self, node: Node, selector_type: TypeRef) -> None:
        if node.type == "identifier":
            enum = self.project.resolve_type(selector_type)
            if isinstance(enum, TypeDecl) and enum.kind is TypeKind.ENUM:
                member = enum.member(self.unit.identifier_name(node))
                if member is not None:
                    self.record(node, member.name, UseKind.READ, member)
                    return
        if node.type == "subrange":
            for bound in node.named_children:
                self.expression(bound, UseKind.READ)
            return
        self.expression(node, UseKind.READ)

    def for_statement(self, node: Node) -> None:
        control = node.child_by_field_name("control")
        for field_name in ("start", "end", "step"):
            part = node.child_by_field_name(field_name)
            if part is not None:
                self.expression(part, UseKind.READ)
        if control is not None:
            self.expression(control, UseKind.READ_WRITE)
        self.conditional += 1
        self.statements(node.children_by_field_name("body"))
        self.conditional -= 1

    def loop(self, node: Node, *, conditional: bool) -> None:
        condition = node.child_by_field_name("condition")
        if condition is not None and conditional:
            self.expression(condition, UseKind.READ)
        self.conditional += 1 if conditional else 0
        body = node.children_by_field_name("body") or [
            c for c in node.named_children if c != condition
        ]
        self.statements(body)
        self.conditional -= 1 if conditional else 0
        if condition is not None and not conditional:
            self.expression(condition, UseKind.READ)

    # --- expressions -----------------------------------------------------------------------

    def expression(self, node: Node | None, kind: UseKind, partial: bool = False) -> TypeRef:
        """Visit an expression used as ``kind``; return its type.

        ``partial`` marks the object of a member, index or bit access: writing
        ``a.b`` or ``a[i]`` writes part of ``a``, which rules must tell apart
        from overwriting all of it.
        """
        if node is None:
            return UNKNOWN
        if partial and node.type == "identifier":
            return self.typed(node, self.name_use(node, kind, partial=kind is not UseKind.READ))
        handler = getattr(self, f"expr_{node.type}", None)
        if handler is not None:
            return self.typed(node, handler(node, kind))
        literal = LITERAL_TYPES.get(node.type)
        if literal is not None:
            return self.typed(node, literal)
        for child in node.named_children:
            self.expression(child, UseKind.READ)
        return UNKNOWN

    def expr_identifier(self, node: Node, kind: UseKind) -> TypeRef:
        return self.name_use(node, kind)

    def name_use(self, node: Node, kind: UseKind, *, partial: bool = False) -> TypeRef:
        address = self.unit.direct_address(node)
        if address is not None:
            self.record(node, address, kind, None, partial=partial, address=address)
            return address_type(address)
        name = self.unit.identifier_name(node)
        symbol = self.scope.lookup(name)
        self.record(node, name, kind, symbol, partial=partial)
        return self.symbol_type(symbol)

    def expr_parenthesized_expression(self, node: Node, kind: UseKind) -> TypeRef:
        inner = node.named_children[0] if node.named_children else None
        return self.expression(inner, kind)

    def expr_string_literal(self, node: Node, kind: UseKind) -> TypeRef:
        text = self.unit.text(node)
        return StringType(wide=text.startswith('"'), length=None)

    def expr_typed_literal(self, node: Node, kind: UseKind) -> TypeRef:
        prefix = self.unit.text(node).split("#", 1)[0]
        found = elementary(prefix)
        if found is not None:
            return found
        enum = self.project.find_type(prefix)
        return NamedType(enum.name) if enum is not None else UNKNOWN

    def expr_this_expression(self, node: Node, kind: UseKind) -> TypeRef:
        """``THIS`` is a pointer to the FB instance the code runs in (``THIS^.x``)."""
        owner = self.pou.parent or self.pou
        return PointerType(NamedType(owner.name))

    def expr_super_expression(self, node: Node, kind: UseKind) -> TypeRef:
        """``SUPER`` points at the same instance seen as its base FB (``SUPER^.M()``)."""
        owner = self.pou.parent or self.pou
        return PointerType(NamedType(owner.extends)) if owner.extends else UNKNOWN

    def expr_unary_expression(self, node: Node, kind: UseKind) -> TypeRef:
        operand = node.child_by_field_name("operand")
        return self.expression(operand, UseKind.READ)

    def expr_binary_expression(self, node: Node, kind: UseKind) -> TypeRef:
        left = self.expression(node.child_by_field_name("left"), UseKind.READ)
        operator = node.child_by_field_name("operator")
        op = self.unit.text(operator).upper() if operator is not None else self.operator_of(node)
        if self.unit.rewrite_in_operator(node, RewriteKind.AND_THEN, RewriteKind.OR_ELSE):
            self.conditional += 1
            right = self.expression(node.child_by_field_name("right"), UseKind.READ)
            self.conditional -= 1
        else:
            right = self.expression(node.child_by_field_name("right"), UseKind.READ)
        if op in COMPARISONS:
            return BOOL
        if op in LOGICAL:
            return wider(left, right)
        return arithmetic_result(op, left, right)

    def operator_of(self, node: Node) -> str:
        for child in node.children:
            if not child.is_named:
                return child.type.upper()
        return ""

    def expr_index_expression(self, node: Node, kind: UseKind) -> TypeRef:
        obj = node.child_by_field_name("object")
        for index in node.children_by_field_name("index"):
            self.expression(index, UseKind.READ)
        base = self.expression(obj, kind, partial=True) if obj is not None else UNKNOWN
        return element_type(base, self.project) or UNKNOWN

    def expr_dereference_expression(self, node: Node, kind: UseKind) -> TypeRef:
        pointer = node.child_by_field_name("pointer")
        base = self.expression(pointer, UseKind.READ)
        return pointee_type(base, self.project) or UNKNOWN

    def expr_address_of_expression(self, node: Node, kind: UseKind) -> TypeRef:
        for child in node.named_children:
            self.expression(child, UseKind.ADDRESS)
        return ElementaryType("LWORD")

    def expr_member_access_expression(self, node: Node, kind: UseKind) -> TypeRef:
        obj = node.child_by_field_name("object")
        member = node.child_by_field_name("member")
        if member is None or obj is None:
            return UNKNOWN
        if self.unit.bit_access(member) is not None:
            self.expression(obj, kind, partial=kind is not UseKind.READ)
            return BOOL
        owner = self.object_symbol(obj, kind)
        name = self.unit.identifier_name(member)
        if owner is not None:
            lookup = members_of_symbol(owner, self.project)
        else:
            lookup = members_of(
                self.result.expression_types.get((obj.start_byte, obj.end_byte)), self.project
            )
        symbol = lookup(name)
        self.record(member, name, kind, symbol)
        return self.symbol_type(symbol)

    def object_symbol(self, obj: Node, kind: UseKind) -> Symbol | None:
        """Visit the object of a member access; return its symbol when it is a plain name."""
        partial_kind = kind if kind is not UseKind.CALL else UseKind.READ
        if obj.type == "identifier" and self.unit.direct_address(obj) is None:
            name = self.unit.identifier_name(obj)
            symbol = self.scope.lookup(name)
            if isinstance(symbol, GlobalList | TypeDecl) or (
                isinstance(symbol, Pou) and symbol.kind is PouKind.PROGRAM
            ):
                self.record(obj, name, UseKind.READ, symbol)
                return symbol
            self.record(obj, name, partial_kind, symbol, partial=partial_kind is not UseKind.READ)
            type_ref = self.symbol_type(symbol)
            self.typed(obj, type_ref)
            return symbol
        self.expression(obj, partial_kind, partial=True)
        return None

    def expr_call_expression(self, node: Node, kind: UseKind) -> TypeRef:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None:
            return UNKNOWN
        callee = self.callee(function)
        parameters = callee_parameters(callee, self.project)
        positional = [p for p in parameters if p.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)]
        if arguments is not None:
            position = 0
            for argument in arguments.named_children:
                if argument.type == "named_argument":
                    self.named_argument(argument, callee, parameters)
                elif argument.type not in ("comment", "pragma"):
                    parameter = positional[position] if position < len(positional) else None
                    position += 1
                    argument_kind = (
                        UseKind.READ_WRITE
                        if parameter is not None and parameter.section is Section.VAR_IN_OUT
                        else UseKind.READ
                    )
                    source = self.expression(argument, argument_kind)
                    if parameter is not None:
                        self.convert(argument, source, parameter.type)
        return call_result(callee, self.project, self.result, arguments)

    def callee(self, function: Node) -> Symbol | None:
        if function.type == "identifier":
            name = self.unit.identifier_name(function)
            symbol = self.scope.lookup(name)
            self.record(function, name, UseKind.CALL, symbol)
            return symbol
        if function.type == "member_access_expression":
            obj = function.child_by_field_name("object")
            member = function.child_by_field_name("member")
            owner = self.object_symbol(obj, UseKind.READ) if obj is not None else None
            if member is None:
                return None
            name = self.unit.identifier_name(member)
            if owner is not None:
                lookup = members_of_symbol(owner, self.project)
            else:
                key_ = (obj.start_byte, obj.end_byte) if obj is not None else (0, 0)
                lookup = members_of(self.result.expression_types.get(key_), self.project)
            symbol = lookup(name)
            self.record(member, name, UseKind.CALL, symbol)
            return symbol
        self.expression(function, UseKind.READ)
        return None

    def named_argument(self, node: Node, callee: Symbol | None, parameters: list[Variable]) -> None:
        name_node = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        is_output = any(not c.is_named and c.type == "=>" for c in node.children)
        name = self.unit.identifier_name(name_node) if name_node is not None else ""
        parameter = next((p for p in parameters if p.key == name.lower()), None)
        negated = any(not c.is_named and c.type.upper() == "NOT" for c in node.children)
        if name_node is not None:
            parameter_kind = UseKind.READ if is_output else UseKind.WRITE
            self.record(name_node, name, parameter_kind, parameter)
        if value is None:
            return
        if is_output:
            self.expression(value, UseKind.WRITE)
            return
        if parameter is not None and parameter.section is Section.VAR_IN_OUT:
            self.expression(value, UseKind.READ_WRITE)
            return
        source = self.expression(value, UseKind.READ)
        if parameter is not None and not negated:
            self.convert(value, source, parameter.type)

    # --- types -----------------------------------------------------------------------------

    def symbol_type(self, symbol: Symbol | None) -> TypeRef:
        if isinstance(symbol, Variable):
            return value_type(symbol.type, self.project)
        if isinstance(symbol, EnumMember) and symbol.owner is not None:
            return NamedType(symbol.owner.name)
        if isinstance(symbol, Pou):
            if symbol.kind in (PouKind.FUNCTION, PouKind.METHOD, PouKind.PROPERTY):
                return symbol.return_type or UNKNOWN
            return NamedType(symbol.name)
        return UNKNOWN

    def convert(self, node: Node, source: TypeRef, target: TypeRef) -> None:
        source_e = self.project.resolve_alias(source)
        target_e = self.project.resolve_alias(target)
        if (
            isinstance(source_e, ElementaryType)
            and isinstance(target_e, ElementaryType)
            and source_e != target_e
        ):
            self.result.conversions.append(Conversion(self.location(node), source_e, target_e))


def address_type(address: str) -> TypeRef:
    """The type of a direct address by its size prefix: X BOOL, B BYTE, W WORD, D DWORD, L LWORD."""
    size = address[2:3].upper() if len(address) > 2 else "X"
    return {
        "X": BOOL,
        "B": ElementaryType("BYTE"),
        "W": ElementaryType("WORD"),
        "D": ElementaryType("DWORD"),
        "L": ElementaryType("LWORD"),
    }.get(size, BOOL)


def wider(left: TypeRef, right: TypeRef) -> TypeRef:
    """The operand type of a binary operation (§6.4.2: the larger of the two)."""
    if isinstance(left, GenericType) and not isinstance(right, GenericType):
        return right
    if isinstance(right, GenericType) and not isinstance(left, GenericType):
        return left
    if isinstance(left, ElementaryType) and isinstance(right, ElementaryType):
        a, b = left.info, right.info
        if a.category is Category.REAL or b.category is Category.REAL:
            return left if (a.category is Category.REAL and a.bits >= b.bits) else right
        return left if a.bits >= b.bits else right
    if left == ANY_REAL or right == ANY_REAL:
        return ANY_REAL
    return left if left is not UNKNOWN else right


def arithmetic_result(op: str, left: TypeRef, right: TypeRef) -> TypeRef:
    if isinstance(left, ElementaryType) and left.info.category in (
        Category.DURATION,
        Category.DATE,
    ):
        if isinstance(right, ElementaryType) and right.info.category is Category.DURATION:
            return left
        if isinstance(right, ElementaryType) and right.info.category is Category.DATE and op == "-":
            return ElementaryType("TIME")
        return left
    if isinstance(right, ElementaryType) and right.info.category is Category.DURATION and op == "*":
        return right
    return wider(left, right)


def callee_parameters(callee: Symbol | None, project: Project) -> list[Variable]:
    """The parameters of what is called: a function, method, or an FB instance's type."""
    if isinstance(callee, Pou):
        if callee.kind is PouKind.ACTION:
            return []
        return callee.variables
    if isinstance(callee, Variable):
        target = project.resolve_type(value_type(callee.type, project))
        if isinstance(target, Pou):
            from werk.tools.st.model.scope import inheritance_chain

            parameters: list[Variable] = []
            for pou in inheritance_chain(target, project.find_pou):
                parameters.extend(pou.variables)
            return parameters
    return []


def call_result(
    callee: Symbol | None, project: Project, result: PouAnalysis, arguments: Node | None
) -> TypeRef:
    if not isinstance(callee, Pou) or callee.kind not in (PouKind.FUNCTION, PouKind.METHOD):
        return UNKNOWN
    returned = callee.return_type or UNKNOWN
    if isinstance(returned, GenericType) and arguments is not None:
        # Generic standard functions (MAX, LIMIT, ABS...) return their arguments' type.
        argument_types = [
            result.expression_types.get(
                (
                    (a.child_by_field_name("value") or a).start_byte,
                    (a.child_by_field_name("value") or a).end_byte,
                )
            )
            for a in arguments.named_children
            if a.type not in ("comment", "pragma")
        ]
        typed = [t for t in argument_types if t is not None and t is not UNKNOWN]
        selector_free = typed[1:] if callee.name.upper() in ("SEL", "MUX") else typed
        if callee.name.upper() in ("LEN", "FIND"):
            return ElementaryType("INT")
        chosen: TypeRef = UNKNOWN
        for candidate in selector_free:
            chosen = candidate if chosen is UNKNOWN else wider(chosen, candidate)
        return chosen if chosen is not UNKNOWN else returned
    return returned


def analyse_pou(pou: Pou, project: Project) -> PouAnalysis:
    walker = _Walker(pou, project)
    declarations_seen: set[int] = set()
    for variable in pou.variables:
        declared = variable.type
        declaration = variable.declaration
        if declaration is not None:  # `a, b : FB_X;` names the type once
            if declaration.start in declarations_seen:
                continue
            declarations_seen.add(declaration.start)
        if isinstance(declared, NamedType):
            target = project.resolve_type(declared)
            symbol = target if isinstance(target, Pou | TypeDecl) else None
            walker.record_type_use(variable, symbol)
    walker.statements(pou.body)
    for accessor in pou.accessors.values():
        walker.statements(accessor)
    return walker.result


def type_name_location(variable: Variable) -> Location:
    declaration = variable.declaration
    assert declaration is not None
    text = declaration.unit.lowered.text
    name = str(variable.type).encode()
    start = variable.location.end
    found = text[start : declaration.end].lower().find(name.lower())  # not the whole text
    if found < 0:
        return declaration
    return Location(declaration.unit, start + found, start + found + len(name))
