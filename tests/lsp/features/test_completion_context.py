"""What completion offers where: one place per kind of position in a POU."""

from __future__ import annotations

import pytest

from werk.lsp.features.completion_context import Place, Wanted, wanted
from werk.lsp.features.cursor_context import scan
from werk.lsp.features.st_tokens import lex

FB = "FUNCTION_BLOCK FB_X\nVAR\n  x : INT;\n  e : E_State;\nEND_VAR\n"


def at(text: str) -> Wanted:
    data = text.encode()
    return wanted(scan(lex(data), len(data), data.count(b"\n")))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("", Place.TOP_LEVEL),
        ("PROGRAM P\nEND_PROGRAM\nFUN", Place.TOP_LEVEL),
        ("FUNCTION_BLOCK FB_X EXTENDS F", Place.POU_HEADER),
        ("FUNCTION F : ", Place.POU_HEADER),
        (FB.replace("END_VAR\n", "  y : "), Place.TYPE),
        (FB.replace("END_VAR\n", "  y : ARRAY[0..9] OF "), Place.TYPE),
        (FB.replace("END_VAR\n", "  y "), Place.DECLARATION_NAME),
        (FB.replace("END_VAR\n", "  e2 : E_State := "), Place.VALUE),
        (FB, Place.DECLARATIONS),
        (FB + "x := 1;\n", Place.STATEMENT),
        (FB + "IF ", Place.VALUE),
        (FB + "IF tonX.", Place.MEMBER),
        (FB + "e := E_State#", Place.ENUM_LITERAL),
        (FB + "fb(", Place.ARGUMENT),
        (FB + "fb(a := 1, ", Place.ARGUMENT),
        (FB + "fb(a := ", Place.VALUE),
        (FB + "x := 'text", Place.NOTHING),
        (FB + "x := 12", Place.NOTHING),
        (FB + "x := T#5", Place.NOTHING),
        (FB.replace("END_VAR\n", "  y AT "), Place.NOTHING),
    ],
)
def test_places(text: str, place: Place) -> None:
    assert at(text).place is place


def test_what_may_follow_a_complete_operand() -> None:
    condition = at(FB + "IF x ")
    assert condition.after_operand and condition.keywords[0] == "THEN"
    loop = at(FB + "FOR x := 1 TO 10 ")
    assert loop.keywords == ["TO", "BY", "DO"]
    assignment = at(FB + "x := x ")
    assert assignment.after_operand and "AND" in assignment.keywords


def test_expected_values() -> None:
    assignment = at(FB + "e := ")
    assert [t.text for t in assignment.expected] == ["e"]
    comparison = at(FB + "IF e = ")
    assert [t.text for t in comparison.expected] == ["e"]
    parameter = at(FB + "fb(eMode := ")
    assert parameter.parameter == "eMode"
    initial = at(FB.replace("END_VAR\n", "  e2 : E_State := "))
    assert initial.expected_type == "E_State"
    case = at(FB + "CASE e OF\n")
    assert case.place is Place.STATEMENT and [t.text for t in case.case_selector] == ["e"]


def test_declaration_keywords() -> None:
    first = at("PROGRAM P\nVAR ")
    assert first.keywords == ["END_VAR", "CONSTANT", "RETAIN", "PERSISTENT"]
    later = at("PROGRAM P\nVAR\n  a : INT;\n  ")
    assert later.keywords == ["END_VAR"]
