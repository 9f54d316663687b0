"""The forgiving lexer: every text becomes tokens, and it knows where it ends."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werk.lsp.features.st_tokens import Kind, lex


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind.value, t.text) for t in lex(text.encode()).tokens]


def test_words_symbols_and_literals() -> None:
    assert kinds("bRun S= a.b[1..10] <> 16#FF; t := T#1s500ms; e := E_State#Idle") == [
        ("word", "bRun"),
        ("symbol", "S="),
        ("word", "a"),
        ("symbol", "."),
        ("word", "b"),
        ("symbol", "["),
        ("number", "1"),
        ("symbol", ".."),
        ("number", "10"),
        ("symbol", "]"),
        ("symbol", "<>"),
        ("number", "16#FF"),
        ("symbol", ";"),
        ("word", "t"),
        ("symbol", ":="),
        ("literal", "T#1s500ms"),
        ("symbol", ";"),
        ("word", "e"),
        ("symbol", ":="),
        ("word", "E_State"),
        ("symbol", "#"),
        ("word", "Idle"),
    ]


def test_addresses_pragmas_and_non_ascii() -> None:
    assert kinds("x AT %IX0.1 : BOOL; {attribute 'hide'} y AT %Q* : INT; ü") == [
        ("word", "x"),
        ("word", "AT"),
        ("address", "%IX0.1"),
        ("symbol", ":"),
        ("word", "BOOL"),
        ("symbol", ";"),
        ("pragma", "{attribute 'hide'}"),
        ("word", "y"),
        ("word", "AT"),
        ("address", "%Q*"),
        ("symbol", ":"),
        ("word", "INT"),
        ("symbol", ";"),
        ("symbol", "ü"),
    ]


def test_nested_comments_close_where_codesys_closes_them() -> None:
    lexed = lex(b"(* a (* b *) c *) x // rest\ny")
    assert [(t.kind, t.text) for t in lexed.tokens] == [
        (Kind.COMMENT, "(* a (* b *) c *)"),
        (Kind.WORD, "x"),
        (Kind.COMMENT, "// rest"),
        (Kind.WORD, "y"),
    ]
    assert [t.line for t in lexed.tokens] == [0, 0, 0, 1]
    assert not lexed.ends_in_text


@pytest.mark.parametrize(
    ("text", "comment", "string", "pragma"),
    [
        ("x := 1; (* open (* nested *)", True, False, False),
        ("x := 1; // to the end", True, False, False),
        ("s := 'it$'s", False, True, False),
        ("{attribute 'x'", False, False, True),
        ("s := 'closed'; t := 'open\nu := 1;", False, False, False),  # ends at the line
    ],
)
def test_where_the_text_ends(text: str, comment: bool, string: bool, pragma: bool) -> None:
    lexed = lex(text.encode())
    assert (lexed.open_comment, lexed.open_string, lexed.open_pragma) == (comment, string, pragma)


def test_offsets_are_bytes_of_the_input() -> None:
    data = "(* Füllstand *) rLevel".encode()
    token = lex(data).tokens[-1]
    assert data[token.start : token.end] == b"rLevel"


@given(st.binary(max_size=300))
def test_any_bytes_lex_into_ordered_tokens(data: bytes) -> None:
    lexed = lex(data)
    previous_end = 0
    for token in lexed.tokens:
        assert previous_end <= token.start < token.end <= len(data)
        assert token.line == data.count(b"\n", 0, token.start)
        previous_end = token.end


@given(st.text(alphabet="ab :=;.()*/'{}\n#", max_size=120))
def test_resuming_after_a_statement_lexes_the_rest_the_same(text: str) -> None:
    data = text.encode()
    whole = lex(data)
    for token in whole.tokens:
        if token.text == ";":
            rest = lex(data, token.end, token.line)
            assert rest.tokens == [t for t in whole.tokens if t.start >= token.end]
            assert rest.ends_in_text == whole.ends_in_text
