"""TwinCAT 3 object files: layout of the virtual ST document and exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.containers.support import (
    file_span,
    find,
    fixture,
    mapped_bytes,
    syntax_errors,
    with_actions_as_methods,
)
from werk.tools.st.containers import ContainerError, extract_twincat
from werk.tools.st.document import Dialect, Origin, StDocument
from werk.tools.text.lines import LineIndex, Position

TWINCAT_FIXTURES = [
    "FB_Pump.TcPOU",
    "FB_Conveyor.TcPOU",
    "MAIN.TcPOU",
    "GVL_IO.TcGVL",
    "ST_Recipe.TcDUT",
    "I_Pump.TcIO",
]


def pump() -> tuple[StDocument, bytes]:
    path, data = fixture("FB_Pump.TcPOU")
    (document,) = extract_twincat(path, data)
    return document, data


@pytest.mark.parametrize("name", TWINCAT_FIXTURES)
def test_every_document_parses_as_st(name: str) -> None:
    path, data = fixture(name)
    documents = extract_twincat(path, data)
    assert len(documents) == 1
    assert syntax_errors(with_actions_as_methods(documents[0].text)) == []


def test_the_crlf_fixture_really_has_crlf_line_ends() -> None:
    _, data = fixture("FB_Pump.TcPOU")
    assert data.count(b"\r\n") == data.count(b"\n") > 50


def test_pou_layout_is_declaration_methods_actions_properties_body_end() -> None:
    document, _ = pump()
    order = [
        b"FUNCTION_BLOCK FB_Pump",
        b"METHOD Start : BOOL",
        b"END_METHOD",
        b"METHOD Stop",
        b"END_METHOD",
        b"ACTION Reset:",
        b"END_ACTION",
        b"PROPERTY Speed : REAL",
        b"GET",
        b"Speed := rSpeed;",
        b"END_GET",
        b"SET",
        b"END_SET",
        b"END_PROPERTY",
        b"tonDryRun(IN := bRunning",
        b"END_FUNCTION_BLOCK",
    ]
    cursor = 0
    for text in order:  # each one after the previous
        cursor = document.text.index(text, cursor) + len(text)
    assert document.text.rstrip().endswith(b"END_FUNCTION_BLOCK")
    assert document.container_name == "FB_Pump"
    assert (document.dialect, document.origin, document.notes) == (
        Dialect.TWINCAT,
        Origin.TWINCAT,
        [],
    )


def test_cdata_content_is_copied_with_its_crlf() -> None:
    document, data = pump()
    start = data.index(b"<![CDATA[bWasRunning") + len(b"<![CDATA[")
    body = data[start : data.index(b"]]>", start)]
    assert b"\r\n" in body
    assert body in document.text


@pytest.mark.parametrize(
    ("needle", "after", "context"),
    [
        (b"rSetpoint", b"", b"\trSetpoint    : REAL"),  # POU declaration
        (b"nStarts", b"METHOD Start", b"\tnStarts := nStarts"),  # method body
        (b"bWasRunning", b"METHOD Start", b"VAR\r\n\tbWasRunning"),  # method declaration
        (b"rSpeed", b"GET", b"Speed := rSpeed"),  # property getter
        (b"Speed", b"SET", b"LIMIT(0.0, Speed"),  # property setter
        (b"tonDryRun", b"ACTION Reset:", b"tonDryRun(IN := FALSE)"),  # action body
        (b"bLevelLow", b"END_PROPERTY", b"AND bLevelLow"),  # main body
        (b"aSlot", b"END_PROPERTY", b"aHistory[aSlot[0]]"),  # "]]" inside CDATA
    ],
)
def test_identifiers_map_to_their_bytes_in_the_file(
    needle: bytes, after: bytes, context: bytes
) -> None:
    document, data = pump()
    start = find(document, needle, after=after)
    original_start, original_end = file_span(document, start, start + len(needle))
    assert data[original_start:original_end] == needle
    assert context in data[original_start - 20 : original_end + 20]


@pytest.mark.parametrize(
    ("needle", "after", "line", "column"),
    [
        # Hand-counted in FB_Pump.TcPOU, zero-based: line 47 of the file is
        # "\tnStarts := nStarts + 1;", so the first nStarts is at column 1.
        (b"nStarts", b"METHOD Start", 46, 1),
        # Line 24: 6 blanks, "<ST>", "<![CDATA[", "tonDryRun(IN := bRunning AND ".
        (b"bLevelLow", b"END_PROPERTY", 23, 48),
        # Line 66: 10 blanks, "<ST>", "<![CDATA[", "Speed := ".
        (b"rSpeed", b"GET", 65, 32),
        # Line 78: '    <Action Name="Reset"'.
        (b"Reset", b"ACTION ", 77, 18),
    ],
)
def test_line_and_column_in_the_file(needle: bytes, after: bytes, line: int, column: int) -> None:
    document, data = pump()
    start = find(document, needle, after=after)
    assert LineIndex(data).position(document.to_file.to_original(start)) == Position(line, column)


def test_action_name_maps_onto_the_name_attribute() -> None:
    document, data = pump()
    start = find(document, b"Reset", after=b"ACTION ")
    original_start, original_end = file_span(document, start, start + len(b"Reset"))
    assert data[original_start - len(b'<Action Name="') : original_end + 1] == (
        b'<Action Name="Reset"'
    )


def test_accessor_keywords_map_onto_the_accessor_names() -> None:
    document, data = pump()
    assert mapped_bytes(document, data, b"GET", after=b"PROPERTY Speed") == b"Get"
    assert mapped_bytes(document, data, b"SET", after=b"END_GET") == b"Set"


def test_synthesised_closers_point_at_the_end_of_the_code_they_close() -> None:
    document, data = pump()
    end_method = find(document, b"END_METHOD")
    assert document.to_file.to_original(end_method) == (
        data.index(b"Start := TRUE;") + len(b"Start := TRUE;")
    )
    end_block = find(document, b"END_FUNCTION_BLOCK")
    body_end = data.index(b"rSpeed := SEL(bRunning, 0.0, rSetpoint);")
    assert document.to_file.to_original(end_block) == body_end + len(
        b"rSpeed := SEL(bRunning, 0.0, rSetpoint);"
    )


def test_file_offsets_map_back_into_the_document() -> None:
    document, data = pump()
    offset = data.index(b"bWasRunning := bRunning")
    assert document.text[document.to_file.to_derived(offset) :].startswith(
        b"bWasRunning := bRunning"
    )


def test_program_closes_with_end_program() -> None:
    path, data = fixture("MAIN.TcPOU")
    (document,) = extract_twincat(path, data)
    assert document.text.rstrip().endswith(b"END_PROGRAM")
    assert b"\r" not in document.text
    assert mapped_bytes(document, data, b"GVL_IO.bPumpOn") == b"GVL_IO.bPumpOn"


def test_implementations_in_other_languages_are_skipped_with_a_note() -> None:
    path, data = fixture("FB_Conveyor.TcPOU")
    (document,) = extract_twincat(path, data)
    assert document.notes == [
        "FB_Conveyor.Jog: implementation is in FBD, not ST: skipped",
        "FB_Conveyor.Ramp: implementation is in LD, not ST: skipped",
    ]
    assert b"ACTION" not in document.text  # an action with no ST has nothing to show
    assert b"METHOD Jog : BOOL" in document.text  # a method keeps its declaration
    assert b"network" not in document.text


def test_gvl_is_its_declaration_named_after_the_list() -> None:
    path, data = fixture("GVL_IO.TcGVL")
    (document,) = extract_twincat(path, data)
    assert document.container_name == "GVL_IO"
    assert document.text.startswith(b"{attribute 'qualified_only'}\nVAR_GLOBAL")
    assert mapped_bytes(document, data, b"%QX0.0") == b"%QX0.0"


def test_dut_is_its_declaration() -> None:
    path, data = fixture("ST_Recipe.TcDUT")
    (document,) = extract_twincat(path, data)
    assert document.container_name == "ST_Recipe"
    assert document.text.startswith(b"TYPE ST_Recipe :")
    assert mapped_bytes(document, data, b"tDuration") == b"tDuration"


def test_interface_lays_out_method_and_property_signatures() -> None:
    path, data = fixture("I_Pump.TcIO")
    (document,) = extract_twincat(path, data)
    assert document.container_name == "I_Pump"
    assert b"END_METHOD" in document.text
    assert b"GET" in document.text and b"END_PROPERTY" in document.text
    assert document.text.rstrip().endswith(b"END_INTERFACE")
    assert mapped_bytes(document, data, b"rSetpoint") == b"rSetpoint"


def test_a_byte_order_mark_shifts_offsets_but_not_text() -> None:
    document, data = pump()
    path = Path("FB_Pump.TcPOU")
    (with_bom,) = extract_twincat(path, b"\xef\xbb\xbf" + data)
    assert with_bom.text == document.text
    start = find(with_bom, b"nStarts", after=b"METHOD Start")
    assert with_bom.to_file.to_original(start) == document.to_file.to_original(start) + 3


def test_unknown_declaration_keyword_is_noted_not_guessed() -> None:
    data = (
        b'<TcPlcObject Version="1.1.0.1"><POU Name="X"><Declaration><![CDATA[(* nothing *)'
        b"]]></Declaration><Implementation><ST><![CDATA[x := 1;]]></ST></Implementation>"
        b"</POU></TcPlcObject>"
    )
    (document,) = extract_twincat(Path("X.TcPOU"), data)
    assert b"END_" not in document.text
    assert "no END_ keyword was added" in document.notes[0]


def test_malformed_xml_names_file_and_line() -> None:
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\r\n'
        b'<TcPlcObject Version="1.1.0.1">\r\n'
        b'  <POU Name="FB_Broken">\r\n'
        b"    <Declaration><![CDATA[FUNCTION_BLOCK FB_Broken]]>\r\n"
        b"  </POU>\r\n"
        b"</TcPlcObject>\r\n"
    )
    with pytest.raises(ContainerError) as caught:
        extract_twincat(Path("plc/FB_Broken.TcPOU"), data)
    assert str(caught.value.message).startswith(f"{Path('plc/FB_Broken.TcPOU')}:5:")
    assert "mismatched tag" in caught.value.message


def test_a_file_without_plc_objects_is_an_error() -> None:
    with pytest.raises(ContainerError, match="no <POU>, <GVL>, <DUT> or <Itf>"):
        extract_twincat(Path("x.TcPOU"), b'<TcPlcObject Version="1.1.0.1"></TcPlcObject>')
