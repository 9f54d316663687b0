"""Byte spans from XML: elements, attributes, CDATA, entities, and refusing bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.st.containers import ContainerError
from werk.tools.st.containers._xml_spans import (
    attribute_segments,
    joined,
    parse_xml,
    stripped,
    text_segments,
)

PATH = Path("x.xml")


def test_element_offsets_cover_start_tag_content_and_end_tag() -> None:
    data = b"\xef\xbb\xbf<a x=\"1>2\">\r\n  <b/><c k = 'v'>t</c>\r\n</a>"
    root = parse_xml(PATH, data)
    assert data[root.start : root.content_start] == b'<a x="1>2">'
    assert data[root.content_end : root.end] == b"</a>"
    empty, full = root.children
    assert data[empty.start : empty.end] == b"<b/>"
    assert empty.content_start == empty.content_end == empty.end
    assert data[full.start : full.end] == b"<c k = 'v'>t</c>"
    start, end = full.attribute_spans["k"]
    assert data[start:end] == b"v"
    assert data[slice(*root.attribute_spans["x"])] == b"1>2"
    assert data[slice(*full.name_span)] == b"c"


def test_prefixed_elements_have_their_local_name_and_namespace() -> None:
    data = b'<p:a xmlns:p="urn:p"><p:b/></p:a>'
    root = parse_xml(PATH, data)
    assert (root.name, root.namespace) == ("a", "urn:p")
    assert data[slice(*root.children[0].name_span)] == b"b"


def test_text_segments_keep_cdata_verbatim_and_split_at_entities() -> None:
    data = b"<a>x &lt; y<![CDATA[ a]]b\r\n<&> ]]><!-- no --><?pi x?>&#x41;&#66;</a>"
    root = parse_xml(PATH, data)
    segments = text_segments(data, root)
    assert joined(segments) == b"x < y a]]b\r\n<&> AB"
    for segment in segments:
        if segment.verbatim:
            assert data[segment.start : segment.end] == segment.text
    assert [data[s.start : s.end] for s in segments if not s.verbatim] == [
        b"&lt;",
        b"&#x41;",
        b"&#66;",
    ]


def test_deep_and_shallow_text() -> None:
    data = b"<a>one<b>two</b>three</a>"
    root = parse_xml(PATH, data)
    assert joined(text_segments(data, root)) == b"onetwothree"
    assert joined(text_segments(data, root, deep=False)) == b"onethree"


def test_attribute_segments_decode_entities() -> None:
    data = b"<a v=\"&apos;it&amp;s&apos;\" w=''/>"
    root = parse_xml(PATH, data)
    segments = attribute_segments(data, root, "v")
    assert segments is not None
    assert joined(segments) == b"'it&s'"
    assert attribute_segments(data, root, "w") == []
    assert attribute_segments(data, root, "missing") is None


def test_stripped_trims_whitespace_and_moves_spans() -> None:
    data = b"<a>\n   hello  <![CDATA[ world ]]>\n </a>"
    root = parse_xml(PATH, data)
    segments = stripped(text_segments(data, root))
    assert joined(segments) == b"hello   world"
    assert data[segments[0].start : segments[0].start + 5] == b"hello"
    assert data[segments[-1].end - 5 : segments[-1].end] == b"world"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"x\.xml:1:1: not well-formed XML: no element found"),
        (b"<a>\n<b>\n</a>", r"x\.xml:3:3: not well-formed XML: mismatched tag"),
        (b"<a>\n\n  <b x='1' x='2'/></a>", r"x\.xml:3:\d+: not well-formed XML: duplicate"),
        (b"plain text", r"x\.xml:1:1: not well-formed XML: syntax error"),
        (b"<a>&nope;</a>", r"x\.xml:1:\d+: not well-formed XML: undefined entity"),
        (
            b'<!DOCTYPE a [<!ENTITY e "boom">]>\n<a>&e;</a>',
            r"x\.xml:1:\d+: entity declarations are not supported",
        ),
        ("<a/>".encode("utf-16"), r"x\.xml:1:1: UTF-16 encoded XML is not supported"),
        (b'<?xml version="1.0" encoding="Autf-8"?><a/>', r"x\.xml:1:1: cannot read the XML"),
    ],
)
def test_bad_input_is_a_container_error_with_file_and_line(data: bytes, message: str) -> None:
    with pytest.raises(ContainerError, match=message):
        parse_xml(PATH, data)
