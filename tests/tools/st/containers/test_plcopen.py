"""PLCopen TC6 XML: synthesised declarations, escaped and CDATA bodies, exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.containers.support import (
    by_name,
    file_span,
    find,
    fixture,
    mapped_bytes,
    syntax_errors,
    with_actions_as_methods,
)
from werk.tools.st.containers import ContainerError, extract_plcopen
from werk.tools.st.document import Dialect, Origin, StDocument
from werk.tools.st.loader import load_source
from werk.tools.st.model.project import Project
from werk.tools.text.lines import LineIndex, Position


def water_plant() -> tuple[list[StDocument], bytes]:
    """CODESYS-style export, tc6_0201, bodies entity-escaped inside <xhtml>."""
    path, data = fixture("water_plant.xml")
    return extract_plcopen(path, data), data


def bottling_line() -> tuple[list[StDocument], bytes]:
    """Beremiz-style export, tc6_0200, bodies in CDATA inside <xhtml:p>."""
    path, data = fixture("bottling_line.xml")
    return extract_plcopen(path, data), data


@pytest.mark.parametrize("name", ["water_plant.xml", "bottling_line.xml"])
def test_every_document_parses_as_st(name: str) -> None:
    path, data = fixture(name)
    for document in extract_plcopen(path, data):
        errors = syntax_errors(with_actions_as_methods(document.text))
        assert errors == [], (document.container_name, document.text.decode())


def test_one_document_per_type_pou_global_list_and_configuration() -> None:
    documents, _ = water_plant()
    assert [document.container_name for document in documents] == [
        "E_ValveState",
        "ST_TankData",
        "T_Percent",
        "FB_Valve",
        "FC_Scale",
        "PLC_PRG",
        "PRG_Alarm",
        "GVL_Plant",
        "Config0",
    ]
    assert {document.origin for document in documents} == {Origin.PLCOPEN}
    assert {document.dialect for document in documents} == {Dialect.CODESYS}


def test_function_block_declaration_is_synthesised() -> None:
    documents, _ = water_plant()
    text = by_name(documents, "FB_Valve").text
    assert text.startswith(
        b"FUNCTION_BLOCK FB_Valve\n"
        b"VAR_INPUT\n"
        b"    bOpen : BOOL := FALSE; (* open command from the sequence *)\n"
        b"    tMoveTime : TIME := T#2S;\n"
        b"END_VAR\n"
        b"VAR_OUTPUT\n"
        b"    bOpened : BOOL;\n"
        b"    eState : E_ValveState;\n"
        b"END_VAR\n"
        b"VAR\n"
        b"    tonMove : TON;\n"
        b"    sText : STRING(80);\n"
        b"END_VAR\n"
    )
    assert b"VAR_IN_OUT" not in text  # empty lists add nothing
    assert text.rstrip().endswith(b"END_FUNCTION_BLOCK")


def test_escaped_body_is_decoded() -> None:
    documents, _ = water_plant()
    text = by_name(documents, "FB_Valve").text
    assert b"IF bOpen AND tonMove.ET < tMoveTime THEN" in text
    assert "(* Ventil öffnet: state & feedback *)".encode() in text
    assert b"sText := 'valve \"V1\" > ok';" in text


@pytest.mark.parametrize(
    ("needle", "after", "attribute"),
    [
        (b"bOpen", b"", b'name="bOpen"'),
        (b"tMoveTime", b"", b'name="tMoveTime"'),
        (b"E_ValveState", b"eState : ", b'derived name="E_ValveState"'),
        (b"FALSE", b"bOpen : BOOL := ", b'value="FALSE"'),
        (b"T#2S", b"", b'value="T#2S"'),
        (b"80", b"STRING(", b'length="80"'),
        (b"FB_Valve", b"", b'pou name="FB_Valve"'),
        (b"Reset", b"METHOD ", b'Method name="Reset"'),
        (b"bForce", b"", b'name="bForce"'),
        (b"Close", b"ACTION ", b'action name="Close"'),
    ],
)
def test_declared_names_and_values_map_onto_attribute_values(
    needle: bytes, after: bytes, attribute: bytes
) -> None:
    documents, data = water_plant()
    document = by_name(documents, "FB_Valve")
    start = find(document, needle, after=after)
    original_start, original_end = file_span(document, start, start + len(needle))
    assert data[original_start:original_end] == needle
    assert data[original_end - len(attribute) + 1 : original_end + 1] == attribute


def test_keywords_and_types_map_onto_the_elements_they_stand_for() -> None:
    documents, data = water_plant()
    document = by_name(documents, "FB_Valve")
    assert mapped_bytes(document, data, b"VAR_INPUT") == b"inputVars"
    assert mapped_bytes(document, data, b"BOOL") == b"BOOL"  # the name of <BOOL />
    start = find(document, b"BOOL")
    assert data[document.to_file.to_original(start) - 1 :].startswith(b"<BOOL />")
    assert mapped_bytes(document, data, b"STRING") == b"string"
    keyword = find(document, b"FUNCTION_BLOCK")
    assert data[document.to_file.to_original(keyword) - len(b'pouType="') :].startswith(
        b'pouType="functionBlock"'
    )


@pytest.mark.parametrize(
    ("needle", "after"),
    [
        (b"tMoveTime", b"tonMove.ET < "),  # right after an entity
        (b"tonMove", b"END_ACTION"),  # first body line
        (b"feedback", b"Ventil "),  # after a character reference
        (b"E_ValveState.Opening", b"ACTION Close:"),  # action body
        (b"bForce", b"END_VAR"),  # method body
    ],
)
def test_body_identifiers_map_byte_for_byte(needle: bytes, after: bytes) -> None:
    documents, data = water_plant()
    assert mapped_bytes(by_name(documents, "FB_Valve"), data, needle, after=after) == needle


def test_each_decoded_character_maps_to_its_entity() -> None:
    documents, data = water_plant()
    document = by_name(documents, "FB_Valve")
    less = find(document, b"<", after=b"tonMove.ET ")
    assert data[document.to_file.to_original(less) :].startswith(b"&lt; tMoveTime")
    umlaut = find(document, "ö".encode(), after=b"Ventil ")
    assert data[document.to_file.to_original(umlaut) :].startswith(b"&#246;ffnet")
    quote = find(document, b'"', after=b"sText := 'valve ")
    assert data[document.to_file.to_original(quote) :].startswith(b"&quot;V1")


@pytest.mark.parametrize(
    ("document_name", "needle", "after", "line", "column"),
    [
        # Hand-counted in water_plant.xml, zero-based. Line 81 of the file is
        # '            <variable name="bOpen">': 12 blanks, '<variable ', 'name="'.
        ("FB_Valve", b"bOpen", b"", 80, 28),
        # Line 145 is 'IF bOpen AND tonMove.ET &lt; tMoveTime THEN'.
        ("FB_Valve", b"<", b"tonMove.ET ", 144, 24),
        ("FB_Valve", b"tMoveTime", b"tonMove.ET < ", 144, 29),
        # Line 320 is '          <task name="MainTask" ...': 10 blanks, '<task ', 'name="'.
        ("Config0", b"MainTask", b"", 319, 22),
    ],
)
def test_line_and_column_in_the_file(
    document_name: str, needle: bytes, after: bytes, line: int, column: int
) -> None:
    documents, data = water_plant()
    document = by_name(documents, document_name)
    start = find(document, needle, after=after)
    assert LineIndex(data).position(document.to_file.to_original(start)) == Position(line, column)


def test_function_has_its_return_type() -> None:
    documents, data = water_plant()
    document = by_name(documents, "FC_Scale")
    assert document.text.startswith(b"FUNCTION FC_Scale : REAL\nVAR_INPUT\n")
    start = find(document, b"REAL")
    assert data[document.to_file.to_original(start) - 1 :].startswith(b"<REAL />")
    assert document.text.rstrip().endswith(b"END_FUNCTION")


def test_program_with_addresses_initial_values_and_constants() -> None:
    documents, data = water_plant()
    document = by_name(documents, "PLC_PRG")
    assert b"    bPumpOn AT %QX0.0 : BOOL;\n" in document.text
    assert b"    aLimits : ARRAY[0..2] OF REAL := [10.0, 50.0, 90.0];\n" in document.text
    assert b"    stTank : ST_TankData := (rLevel := 0.0);\n" in document.text
    assert b"VAR CONSTANT\n    rHysteresis : REAL := 2.5;\n" in document.text
    assert mapped_bytes(document, data, b"%IW2") == b"%IW2"
    assert mapped_bytes(document, data, b"90.0") == b"90.0"
    assert mapped_bytes(document, data, b"rHysteresis", after=b"aLimits[2] + ") == b"rHysteresis"


def test_data_types() -> None:
    documents, data = water_plant()
    enum = by_name(documents, "E_ValveState")
    assert enum.text == (
        b"TYPE E_ValveState : (Closed := 0, Opening, Open, Fault := 99);\nEND_TYPE\n"
    )
    assert mapped_bytes(enum, data, b"Fault") == b"Fault"
    assert mapped_bytes(enum, data, b"99") == b"99"
    struct = by_name(documents, "ST_TankData")
    assert struct.text == (
        b"TYPE ST_TankData : STRUCT\n"
        b"    rLevel : REAL; (* filling level in % *)\n"
        b"    sName : STRING(32) := 'Tank';\n"
        b"    aTemperatures : ARRAY[1..4] OF LREAL;\n"
        b"END_STRUCT;\n"
        b"END_TYPE\n"
    )
    quote = find(struct, b"'Tank'")
    assert data[struct.to_file.to_original(quote) :].startswith(b"&apos;Tank&apos;")
    assert by_name(documents, "T_Percent").text == b"TYPE T_Percent : INT(0..100);\nEND_TYPE\n"


def test_configuration_with_tasks_and_program_instances() -> None:
    documents, data = water_plant()
    document = by_name(documents, "Config0")
    assert document.text == (
        b"CONFIGURATION Config0\n"
        b"    RESOURCE Res0 ON PLC\n"
        b"        TASK MainTask (INTERVAL := T#20ms, PRIORITY := 1);\n"
        b"        TASK AlarmTask (INTERVAL := T#100ms, PRIORITY := 5);\n"
        b"        PROGRAM PLC_PRG WITH MainTask : PLC_PRG;\n"
        b"        PROGRAM PRG_Alarm WITH AlarmTask : PRG_Alarm;\n"
        b"    END_RESOURCE\n"
        b"END_CONFIGURATION\n"
    )
    # The converted interval (PT0.02S -> T#20ms) points at the attribute value.
    interval = find(document, b"T#20ms")
    assert data[document.to_file.to_original(interval) :].startswith(b'PT0.02S"')
    assert mapped_bytes(document, data, b"PRG_Alarm", after=b"WITH AlarmTask : ") == b"PRG_Alarm"


def test_global_variables_from_codesys_additional_data() -> None:
    documents, data = water_plant()
    document = by_name(documents, "GVL_Plant")
    assert document.text.startswith(b"VAR_GLOBAL\n    bEmergencyStop AT %IX0.0 : BOOL;")
    assert mapped_bytes(document, data, b"bEmergencyStop") == b"bEmergencyStop"


def test_bodies_in_other_languages_are_skipped_with_a_note() -> None:
    documents, _ = water_plant()
    document = by_name(documents, "PRG_Alarm")
    assert document.notes == ["PRG_Alarm: body is in LD, not ST: skipped"]
    assert document.text == b"PROGRAM PRG_Alarm\nVAR\n    bHorn : BOOL;\nEND_VAR\nEND_PROGRAM\n"


def test_cdata_bodies_map_byte_for_byte() -> None:
    documents, data = bottling_line()
    capper = by_name(documents, "Capper")
    start = data.index(b"<![CDATA[Edge(CLK") + len(b"<![CDATA[")
    body = data[start : data.index(b"]]>", start)]
    assert body in capper.text
    derived = capper.text.index(body)
    assert [capper.to_file.to_original(derived + index) for index in range(len(body))] == list(
        range(start, start + len(body))
    )
    assert mapped_bytes(capper, data, b"Torque", after=b"Edge.Q AND ") == b"Torque"


def test_documentation_cannot_close_the_comment_it_becomes() -> None:
    documents, data = bottling_line()
    capper = by_name(documents, "Capper")
    assert b"Torque : REAL; (* measured torque in Nm ( * from the drive * ) *)" in capper.text
    start = find(capper, b"measured")
    assert data[capper.to_file.to_original(start) :].startswith(b"measured torque")


def test_resource_and_configuration_globals_are_documents_of_their_own() -> None:
    documents, data = bottling_line()
    assert {document.dialect for document in documents} == {Dialect.IEC}
    globals_ = [document for document in documents if document.text.startswith(b"VAR_GLOBAL")]
    assert [document.text for document in globals_] == [
        b"VAR_GLOBAL\n    LineSpeed : INT := 60;\nEND_VAR\n",
        b"VAR_GLOBAL CONSTANT\n    MaxBottles : UDINT := 10000;\nEND_VAR\n",
    ]
    assert mapped_bytes(globals_[1], data, b"MaxBottles") == b"MaxBottles"
    configuration = by_name(documents, "config")
    assert b"PROGRAM instance0 WITH task0 : main;" in configuration.text
    assert mapped_bytes(configuration, data, b"T#20ms") == b"T#20ms"


def test_a_root_other_than_a_plcopen_project_is_an_error() -> None:
    data = b'<?xml version="1.0"?>\n<project xmlns="urn:something-else"/>\n'
    with pytest.raises(ContainerError, match=r"plant\.xml:2:1: the root element is not"):
        extract_plcopen(Path("plant.xml"), data)


def test_malformed_xml_names_file_and_line() -> None:
    _, data = fixture("water_plant.xml")
    broken = data.replace(b"</inputVars>", b"</inputVar>", 1)
    line = data[: data.index(b"</inputVars>")].count(b"\n") + 1
    with pytest.raises(ContainerError, match=rf"water_plant\.xml:{line}:\d+: not well-formed XML"):
        extract_plcopen(Path("water_plant.xml"), broken)


def test_deeply_nested_types_are_an_error_not_a_crash() -> None:
    depth = 5000
    kind = b"<array><dimension lower='0' upper='1'/><baseType>" * depth + b"<INT/>"
    kind += b"</baseType></array>" * depth
    data = (
        b'<project xmlns="http://www.plcopen.org/xml/tc6_0201"><types><dataTypes>'
        b'<dataType name="Deep"><baseType>' + kind + b"</baseType></dataType>"
        b"</dataTypes><pous/></types></project>"
    )
    with pytest.raises(ContainerError, match="nested too deeply"):
        extract_plcopen(Path("deep.xml"), data)


def test_incomplete_elements_are_noted_and_unknown_ones_ignored() -> None:
    data = (
        b'<project xmlns="http://www.plcopen.org/xml/tc6_0200"><types><dataTypes/><pous>'
        b'<pou pouType="sequence"><interface><localVars><variable><type/></variable>'
        b"</localVars><vendorVars><variable name='v'/></vendorVars></interface>"
        b"<body><ST><xhtml:p xmlns:xhtml='http://www.w3.org/1999/xhtml'>x := 1;</xhtml:p></ST>"
        b"</body><somethingNew/></pou></pous></types></project>"
    )
    (document,) = extract_plcopen(Path("odd.xml"), data)
    assert document.notes == [
        "<pou> on line 1: unknown pouType 'sequence', read as a function block",
        "<pou> on line 1: no name attribute",
        "<pou> on line 1: <variable> on line 1 has no name attribute",
        "<pou> on line 1: a type is missing",
    ]
    assert document.text == (
        b"FUNCTION_BLOCK \nVAR\n     : ;\nEND_VAR\n\nx := 1;\nEND_FUNCTION_BLOCK\n"
    )


# --- CODESYS attributes of a GVL (``<addData>`` of ``<globalVars>``) ----------------------

GVL_ATTRIBUTES = b"""
        <addData>
          <data name="http://www.3s-software.com/plcopenxml/attributes"
                handleUnknown="implementation">
            <Attributes>
              <Attribute Name="qualified_only" Value="" />
              <Attribute Name="linkalways" Value="" />
              <Attribute Name="Tc2GvlVarNames" Value="TRUE" />
              <Attribute Name="odd" Value="it's" />
            </Attributes>
          </data>
          <data name="http://www.3s-software.com/plcopenxml/objectid" handleUnknown="discard">
            <ObjectId>6f2b6d0e-4c44-4a9b-9a53-3e0f1f0b7c21</ObjectId>
          </data>
        </addData>
      </globalVars>"""
"""How CODESYS exports ``{attribute 'qualified_only'}`` above a GVL: in the globalVars'
own addData, after its variables (the last attribute cannot be a pragma: it has a quote)."""


def _water_plant_qualified(*, second_gvl: bool = False) -> tuple[Path, bytes]:
    path, data = fixture("water_plant.xml")
    data = data.replace(b"\n      </globalVars>", GVL_ATTRIBUTES, 1)
    if second_gvl:
        other = b'      <globalVars name="GVL_Hmi"><variable name="bLamp"><type><BOOL />'
        other += b"</type></variable></globalVars>\n    </data>"
        data = data.replace(
            b"\n    </data>\n  </addData>\n</project>",
            b"\n" + other + b"\n  </addData>\n</project>",
        )
    return path, data


def test_the_attributes_of_a_codesys_gvl_become_pragmas_above_it() -> None:
    path, data = _water_plant_qualified()
    document = by_name(extract_plcopen(path, data), "GVL_Plant")
    assert document.text.startswith(
        b"{attribute 'qualified_only'}\n{attribute 'linkalways'}\n"
        b"{attribute 'Tc2GvlVarNames' := 'TRUE'}\nVAR_GLOBAL\n    bEmergencyStop AT %IX0.0"
    )
    assert document.notes == ["GVL_Plant: attribute 'odd' cannot be written as a pragma"]
    assert mapped_bytes(document, data, b"qualified_only") == b"qualified_only"
    assert mapped_bytes(document, data, b"TRUE") == b"TRUE"
    assert syntax_errors(document.text) == []


def test_a_qualified_only_gvl_from_plcopen_is_qualified_only_in_the_model() -> None:
    path, data = _water_plant_qualified(second_gvl=True)
    units = load_source(path, data).units
    blocks = {gvl.name: gvl for unit in units for gvl in unit.declarations.globals}
    assert blocks["GVL_Plant"].qualified_only
    assert blocks["GVL_Plant"].attributes == {
        "qualified_only": "",
        "linkalways": "",
        "Tc2GvlVarNames": "TRUE",
    }
    assert not blocks["GVL_Hmi"].qualified_only  # another GVL of the same file
    project = Project(units)
    assert project.find_global("bEmergencyStop") is None
    assert project.find_global("bLamp") is not None


def test_a_gvl_without_attributes_is_written_as_before() -> None:
    documents, _ = water_plant()
    assert b"{attribute" not in by_name(documents, "GVL_Plant").text
