"""Values and value ranges of ST expressions, shared by the type and expression rules.

IEC 61131-3 §6.3.2 lets an untyped literal take the type its context needs,
so the rules about ranges (WERK201, WERK202), conversions (CP25), divisors
(WERK203) and array indices (WERK204) all ask the same questions: what number
does this expression stand for, if any, and which values can a variable of
this type hold (§6.4.2, table 10)? Bit strings count as unsigned integers of
their width; a subrange holds its declared bounds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeAlias
from weakref import WeakKeyDictionary

from tree_sitter import Node

from werk.tools.st.lowering import RewriteKind
from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.declarations import integer_value
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import GlobalList, Pou, Section, Variable
from werk.tools.st.model.types import (
    ELEMENTARY,
    Category,
    ElementaryType,
    SubrangeType,
    TypeRef,
    elementary,
)
from werk.tools.st.model.uses import Use
from werk.tools.st.rules.walk import operator, statements
from werk.tools.st.unit import StUnit

Number: TypeAlias = int | float

COMPARISONS = frozenset({"=", "<>", "<", ">", "<=", ">="})
# ``a op b`` is ``b MIRRORED[op] a``; NOT (a op b) is ``a NEGATED[op] b``.
MIRRORED = {"=": "=", "<>": "<>", "<": ">", ">": "<", "<=": ">=", ">=": "<="}
NEGATED = {"=": "<>", "<>": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
# Where a value lives, as opposed to a value computed by arithmetic: CODESYS and
# TwinCAT compute ``nSint + 1`` in a register, so only stored values keep their range.
STORAGE_NODES = frozenset(
    {"identifier", "member_access_expression", "index_expression", "dereference_expression"}
)
REAL = re.compile(r"^[+-]?\d[\d_]*(?:\.[\d_]+)?(?:[eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Range:
    """The values a type can hold, both bounds included."""

    low: int
    high: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high

    def contains(self, other: Range) -> bool:
        return self.low <= other.low and other.high <= self.high

    def __str__(self) -> str:
        return f"{self.low}..{self.high}"


def integer_range(name: str | None) -> Range | None:
    """The range of an elementary integer or bit-string type (``SINT`` -128..127)."""
    info = ELEMENTARY.get(name or "")
    if info is None:
        return None
    if info.category is Category.SIGNED:
        return Range(-(2 ** (info.bits - 1)), 2 ** (info.bits - 1) - 1)
    if info.category in (Category.UNSIGNED, Category.BIT_STRING):
        return Range(0, 2**info.bits - 1)
    return None


def value_range(
    project: Project, type_ref: TypeRef | None, *, with_bool: bool = False
) -> Range | None:
    """The values a variable of ``type_ref`` can hold; None when it is not an integer type.

    A subrange whose bounds are not literals (``INT(0..cMax)``) falls back to
    its base type's range. BOOL counts as 0..1 only when ``with_bool`` is set.
    """
    if type_ref is None:
        return None
    resolved = project.resolve_alias(type_ref)
    if isinstance(resolved, SubrangeType):
        if resolved.lower_value is not None and resolved.upper_value is not None:
            return Range(resolved.lower_value, resolved.upper_value)
        resolved = project.resolve_alias(resolved.base)
    if not isinstance(resolved, ElementaryType):
        return None
    if resolved.name == "BOOL":
        return Range(0, 1) if with_bool else None
    return integer_range(resolved.name)


def is_subrange(project: Project, type_ref: TypeRef | None) -> bool:
    return type_ref is not None and isinstance(project.resolve_alias(type_ref), SubrangeType)


def signed_bits(project: Project, type_ref: TypeRef | None) -> int | None:
    """The width of an elementary signed integer type (``INT`` 16), for bit-pattern literals."""
    if type_ref is None:
        return None
    resolved = project.resolve_alias(type_ref)
    if isinstance(resolved, ElementaryType) and resolved.info.category is Category.SIGNED:
        return resolved.info.bits
    return None


# --- syntax ----------------------------------------------------------------------------------


@dataclass
class SyntaxIndex:
    """A POU's statement nodes by type, from one walk shared by the rules.

    Each type's nodes are in source order; ``of`` with several types groups them by type.
    """

    by_type: dict[str, list[Node]] = field(default_factory=lambda: defaultdict(list))
    in_case_label: set[int] = field(default_factory=set)  # ids of nodes inside a CASE label

    def of(self, *types: str) -> list[Node]:
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        return [n for t in types for n in self.by_type.get(t, [])]


_SYNTAX: WeakKeyDictionary[Pou, SyntaxIndex] = WeakKeyDictionary()


def syntax(pou: Pou) -> SyntaxIndex:
    """The named nodes of ``pou``'s statements (property accessors included), by type.

    A tree cursor walks each tree once for all the rules that ask; the index
    lives as long as the POU, whose syntax nodes never change.
    """
    found = _SYNTAX.get(pou)
    if found is not None:
        return found
    index = SyntaxIndex()
    for top in statements(pou):
        cursor = top.walk()
        depth = 0
        label_depth: int | None = None  # depth of the CASE label being walked
        while True:
            node = cursor.node
            if node is not None and node.is_named:
                index.by_type[node.type].append(node)
                if label_depth is None and node.type == "case_value":
                    label_depth = depth
                if label_depth is not None:
                    index.in_case_label.add(node.id)
            if cursor.goto_first_child():
                depth += 1
                continue
            while depth and not cursor.goto_next_sibling():
                cursor.goto_parent()
                depth -= 1
                if label_depth is not None and depth <= label_depth:
                    label_depth = None
            if label_depth is not None and depth <= label_depth:
                label_depth = None
            if depth == 0:
                break
    _SYNTAX[pou] = index
    return index


def strip_parentheses(node: Node) -> Node:
    while node.type == "parenthesized_expression":
        inner = [c for c in node.named_children if c.type not in ("comment", "pragma")]
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def side(node: Node, name: str) -> Node | None:
    found = node.child_by_field_name(name)
    return strip_parentheses(found) if found is not None else None


def operator_token(node: Node) -> Node | None:
    """The operator token of a binary expression (``=`` in ``a = b``)."""
    field = node.child_by_field_name("operator")
    if field is not None:
        return field
    return next((c for c in node.children if not c.is_named), None)


def expression_file_span(unit: StUnit, start: int, end: int) -> tuple[int, int]:
    """The user's bytes of an expression, a Siemens ``#`` before a local name included.

    Lowering blanks the ``#`` of ``#speed``, so the lowered expression starts
    after it; text inserted before the expression must go before the ``#``.
    """
    for rewrite in unit.lowered.rewrites_in(max(start - 1, 0), end):
        if rewrite.kind is RewriteKind.SCL_LOCAL and rewrite.lowered_end == start:
            start = rewrite.lowered_start
    return unit.file_span(start, end)


def normalized(unit: StUnit, node: Node) -> str:
    """The expression's text without blanks, lower case: ``stIn . nDIV`` reads ``stin.ndiv``."""
    return "".join(unit.text(node).split()).lower()


def is_pure(node: Node) -> bool:
    """Whether ``node`` reads the same value twice: names, members, elements, literals."""
    node = strip_parentheses(node)
    if node.type in ("identifier", "integer_literal", "real_literal", "typed_literal"):
        return True
    if node.type == "member_access_expression":
        obj = node.child_by_field_name("object")
        return obj is not None and is_pure(obj)
    if node.type == "index_expression":
        return all(is_pure(c) for c in node.named_children if c.type not in ("comment", "pragma"))
    if node.type == "dereference_expression":
        return all(is_pure(c) for c in node.named_children)
    return False


def is_storage(node: Node) -> bool:
    return strip_parentheses(node).type in STORAGE_NODES


# --- literals and constants ------------------------------------------------------------------


def parse_number(text: str) -> Number | None:
    """``10``, ``-3``, ``16#FF``, ``INT#5``, ``1_000``, ``2.5E3``, ``REAL#1.5`` as a number."""
    whole = integer_value(text)
    if whole is not None:
        return whole
    text = text.strip()
    if "#" in text and text.split("#", 1)[0].isalpha():
        prefix, text = text.split("#", 1)
        found = elementary(prefix)
        if found is None or found.info.category not in (Category.REAL,):
            return None
    if REAL.match(text):
        return float(text.replace("_", ""))
    return None


def literal_value(unit: StUnit, node: Node | None) -> Number | None:
    """The number a literal stands for: ``200``, ``-1``, ``-(5)``, ``16#FF``, ``INT#5``, ``1.5``."""
    if node is None:
        return None
    node = strip_parentheses(node)
    if node.type == "integer_literal":
        text = unit.text(node)
        digits = text.lstrip("+-")
        if digits.isdigit():  # the common case, without the regular expressions
            return -int(digits) if text.startswith("-") else int(digits)
        return parse_number(text)
    if node.type in ("real_literal", "typed_literal"):
        if node.type == "typed_literal":
            prefix = unit.text(node).split("#", 1)[0]
            found = elementary(prefix)
            if found is None or found.info.category in (Category.BOOL, Category.STRING):
                return None
        return parse_number(unit.text(node))
    if node.type == "unary_expression" and operator(node) in ("-", "+"):
        inner = literal_value(unit, node.child_by_field_name("operand"))
        if inner is None:
            return None
        return -inner if operator(node) == "-" else inner
    return None


def is_based_literal(unit: StUnit, node: Node) -> bool:
    """``16#FFFF``, ``2#1010``, ``INT#16#FF``: written as a bit pattern, not as a quantity."""
    text = unit.text(strip_parentheses(node)).strip().lstrip("+-")
    if "#" in text and text.split("#", 1)[0].isalpha():
        text = text.split("#", 1)[1]
    return "#" in text


def constant_value(variable: Variable) -> Number | None:
    """The value of a ``VAR CONSTANT`` (or global constant) initialised with a literal.

    A ``VAR_INPUT CONSTANT`` has a default, not a value: callers pass their own.
    """
    if not variable.is_constant or variable.initial_value is None:
        return None
    if variable.section in (Section.VAR_INPUT, Section.VAR_IN_OUT, Section.VAR_OUTPUT):
        return None
    return parse_number(variable.initial_value)


class Values:
    """What the names in one POU's code stand for: uses by position, constants by value."""

    def __init__(self, project: Project, analysis: PouAnalysis) -> None:
        self.project = project
        self.analysis = analysis
        self.unit = analysis.pou.location.unit
        self.uses: dict[tuple[int, int], Use] = {}
        for use in analysis.uses:
            self.uses.setdefault((use.location.start, use.location.end), use)
        self._keys: dict[int, tuple[object, ...]] = {}

    def use(self, node: Node | None) -> Use | None:
        """The use recorded for an identifier, or for the member of a member access."""
        if node is None:
            return None
        node = strip_parentheses(node)
        if node.type == "member_access_expression":
            member = node.child_by_field_name("member")
            return self.uses.get((member.start_byte, member.end_byte)) if member else None
        return self.uses.get((node.start_byte, node.end_byte))

    def variable(self, node: Node | None) -> Variable | None:
        use = self.use(node)
        return use.target if use is not None and isinstance(use.target, Variable) else None

    def value(self, node: Node | None) -> Number | None:
        """A literal's value, or a literal-valued constant's (``cMax``, ``GVL_Par.cMax``)."""
        found = literal_value(self.unit, node)
        if found is not None or node is None:
            return found
        variable = self.variable(node)
        return constant_value(variable) if variable is not None else None

    def operand_key(self, node: Node) -> tuple[object, ...]:
        """Identity of a stored operand: ``nDiv`` and ``GVL.nDiv`` name the same variable."""
        node = strip_parentheses(node)
        found = self._keys.get(node.id)
        if found is None:
            found = self._keys[node.id] = self._operand_key(node)
        return found

    def _operand_key(self, node: Node) -> tuple[object, ...]:
        if node.type == "identifier":
            use = self.use(node)
            if use is not None and use.target is not None:
                return ("symbol", id(use.target))
            return ("text", normalized(self.unit, node))
        if node.type == "member_access_expression":
            obj = node.child_by_field_name("object")
            member = node.child_by_field_name("member")
            use = self.use(node)
            owner = self.use(obj) if obj is not None else None
            if use is not None and owner is not None and isinstance(owner.target, GlobalList):
                return ("symbol", id(use.target))
            if obj is not None and member is not None:
                return (*self.operand_key(obj), ".", normalized(self.unit, member))
        if node.type == "index_expression":
            obj = node.child_by_field_name("object")
            indices = [normalized(self.unit, i) for i in node.children_by_field_name("index")]
            if obj is not None:
                return (*self.operand_key(obj), "[", *indices)
        return ("text", normalized(self.unit, node))

    def root_variable(self, node: Node) -> Variable | None:
        """The variable a stored operand belongs to: ``stIn`` for ``stIn.aData[3].nDiv``.

        A global reached through its list's name (``GVL.nDiv``) is its own root.
        """
        node = strip_parentheses(node)
        while True:
            if node.type == "identifier":
                return self.variable(node)
            if node.type == "member_access_expression":
                obj = node.child_by_field_name("object")
                owner = self.use(obj) if obj is not None else None
                if owner is not None and isinstance(owner.target, GlobalList):
                    return self.variable(node)
                if obj is None:
                    return None
                node = strip_parentheses(obj)
            elif node.type in ("index_expression", "dereference_expression"):
                inner = node.child_by_field_name("object") or node.child_by_field_name("pointer")
                if inner is None:
                    return None
                node = strip_parentheses(inner)
            else:
                return None


def comparison_outcome(op: str, values: Range, constant: Number) -> bool | None:
    """``x op constant`` for every ``x`` in ``values``: always TRUE, always FALSE, or None."""
    low, high = values.low, values.high
    results = {
        "<": (high < constant, low >= constant),
        "<=": (high <= constant, low > constant),
        ">": (low > constant, high <= constant),
        ">=": (low >= constant, high < constant),
        "=": (low == high == constant, constant < low or constant > high),
        "<>": (constant < low or constant > high, low == high == constant),
    }
    always_true, always_false = results[op]
    if always_true:
        return True
    if always_false:
        return False
    return None
