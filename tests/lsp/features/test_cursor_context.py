"""The structure read from the text before the cursor, while it does not parse."""

from __future__ import annotations

from werk.lsp.features.cursor_context import CursorContext, scan
from werk.lsp.features.st_tokens import lex


def at_end(text: str) -> CursorContext:
    data = text.encode()
    return scan(lex(data), len(data), data.count(b"\n"))


def test_method_of_a_function_block_in_its_body() -> None:
    context = at_end(
        "FUNCTION_BLOCK PUBLIC FB_Pump\nVAR\n  x : INT;\nEND_VAR\n"
        "METHOD PRIVATE Start : BOOL\nVAR_INPUT n : INT; END_VAR\nIF n > 0 THEN\n  x := x + n"
    )
    assert context.pou_path == ("FB_Pump", "Start")
    assert [f.kind for f in context.open_blocks] == ["IF"]
    assert [t.text for t in context.statement] == ["x", ":=", "x", "+"]
    assert context.partial is not None and context.partial.text == "n"
    assert context.section is None and not context.header


def test_sections_and_the_declarations_typed_so_far() -> None:
    context = at_end(
        "PROGRAM MAIN\nVAR CONSTANT\n  nMax : INT := 10;\n  tonX :\n  fbA, fbB AT %Q* : FB_X;\n  n"
    )
    assert context.section is not None and context.section.name == "VAR"
    assert context.section.qualifiers == {"CONSTANT"}
    found = [(d.names, d.type_text, d.initial_value, d.address) for d in context.declarations]
    # ``tonX :`` is unfinished: the next line still counts as its own declaration.
    assert found == [
        (["nMax"], "INT", "10", None),
        (["fbA", "fbB"], "FB_X", None, "%Q*"),
    ]
    assert all(d.pou == ("MAIN",) for d in context.declarations)


def test_calls_and_their_arguments() -> None:
    context = at_end("PROGRAM P\nx := LIMIT(0, SEL(a, (b + 1), c), ")
    call = context.call
    assert call is not None and [t.text for t in call.callee] == ["LIMIT"]
    arguments = context.arguments(call)
    assert len(arguments) == 3 and arguments[-1] == []
    inner = at_end("PROGRAM P\nfb.Start(n := a[")
    assert inner.call is None  # an index bracket, not an argument list
    call = next(b for b in inner.brackets if b is not None)
    assert [t.text for t in call.callee] == ["fb", ".", "Start"]


def test_case_labels_end_at_their_colon() -> None:
    context = at_end("PROGRAM P\nCASE eState OF\n  E_State.Idle: x := 1;\n  E_State.Run")
    case = context.open_blocks[-1]
    assert case.kind == "CASE" and [t.text for t in case.selector] == ["eState"]
    assert [t.text for t in context.statement] == ["E_State", "."]


def test_header_line_and_body_start() -> None:
    header = at_end("FUNCTION_BLOCK FB_X EXTENDS ")
    assert header.header and [t.text for t in header.statement] == ["EXTENDS"]
    before_body = at_end("FUNCTION_BLOCK FB_X\nVAR\nEND_VAR\n")
    assert not before_body.header and not before_body.frames[-1].body
    in_body = at_end("FUNCTION_BLOCK FB_X\nVAR\nEND_VAR\nx := 1;\n")
    assert in_body.frames[-1].body


def test_comments_and_strings_at_the_end() -> None:
    assert at_end("PROGRAM P\n(* fbPump.").in_text
    assert at_end("PROGRAM P\ns := 'abc").in_text
    assert not at_end("PROGRAM P\n(* done *) x").in_text
