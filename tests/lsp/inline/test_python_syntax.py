"""Python's rules for ghost text: shape, end of block, validation with ``ast``."""

from __future__ import annotations

import pytest

from werk.lsp.inline.python_syntax import (
    as_comment,
    enclosing_region,
    in_comment_or_string,
    keeps_syntax,
    shape_at,
    stop_at_block_end,
)
from werk.lsp.inline.shape import Shape

FUNCTION = "import os\n\n\ndef command(level):\n    "
AFTER = "\n\n\ndef stop():\n    return 0\n"


@pytest.mark.parametrize(
    ("prefix", "suffix", "shape"),
    [
        ("def command(level):", "\n", Shape.BLOCK),
        ("def command(level):\n    ", "\n", Shape.BLOCK),
        ("    if level > 3:  # high", "\n", Shape.NONE),  # in the comment
        ("    if level > 3:", "\n", Shape.BLOCK),
        ("    rate = compute(", ")\n", Shape.LINE),
        ("    rate = values[1:", "]\n", Shape.LINE),  # a slice, not a block
        ("    table = {'a':", "}\n", Shape.LINE),
        ("    rate = ", "level\n", Shape.NONE),  # mid-line
        ('    name = "pump', '"\n', Shape.NONE),
        ('    doc = """first line\n    second', '\n    """\n', Shape.NONE),
        ('    name = "pump"', "\n", Shape.LINE),
    ],
)
def test_shape_follows_the_syntax_around_the_cursor(prefix: str, suffix: str, shape: Shape) -> None:
    assert shape_at(prefix, suffix) is shape


def test_a_closed_triple_quoted_string_and_an_escaped_quote_do_not_count() -> None:
    assert not in_comment_or_string('x = """a\nb"""\ny = "say \\"hi\\""\nz = ')
    assert in_comment_or_string("x = 1  # count ")
    assert in_comment_or_string("x = '''open\n")


def test_the_suggestion_stops_at_a_dedent_out_of_the_cursors_block() -> None:
    text = "rate = 1\n    return rate\n\ndef extra():\n    pass"
    assert stop_at_block_end(text, FUNCTION) == "rate = 1\n    return rate\n"


def test_after_a_colon_the_block_ends_at_the_openers_own_indentation() -> None:
    text = "\n        return 1\n    else:\n        return 0"
    assert stop_at_block_end(text, "def f(x):\n    if x:") == "\n        return 1"


def test_a_suggestion_that_parses_is_kept_one_that_does_not_is_dropped() -> None:
    assert keeps_syntax(FUNCTION, "return os.getcwd()", AFTER)
    assert not keeps_syntax(FUNCTION, "return (level,", AFTER)


def test_code_broken_elsewhere_does_not_count_against_a_suggestion() -> None:
    broken = "def other(:\n    pass\n\n" + FUNCTION
    assert keeps_syntax(broken, "return 1", AFTER)


def test_the_region_is_the_enclosing_definition_with_a_header_when_indented() -> None:
    before = "class Pump:\n    def run(self):\n        x = (\n            1,\n        )\n        "
    head, tail = enclosing_region(before, "return x", "\n\n    def stop(self):\n        pass\n")
    assert head.startswith("if 1:\n    def run(self):")
    assert tail == "\n\n"


def test_context_becomes_a_python_comment() -> None:
    assert as_comment("flow.py:\n\ndef f():") == "# flow.py:\n#\n# def f():"
