"""Which languages ghost text speaks, and that each brings its own rules."""

from __future__ import annotations

from pathlib import Path

from werk.lsp.inline.languages import CODE_LANGUAGES, PYTHON, STRUCTURED_TEXT, code_language
from werk.lsp.inline.shape import Shape


def test_python_c_and_cpp_of_the_code_index_have_ghost_text() -> None:
    assert set(CODE_LANGUAGES) == {"python", "c", "cpp"}
    assert code_language("python") is PYTHON
    c_language, cpp_language = code_language("c"), code_language("cpp")
    assert c_language is not None and c_language.name == "C"
    assert cpp_language is not None and cpp_language.name == "C++"
    assert code_language("st") is None


def test_each_language_decides_the_shape_with_its_own_syntax() -> None:
    assert PYTHON.shape_at("if ready:", "\n") is Shape.BLOCK
    assert STRUCTURED_TEXT.shape_at("IF bReady THEN", "\n") is Shape.BLOCK
    assert STRUCTURED_TEXT.shape_at("IF bReady:", "\n") is Shape.LINE


def test_each_language_writes_context_as_its_own_comment() -> None:
    assert PYTHON.as_comment("a") == "# a"
    assert STRUCTURED_TEXT.as_comment("a *) b").startswith("(* a * ) b")
    c_language = code_language("c")
    assert c_language is not None and c_language.as_comment("a") == "// a"


def test_validation_does_not_need_a_path_outside_structured_text() -> None:
    assert not PYTHON.keeps_syntax(Path("x.py"), "def f():\n    ", "return (", "\n")
    c_language = code_language("c")
    assert c_language is not None
    assert c_language.keeps_syntax(Path("x.c"), "int f(void) {\n    ", "return 1;", "\n}\n")
