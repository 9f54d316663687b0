from __future__ import annotations

import pytest

from werk.agent.tools.edit_matching import Ambiguous, Leniency, Match, NoMatch, find_edit

PUMP = """FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL;
END_VAR
IF bStart THEN
    bRun := TRUE;
    nCount := nCount + 1;
END_IF
END_FUNCTION_BLOCK
"""


def apply(text: str, search: str, replace: str) -> tuple[str, Match]:
    outcome = find_edit(text, search, replace)
    assert isinstance(outcome, Match), outcome
    return text[: outcome.start] + outcome.replacement + text[outcome.end :], outcome


def test_an_exact_block_is_replaced_even_inside_a_line() -> None:
    result, match = apply(PUMP, "nCount + 1", "nCount + 2")
    assert "nCount := nCount + 2;" in result
    assert match.leniency is Leniency.EXACT
    assert (match.first_line, match.last_line) == (7, 7)


def test_line_endings_of_the_search_need_not_match_the_file() -> None:
    crlf = PUMP.replace("\n", "\r\n")
    result, match = apply(
        crlf, "IF bStart THEN\n    bRun := TRUE;\n", "IF bStart THEN\n    bRun := FALSE;\n"
    )
    assert match.leniency is Leniency.LINE_ENDINGS
    assert result == crlf.replace("bRun := TRUE", "bRun := FALSE")
    assert "\n" not in result.replace("\r\n", "")  # every line end is still CRLF


def test_trailing_whitespace_is_ignored() -> None:
    search = "IF bStart THEN   \n    bRun := TRUE;\t\n"
    result, match = apply(PUMP, search, "IF bStart THEN\n    bRun := FALSE;\n")
    assert match.leniency is Leniency.TRAILING_WHITESPACE
    assert result == PUMP.replace("bRun := TRUE", "bRun := FALSE")


def test_indentation_is_ignored_and_the_replacement_reindented() -> None:
    search = "bRun := TRUE;\nnCount := nCount + 1;"  # the model lost the indentation
    replace = "bRun := TRUE;\nIF nCount < 100 THEN\n    nCount := nCount + 1;\nEND_IF"
    outcome = find_edit(PUMP, search, replace)
    # "bRun := TRUE;" alone is found exactly; as a two-line block only modulo indentation.
    assert isinstance(outcome, Match)
    assert outcome.leniency is Leniency.INDENTATION
    result = PUMP[: outcome.start] + outcome.replacement + PUMP[outcome.end :]
    assert result == PUMP.replace(
        "    bRun := TRUE;\n    nCount := nCount + 1;\n",
        "    bRun := TRUE;\n    IF nCount < 100 THEN\n        nCount := nCount + 1;\n    END_IF\n",
    )


def test_tab_indented_files_get_tab_indented_replacements() -> None:
    text = "IF a THEN\n\tIF b THEN\n\t\tx := 1;\n\tEND_IF\nEND_IF\n"
    search = "    IF b THEN\n        x := 1;\n    END_IF\n"  # typed with spaces
    replace = "    IF b THEN\n        x := 2;\n        y := 3;\n    END_IF\n"
    result, match = apply(text, search, replace)
    assert match.leniency is Leniency.INDENTATION
    assert result == "IF a THEN\n\tIF b THEN\n\t\tx := 2;\n\t\ty := 3;\n\tEND_IF\nEND_IF\n"


def test_a_flattened_search_block_still_matches_and_keeps_the_files_structure() -> None:
    search = "IF bStart THEN\nbRun := TRUE;\nnCount := nCount + 1;\nEND_IF"
    replace = "IF bStart THEN\nbRun := TRUE;\n  bReady := TRUE;\nnCount := nCount + 1;\nEND_IF"
    result, match = apply(PUMP, search, replace)
    assert match.leniency is Leniency.INDENTATION
    assert (
        "IF bStart THEN\n    bRun := TRUE;\n      bReady := TRUE;\n"
        "    nCount := nCount + 1;\nEND_IF\n" in result
    )


def test_a_block_found_several_times_is_not_applied() -> None:
    text = "x := 1;\ny := 2;\nx := 1;\n"
    outcome = find_edit(text, "x := 1;", "x := 3;")
    assert isinstance(outcome, Ambiguous)
    assert outcome.first_lines == [1, 3]
    outcome = find_edit(text.replace("x := 1;", "  x := 1;  "), "x := 1;\n", "z")
    assert isinstance(outcome, Ambiguous)


def test_no_fuzzy_match_beyond_whitespace() -> None:
    # Upper/lower case differs: ST does not care, but a search/replace edit must.
    outcome = find_edit(PUMP, "IF bStart THEN\n    bRun := true;\n", "x")
    assert isinstance(outcome, NoMatch)
    best = outcome.candidates[0]
    assert (best.first_line, best.last_line) == (5, 6)
    assert best.lines == ["IF bStart THEN", "    bRun := TRUE;"]
    assert best.differences == [
        "line 6 differs in upper/lower case: the file has 'bRun := TRUE;', "
        "your search has 'bRun := true;'"
    ]


def test_spacing_inside_a_line_is_named_as_the_difference() -> None:
    outcome = find_edit(PUMP, "nCount:=nCount+1;", "x")
    assert isinstance(outcome, NoMatch)
    assert outcome.candidates[0].first_line == 7
    assert "differs in spacing inside the line" in outcome.candidates[0].differences[0]


def test_unrelated_text_has_no_candidates() -> None:
    outcome = find_edit(PUMP, "completely different words here", "x")
    assert isinstance(outcome, NoMatch)
    assert outcome.candidates == []


def test_at_most_three_candidates_best_first() -> None:
    text = "".join(f"nValue{i} := nValue{i} + {i};\n" for i in range(10))
    outcome = find_edit(text, "nValue4 := nValue4 + 40;", "x")
    assert isinstance(outcome, NoMatch)
    assert len(outcome.candidates) == 3
    assert outcome.candidates[0].first_line == 5
    similarities = [c.similarity for c in outcome.candidates]
    assert similarities == sorted(similarities, reverse=True)


def test_deleting_a_block_of_lines() -> None:
    result, _ = apply(PUMP, "    nCount := nCount + 1;\n", "")
    assert "nCount" not in result
    result, match = apply(PUMP, "  nCount := nCount + 1;  \n", "")  # modulo whitespace
    assert "nCount" not in result
    assert "    bRun := TRUE;\nEND_IF" in result
    assert match.leniency is Leniency.INDENTATION


@pytest.mark.parametrize("search", ["", "\n", "   \n  "])
def test_a_blank_search_matches_nothing(search: str) -> None:
    assert isinstance(find_edit(PUMP, search, "x"), NoMatch)


def test_the_last_line_without_a_line_end() -> None:
    text = "a := 1;\nb := 2;"
    result, _ = apply(text, "  b := 2;\n", "  b := 3;\n")
    assert result == "a := 1;\nb := 3;"
