"""Inserted text: named calls, and snippets turned into plain text for clients without them."""

from __future__ import annotations

from pathlib import Path

from werk.lsp.features.snippets import (
    MEMBERS,
    POUS,
    STATEMENTS,
    call_snippet,
    escape,
    plain,
    section_template,
)
from werk.tools.st.model.project import Project


def test_calls_name_every_input_and_in_out() -> None:
    project = Project()
    ton = project.find_pou("TON")
    assert ton is not None
    assert call_snippet("tonDelay", ton.variables) == "tonDelay(IN := ${1}, PT := ${2})"
    assert plain(call_snippet("tonDelay", ton.variables)) == "tonDelay(IN := , PT := )"


def test_plain_text_keeps_the_defaults_and_indents_with_spaces() -> None:
    template = next(t for t in STATEMENTS if t.label == "FOR")
    assert plain(template.body) == "FOR i := 0 TO 10 DO\n    \nEND_FOR"
    skeleton = next(t for t in POUS if t.label == "FUNCTION_BLOCK")
    assert "$" not in plain(skeleton.body) and "{" not in plain(skeleton.body)


def test_literal_text_is_escaped_in_snippets() -> None:
    assert escape("a$b}c\\") == "a\\$b\\}c\\\\"
    assert plain(escape("a$b}c")) == "a$b}c"


def test_every_template_is_valid_st_once_filled_in(tmp_path: Path) -> None:
    from werk.tools.st.document import Dialect
    from werk.tools.st.source_file import StSourceFile

    members = "\n".join(plain(t.body) for t in MEMBERS)
    sections = "\n".join(plain(section_template(s).body) for s in ("VAR_INPUT", "VAR"))
    statements = "\n".join(plain(t.body) for t in STATEMENTS)
    body = "\n".join(plain(t.body) for t in POUS)
    body += f"\nFUNCTION_BLOCK FB_T\n{sections}\n{members}\n{statements}\nEND_FUNCTION_BLOCK\n"
    source = StSourceFile.load(tmp_path / "t.st", body.encode(), Dialect.CODESYS)
    issues = [issue for unit in source.units for issue in unit.issues]
    assert issues == []
