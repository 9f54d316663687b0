"""Property tests: whatever the source, lowering keeps the map to the engineer's bytes exact.

Sources are generated from POU templates with random names, whitespace,
comments (also holding bytes that are not UTF-8), strings and a random choice
of dialect constructs; plus token soup and raw bytes for robustness.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from tests.tools.st.lowering.support import has_error, untouched_offsets
from werk.tools.st.document import Dialect
from werk.tools.st.lowering import LoweredSource, lower
from werk.tools.st.lowering.rewrite import ENCLOSING_KINDS
from werk.tools.st.lowering.scanner import CONTEXTUAL_WORDS, KEYWORDS

_RESERVED = KEYWORDS | CONTEXTUAL_WORDS | {b"S", b"R", b"T", b"LT", b"D", b"DT", b"TOD"}

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
names = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_LETTERS),
    st.text(_LETTERS + "0123456789_", max_size=6),
).filter(lambda name: name.encode().upper() not in _RESERVED and "__" not in name)
spaces = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\n    "])
# Any bytes (also ones that are not UTF-8) but the few that would end the comment or string,
# and NUL, which ends tree-sitter's input wherever it is.
_IN_COMMENT = bytes(b if b not in b"(*)\r\n\0" else ord("_") for b in range(256))
_IN_STRING = bytes(b if b not in b"'$\r\n\0" else ord("_") for b in range(256))
comment_text = st.binary(max_size=12).map(lambda text: text.translate(_IN_COMMENT))
string_text = st.binary(max_size=12).map(lambda text: text.translate(_IN_STRING))


@dataclass(frozen=True)
class Chunk:
    text: bytes
    verbatim: bool = False  # a comment or string: must reach the lowered text unchanged


@st.composite
def comments(draw: st.DrawFn) -> Chunk:
    text = draw(comment_text)
    if draw(st.booleans()):
        return Chunk(b"// " + text + b"\n", verbatim=True)
    return Chunk(b"(* " + text + b" *)", verbatim=True)


@st.composite
def strings(draw: st.DrawFn) -> Chunk:
    return Chunk(b"'" + draw(string_text) + b"'", verbatim=True)


@st.composite
def statement(draw: st.DrawFn, dialect_constructs: bool) -> list[Chunk]:
    a, b = draw(names).encode(), draw(names).encode()
    n = str(draw(st.integers(0, 15))).encode()
    comment, string = draw(comments()), draw(strings())
    standard = [
        [Chunk(a + b" := " + b + b";")],
        [Chunk(a + b" := " + b + b" + " + n + b";")],
        [Chunk(b"IF " + a + b" THEN " + b + b" := FALSE; END_IF")],
        [Chunk(a + b" := "), string, Chunk(b";")],
        [comment],
        [Chunk(b"CASE " + a + b" OF " + n + b": " + b + b" := 1; END_CASE")],
        [Chunk(a + b" := T#" + n + b"MS;")],
        [Chunk(a + b"(IN := " + b + b", Q => " + a + b");")],
    ]
    dialect = [
        [Chunk(a + b" S= " + b + b";")],
        [Chunk(a + b" R= " + b + b";")],
        [Chunk(a + b" := " + a + b" AND_THEN " + b + b";")],
        [Chunk(a + b" := " + a + b" OR_ELSE " + b + b";")],
        [Chunk(a + b" := " + b + b"." + n + b";")],
        [Chunk(a + b" := %IX" + n + b".1;")],
        [Chunk(a + b" := E_" + a + b"#" + b + b";")],
        [Chunk(a + b":\n")],
        [Chunk(b"JMP " + a + b";")],
        [Chunk(b"JMP "), comment, Chunk(b" " + a + b";")],
        [Chunk(b"(* " + a + b" (* " + b + b" *) *)")],
        [Chunk(a + b" := LT#" + n + b"S;")],
        [Chunk(b"{attribute '" + a + b"'}\n" + a + b" := 1;")],
    ]
    return draw(st.sampled_from(standard + dialect if dialect_constructs else standard))


@st.composite
def codesys_source(draw: st.DrawFn, dialect_constructs: bool = True) -> list[Chunk]:
    """A function block (or program) from a template, with random parts."""
    chunks: list[Chunk] = []

    def space() -> None:
        chunks.append(Chunk(draw(spaces).encode()))

    if draw(st.booleans()):
        chunks.append(Chunk(b"{attribute 'qualified_only'}\n"))
    pou = draw(st.sampled_from([b"FUNCTION_BLOCK", b"PROGRAM"]))
    chunks.append(Chunk(pou + b" " + draw(names).encode()))
    space()
    if dialect_constructs and draw(st.booleans()):
        chunks.append(Chunk(b"{attribute 'hide'}\n"))
    for _ in range(draw(st.integers(1, 3))):
        section = draw(st.sampled_from([b"VAR", b"VAR_INPUT", b"VAR_OUTPUT"]))
        if dialect_constructs and draw(st.booleans()):
            section = draw(st.sampled_from([b"VAR_INST", b"VAR_STAT", b"VAR PERSISTENT"]))
        chunks.append(Chunk(section))
        space()
        for _ in range(draw(st.integers(0, 3))):
            types = [b"INT", b"BOOL", b"STRING(20)", b"ARRAY[0..3] OF WORD"]
            if dialect_constructs:
                types += [b"STRING[80]", b"REFERENCE TO INT", b"WSTRING[10]"]
            chunks.append(
                Chunk(draw(names).encode() + b" : " + draw(st.sampled_from(types)) + b";")
            )
            if draw(st.booleans()):
                chunks.append(Chunk(b" "))
                chunks.append(draw(comments()))
            space()
        chunks.append(Chunk(b"END_VAR"))
        space()
    for _ in range(draw(st.integers(0, 6))):
        chunks.extend(draw(statement(dialect_constructs)))
        space()
    if dialect_constructs and draw(st.booleans()):
        chunks.append(Chunk(b"\nACTION " + draw(names).encode() + b":\n"))
        chunks.extend(draw(statement(dialect_constructs)))
        chunks.append(Chunk(b"\nEND_ACTION\n"))
    chunks.append(Chunk(b"END_" + pou + b"\n"))
    return chunks


@st.composite
def scl_source(draw: st.DrawFn) -> list[Chunk]:
    """A TIA Portal style function block from a template, with random parts."""
    chunks = [Chunk(b'FUNCTION_BLOCK "' + draw(names).encode() + b' block"\n')]
    if draw(st.booleans()):
        chunks.append(Chunk(b"{ S7_Optimized_Access := 'TRUE' }\nVERSION : 0.1\n"))
    local = draw(names).encode()
    chunks.append(Chunk(b"VAR\n    " + local + b" : Int;"))
    chunks.append(draw(comments()))
    chunks.append(Chunk(b"\n    w : Word;\nEND_VAR\n\nBEGIN\n"))
    for _ in range(draw(st.integers(0, 5))):
        body = [
            [Chunk(b"#" + local + b" := #" + local + b" + 1;")],
            [Chunk(b'"Data DB".' + local + b" := #w.%X3;")],
            [Chunk(b"REGION " + local + b" part\n#w := 0;\nEND_REGION")],
            [Chunk(b"#" + local + b" := "), draw(strings()), Chunk(b";")],
            [draw(comments())],
            [Chunk(b"#" + local + b" := S5T#1S;")],
        ]
        chunks.extend(draw(st.sampled_from(body)))
        chunks.append(Chunk(draw(spaces).encode()))
    chunks.append(Chunk(b"\nEND_FUNCTION_BLOCK\n"))
    return chunks


def _joined(chunks: list[Chunk]) -> tuple[bytes, list[tuple[int, bytes]]]:
    """The source, and where each verbatim chunk starts in it."""
    source, verbatim, offset = [], [], 0
    for chunk in chunks:
        if chunk.verbatim:
            verbatim.append((offset, chunk.text))
        source.append(chunk.text)
        offset += len(chunk.text)
    return b"".join(source), verbatim


def _assert_map_is_exact(lowered: LoweredSource) -> None:
    original, text, offsets = lowered.original, lowered.text, lowered.offsets
    # (b) every byte outside a rewrite reaches the lowered text unchanged, and back.
    for offset in untouched_offsets(lowered):
        derived = offsets.to_derived(offset)
        assert text[derived : derived + 1] == original[offset : offset + 1]
        assert offsets.to_original(derived) == offset
    # (c) rewrites lie within bounds, are sorted, and do not overlap.
    assert [r.lowered_start for r in lowered.rewrites] == sorted(
        r.lowered_start for r in lowered.rewrites
    )
    for rewrite in lowered.rewrites:
        assert 0 <= rewrite.original_start <= rewrite.original_end <= len(original)
        assert 0 <= rewrite.lowered_start <= rewrite.lowered_end <= len(text)
    leaves = sorted(
        (r for r in lowered.rewrites if r.kind not in ENCLOSING_KINDS),
        key=lambda r: (r.original_start, r.original_end),
    )
    for before, after in itertools.pairwise(leaves):
        assert before.original_end <= after.original_start
    for enclosing in (r for r in lowered.rewrites if r.kind in ENCLOSING_KINDS):
        for leaf in leaves:
            if (
                leaf.original_start < enclosing.original_end
                and enclosing.original_start < leaf.original_end
            ):
                assert enclosing.original_start <= leaf.original_start
                assert leaf.original_end <= enclosing.original_end


@given(
    st.one_of(
        codesys_source().map(lambda c: (c, Dialect.CODESYS)),
        scl_source().map(lambda c: (c, Dialect.SCL)),
    )
)
def test_lowering_keeps_every_untouched_byte_and_every_comment(
    case: tuple[list[Chunk], Dialect],
) -> None:
    chunks, dialect = case
    source, verbatim = _joined(chunks)

    lowered = lower(source, dialect)  # (a) never raises

    _assert_map_is_exact(lowered)
    # (d) comments and strings are not touched.
    for start, text in verbatim:
        derived = lowered.offsets.to_derived(start)
        assert lowered.text[derived : derived + len(text)] == text
    # The templates make valid dialect code: the grammar takes the lowered text,
    # and lowering it again finds nothing to do.
    assert not has_error(lowered.text)
    assert lower(lowered.text, dialect).rewrites == ()


@given(codesys_source(dialect_constructs=False), st.sampled_from(list(Dialect)))
def test_standard_st_is_left_as_it_is(chunks: list[Chunk], dialect: Dialect) -> None:
    source, _ = _joined(chunks)

    lowered = lower(source, dialect)

    # (e) nothing to rewrite.
    assert lowered.rewrites == ()
    assert lowered.text == source


_SOUP = [
    b"PROGRAM", b"END_PROGRAM", b"FUNCTION_BLOCK", b"END_FUNCTION_BLOCK", b"FUNCTION",
    b"END_FUNCTION", b"METHOD", b"END_METHOD", b"ACTION", b"END_ACTION", b"PROPERTY",
    b"GET", b"END_GET", b"VAR", b"VAR_INST", b"END_VAR", b"TYPE", b"END_TYPE", b"STRUCT",
    b"END_STRUCT", b"UNION", b"END_UNION", b"EXTENDS", b"DATA_BLOCK", b"END_DATA_BLOCK",
    b"ORGANIZATION_BLOCK", b"BEGIN", b"REGION", b"END_REGION", b"VERSION", b"TITLE",
    b"NON_RETAIN", b"PERSISTENT", b"ABSTRACT", b"PUBLIC", b"FINAL", b"IF", b"THEN",
    b"END_IF", b"CASE", b"OF", b"END_CASE", b"JMP", b"GOTO", b"AT", b"STRING", b"ARRAY",
    b"REFERENCE", b"TO", b"AND_THEN", b"OR_ELSE", b"INT", b"x", b"y", b"A", b":", b";",
    b":=", b"=", b",", b"(", b")", b"[", b"]", b"*", b"S=", b"R=", b".3", b".%X1",
    b"%IX0.0", b"%I*", b"{p}", b"(*", b"*)", b"(* c *)", b"'s'", b'"q"', b"#", b"E#x",
    b"S5T#1s", b"LT#1s", b"\xff", b"\xe9",
]  # fmt: skip


@given(
    st.lists(st.tuples(st.sampled_from(_SOUP), st.sampled_from([b"", b" ", b"\n"])), max_size=40),
    st.sampled_from(list(Dialect)),
)
def test_token_soup_never_breaks_the_map(
    parts: list[tuple[bytes, bytes]], dialect: Dialect
) -> None:
    source = b"".join(token + gap for token, gap in parts)

    _assert_map_is_exact(lower(source, dialect))


@given(st.binary(max_size=200), st.sampled_from(list(Dialect)))
def test_any_bytes_lower_without_error(source: bytes, dialect: Dialect) -> None:
    _assert_map_is_exact(lower(source, dialect))
