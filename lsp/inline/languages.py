"""The languages ghost text speaks, and what differs between them.

The pipeline (debounce, cache, budget, prompt, clean-up) is the same for
every language; what changes is how much to suggest where (``shape_at``),
where the block being written ends, how a suggestion is validated and how
context is written as a comment in a fill-in-the-middle prompt. Structured
Text uses the semantic model's parser (``validate``); Python uses ``ast``
(``python_syntax``); C and C++ use werk's tree-sitter grammars
(``c_syntax``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from werk.lsp.inline import c_syntax, python_syntax, shape, validate
from werk.lsp.inline.postprocess import stop_at_block_end
from werk.lsp.inline.shape import Shape
from werk.tools.code.languages import language_named


@dataclass(frozen=True)
class InlineLanguage:
    """How ghost text treats one language."""

    name: str
    """As the prompt names it."""
    shape_at: Callable[[str, str], Shape]
    """(text before the cursor, text after it) → how much to suggest."""
    stop_at_block_end: Callable[[str, str], str]
    """(suggestion, text before the cursor) → the suggestion up to the end of the block."""
    keeps_syntax: Callable[[Path, str, str, str], bool]
    """(path, unit before the cursor, suggestion, unit after it) → whether to keep it."""
    as_comment: Callable[[str], str]


def _st_comment(text: str) -> str:
    return "(* " + text.replace("*)", "* )") + "\n*)"


def _ignoring_path(
    check: Callable[[str, str, str], bool],
) -> Callable[[Path, str, str, str], bool]:
    return lambda _path, before, suggestion, after: check(before, suggestion, after)


STRUCTURED_TEXT = InlineLanguage(
    "IEC 61131-3 Structured Text",
    shape.shape_at,
    lambda text, _prefix: stop_at_block_end(text),
    validate.keeps_syntax,
    _st_comment,
)
PYTHON = InlineLanguage(
    "Python",
    python_syntax.shape_at,
    python_syntax.stop_at_block_end,
    _ignoring_path(python_syntax.keeps_syntax),
    python_syntax.as_comment,
)


def _c_family(name: str, indexed_as: str) -> InlineLanguage:
    check = partial(c_syntax.keeps_syntax, language_named(indexed_as))
    return InlineLanguage(
        name,
        c_syntax.shape_at,
        c_syntax.stop_at_block_end,
        _ignoring_path(check),
        c_syntax.as_comment,
    )


CODE_LANGUAGES = {"python": PYTHON, "c": _c_family("C", "c"), "cpp": _c_family("C++", "cpp")}
"""By the name ``werk.tools.code`` gives the language."""


def code_language(name: str) -> InlineLanguage | None:
    """Ghost text's view of a language of the code index, if it has one."""
    return CODE_LANGUAGES.get(name)
