"""documents_for: which reader handles which file, and the package's public surface."""

from __future__ import annotations

from pathlib import Path

import pytest

import werk.tools.st.containers as containers
from tests.tools.st.containers.support import fixture
from werk.tools.st.containers import ContainerError, documents_for
from werk.tools.st.document import Dialect, Origin
from werk.tools.text.offsets import OffsetMap

PROGRAM = b"PROGRAM P\nVAR x : INT; END_VAR\nx := 1;\nEND_PROGRAM\n"
NOT_PLCOPEN_XML = b'<?xml version="1.0"?>\n<Project ToolsVersion="15.0"/>\n'


def test_public_api_is_pinned() -> None:
    assert sorted(containers.__all__) == [
        "ContainerError",
        "documents_for",
        "extract_plcopen",
        "extract_twincat",
    ]


@pytest.mark.parametrize(
    ("name", "data", "origin", "dialect", "count"),
    [
        ("main.st", PROGRAM, Origin.PLAIN, Dialect.IEC, 1),
        ("main.iecst", PROGRAM, Origin.PLAIN, Dialect.IEC, 1),
        ("Main.SCL", PROGRAM, Origin.PLAIN, Dialect.SCL, 1),
        ("export.EXP", PROGRAM, Origin.PLAIN, Dialect.CODESYS, 1),
        ("FB_Pump.TcPOU", "FB_Pump.TcPOU", Origin.TWINCAT, Dialect.TWINCAT, 1),
        ("fb_pump.tcpou", "FB_Pump.TcPOU", Origin.TWINCAT, Dialect.TWINCAT, 1),
        ("GVL_IO.TcGVL", "GVL_IO.TcGVL", Origin.TWINCAT, Dialect.TWINCAT, 1),
        ("ST_Recipe.TcDUT", "ST_Recipe.TcDUT", Origin.TWINCAT, Dialect.TWINCAT, 1),
        ("I_Pump.TcIO", "I_Pump.TcIO", Origin.TWINCAT, Dialect.TWINCAT, 1),
        ("plant.xml", "water_plant.xml", Origin.PLCOPEN, Dialect.CODESYS, 9),
        ("line.XML", "bottling_line.xml", Origin.PLCOPEN, Dialect.IEC, 6),
        ("build.xml", NOT_PLCOPEN_XML, None, None, 0),
        ("README.md", PROGRAM, None, None, 0),
        ("Tasks.TcTTO", b"<TcPlcObject/>", None, None, 0),
        ("no_suffix", PROGRAM, None, None, 0),
    ],
)
def test_dispatch_by_extension(
    name: str,
    data: bytes | str,
    origin: Origin | None,
    dialect: Dialect | None,
    count: int,
) -> None:
    content = fixture(data)[1] if isinstance(data, str) else data
    documents = documents_for(Path("project") / name, content)
    assert len(documents) == count
    assert {document.origin for document in documents} <= {origin}
    assert {document.dialect for document in documents} <= {dialect}
    assert all(document.path == Path("project") / name for document in documents)


def test_dialect_argument_overrides_the_guess() -> None:
    _, data = fixture("bottling_line.xml")
    documents = documents_for(Path("line.xml"), data, Dialect.CODESYS)
    assert {document.dialect for document in documents} == {Dialect.CODESYS}
    (plain,) = documents_for(Path("main.st"), PROGRAM, Dialect.SCL)
    assert plain.dialect is Dialect.SCL


def test_plain_file_is_its_own_text() -> None:
    (document,) = documents_for(Path("main.st"), PROGRAM)
    assert document.text == PROGRAM
    assert document.to_file.to_original(8) == 8


def test_plain_file_byte_order_mark_is_left_out_of_the_text() -> None:
    (document,) = documents_for(Path("main.st"), b"\xef\xbb\xbf" + PROGRAM)
    assert document.text == PROGRAM
    assert isinstance(document.to_file, OffsetMap)
    start = PROGRAM.index(b"x := 1")
    assert document.to_file.to_original(start) == start + 3
    assert document.to_file.to_derived(start + 3) == start


def test_malformed_container_raises_container_error() -> None:
    with pytest.raises(ContainerError, match=r"FB_X\.TcPOU:1:\d+: not well-formed XML"):
        documents_for(Path("FB_X.TcPOU"), b"<TcPlcObject><POU>")
