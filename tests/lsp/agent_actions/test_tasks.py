"""Which agent actions fit the cursor."""

from __future__ import annotations

from werk.lsp.agent_actions.tasks import Enclosing, comment_at, enclosing_pou

TEXT = """FUNCTION_BLOCK FB_Pump
(* open the valve when the tank is full *)
bRun := bStart;
END_FUNCTION_BLOCK
PROGRAM Main
END_PROGRAM
"""


def test_the_enclosing_function_block_is_found_until_its_end() -> None:
    assert enclosing_pou(TEXT, TEXT.index("bRun")) == Enclosing("FUNCTION_BLOCK", "FB_Pump")
    assert enclosing_pou(TEXT, TEXT.index("END_PROGRAM")) == Enclosing("PROGRAM", "Main")
    assert enclosing_pou(TEXT, 0) is None


def test_a_comment_line_gives_its_text() -> None:
    assert comment_at(TEXT, 1) == "open the valve when the tank is full"
    assert comment_at(TEXT, 2) is None
