"""The agent's hunks carried over to the user's text, or refused when both changed a line."""

from __future__ import annotations

from werk.lsp.agent_actions.edits import LineEdit, carry_over

BASE = "a\nb\nc\nd\n"


def test_unchanged_user_text_gets_the_agents_hunks() -> None:
    assert carry_over(BASE, "a\nB\nc\nd\n", BASE) == [LineEdit(1, 2, "B\n")]


def test_hunks_move_with_lines_the_user_inserted_above() -> None:
    current = "new\na\nb\nc\nd\n"
    assert carry_over(BASE, "a\nb\nc\nD\n", current) == [LineEdit(4, 5, "D\n")]


def test_an_insertion_lands_after_the_same_line() -> None:
    assert carry_over(BASE, "a\nb\nx\nc\nd\n", "a\nb2\nc\nd\n") == [LineEdit(2, 2, "x\n")]


def test_both_changing_the_same_line_is_a_conflict() -> None:
    assert carry_over(BASE, "a\nB\nc\nd\n", "a\nmine\nc\nd\n") is None
