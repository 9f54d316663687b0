"""C and C++ rules for ghost text: shape, end of block, validation with tree-sitter."""

from __future__ import annotations

import pytest

from werk.lsp.inline.c_syntax import (
    as_comment,
    error_count,
    in_comment_or_string,
    keeps_syntax,
    shape_at,
    stop_at_block_end,
)
from werk.lsp.inline.shape import Shape
from werk.tools.code.languages import language_named

C = language_named("c")
CPP = language_named("cpp")
BEFORE = "int command(int level) {\n    "
AFTER = "\n}\n"


@pytest.mark.parametrize(
    ("prefix", "suffix", "shape"),
    [
        ("int command(int level) {", "\n}", Shape.BLOCK),
        (BEFORE, AFTER, Shape.BLOCK),
        ("    if (level > 3) {  // high", "\n", Shape.NONE),
        ("    /* open the valve", "\n", Shape.NONE),
        ('    puts("pump', '");\n', Shape.NONE),
        ("    char c = '", "';\n", Shape.NONE),
        ("    /* done */ level", ";\n", Shape.LINE),
        ("    valve_open(", ");\n", Shape.LINE),
        ("    x = ", "level;\n", Shape.NONE),  # mid-line
    ],
)
def test_shape_follows_the_syntax_around_the_cursor(prefix: str, suffix: str, shape: Shape) -> None:
    assert shape_at(prefix, suffix) is shape


def test_braces_in_strings_and_comments_do_not_close_the_block() -> None:
    assert not in_comment_or_string('puts("}"); /* } */ x = ')
    text = 'puts("}");\n    return 0; // }\n}\nint other(void) {'
    assert stop_at_block_end(text, BEFORE) == 'puts("}");\n    return 0; // }'


def test_the_suggestion_stops_at_the_brace_closing_the_cursors_block() -> None:
    written = "if (level) {\n        open();\n    } else {\n        close();\n    }\n    return 0;"
    assert stop_at_block_end(written + "\n}\nint other(void) {", BEFORE) == written


def test_a_suggestion_that_adds_error_nodes_is_dropped() -> None:
    assert keeps_syntax(C, BEFORE, "return level * 2;", AFTER)
    assert not keeps_syntax(C, BEFORE, "return level * ;", AFTER)
    assert keeps_syntax(CPP, BEFORE, "std::vector<int> v{1, 2};", AFTER)


def test_errors_already_in_the_file_do_not_count_against_it() -> None:
    broken = "int other(void) { return 1 + ; }\n" + BEFORE
    assert error_count(C, broken + AFTER) > 0
    assert keeps_syntax(C, broken, "return 0;", AFTER)


def test_context_becomes_a_c_comment() -> None:
    assert as_comment("valve.h:\nint valve_open(int channel);") == (
        "// valve.h:\n// int valve_open(int channel);"
    )
