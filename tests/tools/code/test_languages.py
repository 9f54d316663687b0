"""The language registry: built-in languages, and swapping one for another front end."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from werk.tools.code.languages import (
    LanguageSupport,
    SourceView,
    language_for_path,
    language_named,
    register_language,
    registered_languages,
)
from werk.tools.code.tags import extract_tags
from werk.tools.text.offsets import OffsetMap, Piece


@pytest.fixture
def restore_st() -> Iterator[LanguageSupport]:
    builtin = language_named("st")
    yield builtin
    register_language(builtin)


def test_builtin_languages_and_their_extensions() -> None:
    assert [language.name for language in registered_languages()] == ["python", "c", "cpp", "st"]
    assert language_named("st").case_insensitive
    assert not language_named("cpp").case_insensitive
    assert language_for_path("src/Main.TcPOU") is language_named("st")
    assert language_for_path("lib/x.HPP") is language_named("cpp")
    assert language_for_path("Makefile") is None
    assert language_for_path("notes.txt") is None


def test_unknown_language_names_say_which_are_known() -> None:
    with pytest.raises(KeyError, match="known: c, cpp, python, st"):
        language_named("ladder")


def test_a_registered_front_end_replaces_the_builtin_one(restore_st: LanguageSupport) -> None:
    programs_only = dataclasses.replace(
        restore_st,
        tags_query="(program_declaration name: (identifier) @name) @definition.program",
        version="front-end-2",
        category_names={},
    )
    assert register_language(programs_only) is restore_st
    assert language_for_path("a.st") is programs_only
    assert programs_only.fingerprint != restore_st.fingerprint

    source = b"PROGRAM Main\nVAR x : INT; END_VAR\nx := 1;\nEND_PROGRAM\n"
    tags = extract_tags("a.st", source, programs_only)
    assert [(tag.kind, tag.category, tag.name, tag.key) for tag in tags.tags] == [
        ("def", "program", "Main", "main")
    ]


def test_a_front_end_that_rewrites_the_source_reports_tags_at_the_file_bytes(
    restore_st: LanguageSupport,
) -> None:
    # A toy dialect: the file says "PRG" where standard ST says "PROGRAM".
    original = b"PRG Main\nx := 1;\nEND_PRG\n"

    def lower(source: bytes, path: str) -> SourceView:
        text = source.replace(b"PRG", b"PROGRAM")
        pieces = [
            Piece(0, 7, 0, 3),  # "PROGRAM" stands for "PRG"
            Piece(7, 20, 3, 16),  # " Main\nx := 1;\n" verbatim
            Piece(20, 31, 16, 23),  # "END_PROGRAM" stands for "END_PRG"
            Piece(31, 32, 23, 24),
        ]
        return SourceView(text, OffsetMap(pieces))

    dialect = dataclasses.replace(restore_st, prepare=lower, version="toy-dialect")
    register_language(dialect)
    tags = extract_tags("main.st", original, dialect)
    (program,) = [tag for tag in tags.tags if tag.kind == "def"]
    assert (program.name, program.line, program.signature_line) == ("Main", 1, "PRG Main")
    assert original[program.start_byte : program.end_byte] == b"Main"
    assert not tags.has_parse_errors
