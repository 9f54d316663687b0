"""Splitting plain ST into top-level declarations."""

from __future__ import annotations

import itertools

from werk.tools.st.chunks import split_chunks


def chunks(text: str) -> list[str]:
    data = text.encode()
    return [data[a:b].decode() for a, b in split_chunks(data)]


def test_each_declaration_with_the_comments_before_it() -> None:
    text = (
        "(* tank types *)\nTYPE E : (A, B); END_TYPE\n\n"
        "{attribute 'hide'}\n// the pump\nFUNCTION_BLOCK FB\n"
        "VAR x : INT; END_VAR\nEND_FUNCTION_BLOCK\n"
        "PROGRAM P\nEND_PROGRAM\n"
    )
    assert chunks(text) == [
        "(* tank types *)\nTYPE E : (A, B); END_TYPE\n",
        "\n{attribute 'hide'}\n// the pump\nFUNCTION_BLOCK FB\n"
        "VAR x : INT; END_VAR\nEND_FUNCTION_BLOCK\n",
        "PROGRAM P\nEND_PROGRAM\n",
    ]


def test_keywords_in_comments_strings_and_configurations_do_not_split() -> None:
    text = (
        "(*\nFUNCTION_BLOCK Old\nEND_FUNCTION_BLOCK\n*)\n"
        "PROGRAM P\nVAR s : STRING := 'END_PROGRAM'; END_VAR\n// END_PROGRAM\nEND_PROGRAM\n"
        "CONFIGURATION C\nVAR_GLOBAL g : INT; END_VAR\nRESOURCE R ON PLC\n"
        "PROGRAM Main WITH T : P;\nEND_RESOURCE\nEND_CONFIGURATION\n"
    )
    parts = chunks(text)
    assert len(parts) == 2
    assert parts[0].startswith("(*") and parts[0].endswith("END_PROGRAM\n")
    assert parts[1].startswith("CONFIGURATION")


def test_a_missing_end_keyword_breaks_only_its_own_declaration() -> None:
    text = "FUNCTION_BLOCK A\nVAR x : INT; END_VAR\nFUNCTION_BLOCK B\nEND_FUNCTION_BLOCK\n"
    assert chunks(text) == [
        "FUNCTION_BLOCK A\nVAR x : INT; END_VAR\n",
        "FUNCTION_BLOCK B\nEND_FUNCTION_BLOCK\n",
    ]


def test_an_action_after_its_program_stays_with_it() -> None:
    text = "PROGRAM P\nEND_PROGRAM\nACTION A:\nEND_ACTION\nPROGRAM Q\nEND_PROGRAM\n"
    assert chunks(text) == [
        "PROGRAM P\nEND_PROGRAM\nACTION A:\nEND_ACTION\n",
        "PROGRAM Q\nEND_PROGRAM\n",
    ]


def test_chunks_cover_the_text() -> None:
    text = b"garbage\nFUNCTION F : INT\nEND_FUNCTION\ntrailing"
    spans = split_chunks(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
