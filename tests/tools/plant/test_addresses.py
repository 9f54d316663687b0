"""Direct addresses: the spellings I/O lists use, the normal form, where they lie in memory."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werk.tools.plant.addresses import Direction, Extent, IoAddress, normal_address


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("%IX0.1", "%IX0.1"),
        ("%ix0.1", "%IX0.1"),
        ("IX0.1", "%IX0.1"),
        ("%I0.1", "%IX0.1"),
        ("%I 0.1", "%IX0.1"),
        ("E0.1", "%IX0.1"),
        ("A 4.7", "%QX4.7"),
        ("EW64", "%IW64"),
        ("AB2", "%QB2"),
        ("%MD10", "%MD10"),
        ("%QW4", "%QW4"),
        ("%I*", "%I*"),
        ("%Q*", "%Q*"),
        ("%IW2.5.7.1", "%IW2.5.7.1"),
    ],
)
def test_spellings_have_one_normal_form(text: str, normal: str) -> None:
    assert normal_address(text) == normal


@pytest.mark.parametrize("text", ["", "bStart", "%I5", "%IX5", "%Z0.1", "Term 2 Ch 1", "%IW"])
def test_what_is_not_an_address(text: str) -> None:
    assert normal_address(text) is None


def test_direction_follows_the_area() -> None:
    parsed = [IoAddress.parse(a) for a in ("%IX0.0", "%QW2", "%MB1")]
    assert [a.direction for a in parsed if a is not None] == [
        Direction.INPUT,
        Direction.OUTPUT,
        Direction.MEMORY,
    ]


def test_codesys_counts_words_siemens_counts_bytes() -> None:
    word = IoAddress.parse("%IW4")
    assert word is not None
    assert word.extent("codesys") == Extent("I", 64, 80)  # bytes 8-9
    assert word.extent("byte") == Extent("I", 32, 48)  # bytes 4-5
    bit = IoAddress.parse("%IX8.3")
    assert bit is not None and bit.extent() == Extent("I", 67, 68)
    codesys, byte, inside = word.extent("codesys"), word.extent("byte"), bit.extent()
    assert codesys is not None and byte is not None and inside is not None
    assert codesys.overlaps(inside)
    assert not byte.overlaps(inside)


def test_unlocated_and_hierarchical_addresses_have_no_extent() -> None:
    unlocated = IoAddress.parse("%I*")
    assert unlocated is not None and unlocated.unlocated and unlocated.extent() is None
    for text in ("%IW2.5.7.1", "%IX0.9"):
        parsed = IoAddress.parse(text)
        assert parsed is not None and parsed.extent() is None


def test_areas_never_overlap_each_other() -> None:
    assert not Extent("I", 0, 8).overlaps(Extent("Q", 0, 8))


@given(
    area=st.sampled_from("IQM"),
    size=st.sampled_from("XBWDL"),
    number=st.integers(0, 4096),
    bit=st.integers(0, 7),
)
def test_the_normal_form_reads_back_as_itself(area: str, size: str, number: int, bit: int) -> None:
    text = f"%{area}{size}{number}.{bit}" if size == "X" else f"%{area}{size}{number}"
    parsed = IoAddress.parse(text)
    assert parsed is not None
    assert str(parsed) == text
    assert IoAddress.parse(str(parsed)) == parsed
