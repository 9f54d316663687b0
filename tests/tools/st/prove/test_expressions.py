"""Property expressions: ST precedence, PLCverif's implication, literals, and clear errors."""

from __future__ import annotations

import pytest

from werk.tools.st.prove.expressions import (
    Binary,
    Call,
    EnumValue,
    ExpressionError,
    Literal,
    Name,
    Segment,
    Unary,
    names_in,
    parse,
)


def shape(node: object) -> object:
    """A compact form of a tree for comparisons."""
    if isinstance(node, Binary):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, Unary):
        return (node.op, shape(node.operand))
    if isinstance(node, Name):
        return node.path
    if isinstance(node, Literal):
        return node.text
    if isinstance(node, EnumValue):
        return f"{node.type_name}#{node.member}"
    if isinstance(node, Call):
        return (node.function, *[shape(a) for a in node.arguments])
    raise AssertionError(node)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a AND b OR c", ("OR", ("AND", "a", "b"), "c")),
        ("a OR b XOR c", ("OR", "a", ("XOR", "b", "c"))),
        ("NOT a AND b", ("AND", ("NOT", "a"), "b")),
        ("a + b * c = d", ("=", ("+", "a", ("*", "b", "c")), "d")),
        ("x < 1 = y", ("=", ("<", "x", "1"), "y")),
        ("-2 ** 2", ("**", ("-", "2"), "2")),  # IEC Table 71: negation binds tighter
        ("a & b", ("AND", "a", "b")),
        ("a MOD 3 - 1", ("-", ("MOD", "a", "3"), "1")),
        ("a --> b --> c", ("-->", "a", ("-->", "b", "c"))),  # right-associative
        ("a AND b --> c OR d", ("-->", ("AND", "a", "b"), ("OR", "c", "d"))),
        ("(a OR b) AND c", ("AND", ("OR", "a", "b"), "c")),
    ],
)
def test_precedence(text: str, expected: object) -> None:
    assert shape(parse(text)) == expected


@pytest.mark.parametrize(
    "literal",
    ["TRUE", "16#8A04", "T#1s500ms", "INT#-5", "INT#16#FF", "1.5E3", "D#2024-01-31", "1_000"],
)
def test_literals(literal: str) -> None:
    assert shape(parse(literal)) == literal


def test_paths_with_indexes_and_enum_values() -> None:
    tree = parse("instance.aGrid[1, -2].rLevel > E_Mode#Fill")
    assert isinstance(tree, Binary) and isinstance(tree.left, Name)
    assert tree.left.segments[1] == Segment("aGrid", (1, -2))
    assert tree.left.path == "instance.aGrid[1, -2].rLevel"
    assert shape(tree.right) == "E_Mode#Fill"
    assert [name.path for name in names_in(parse("ABS(a.b) < c + 1"))] == ["a.b", "c"]


@pytest.mark.parametrize(
    ("text", "column", "reason"),
    [
        ("instance.a +", 13, "expected an operand"),
        ("(instance.a", 12, "expected ')'"),
        ("instance.a := 1", 12, "is not an operator"),
        ("instance.s = 'on'", 14, "strings are not supported"),
        ("instance.a[i] > 0", 12, "integer literals"),
        ("", 1, "empty expression"),
        ("a b", 3, "unexpected 'b'"),
    ],
)
def test_errors_point_into_the_text(text: str, column: int, reason: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.column == column
    assert reason in caught.value.reason
