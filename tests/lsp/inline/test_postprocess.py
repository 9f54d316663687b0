"""Cleaning the model's answer: fences, repeats, the suffix, and the language's block end."""

from __future__ import annotations

from werk.lsp.inline.postprocess import clean
from werk.lsp.inline.python_syntax import stop_at_block_end as python_block_end
from werk.lsp.inline.shape import Shape


def test_structured_text_stops_before_the_end_of_an_outer_block_by_default() -> None:
    answer = "```st\n    bRun := TRUE;\nEND_IF\nbStop := FALSE;\n```"
    assert clean(answer, "IF bStart THEN\n    ", "\nEND_FUNCTION_BLOCK", Shape.BLOCK) == (
        "bRun := TRUE;"
    )


def test_another_language_brings_its_block_end() -> None:
    answer = "```python\n    rate = 1\n    return rate\ndef other():\n    pass\n```"
    prefix = "def f():\n    "
    assert clean(answer, prefix, "\n", Shape.BLOCK, python_block_end) == (
        "rate = 1\n    return rate"
    )


def test_lines_already_after_the_cursor_are_not_repeated() -> None:
    answer = "    return rate\n\ndef stop():\n    return 0"
    suffix = "\n\ndef stop():\n    return 0\n"
    assert clean(answer, "def f():\n    ", suffix, Shape.BLOCK, python_block_end) == "return rate"


def test_a_line_shape_keeps_the_first_line_only() -> None:
    assert clean("level)\nprint(1)", "x = f(", ")\n", Shape.LINE, python_block_end) == "level)"
