from __future__ import annotations

from tests.agent.tools.conftest import Call
from werk.agent.tools import ToolContext
from werk.tools.st.containers import documents_for

NEW_VALVE = """FUNCTION_BLOCK FB_Valve
VAR_INPUT
    bOpen : BOOL;
    wStatus : WORD;
END_VAR
VAR_OUTPUT
    bSolenoid : BOOL;
    bAlarm : BOOL;
END_VAR
bSolenoid := bOpen AND NOT bAlarm;
END_FUNCTION_BLOCK"""


def test_a_plain_function_block_is_replaced_whole(call: Call, context: ToolContext) -> None:
    result = call("replace_pou", name="fb_valve", new_text=NEW_VALVE)
    assert result == (
        "replaced FUNCTION_BLOCK FB_Valve in plc/fb_valve.st (its whole text; 11 lines of new text)"
    )
    text = (context.root / "plc" / "fb_valve.st").read_text()
    assert text.startswith(
        "(* A solenoid valve with a discrepancy alarm. *)\nFUNCTION_BLOCK FB_Valve"
    )
    assert "bSolenoid := bOpen AND NOT bAlarm;\nEND_FUNCTION_BLOCK\n" in text
    assert "tonCheck" not in text
    assert "tonCheck" not in call("find_symbol", name="FB_Valve")


def test_a_twincat_method_goes_into_its_cdata_sections(call: Call, context: ToolContext) -> None:
    path = context.root / "plc" / "FB_Pump.TcPOU"
    result = call(
        "replace_pou",
        name="FB_Pump.Start",
        new_text=(
            "METHOD Start : BOOL\nVAR_INPUT\n\tbForce : BOOL;\nEND_VAR\n"
            "IF bForce OR NOT bRunning THEN\n\tnStarts := nStarts + 1;\nEND_IF\n"
            "Start := TRUE;\nEND_METHOD\n"
        ),
    )
    assert result.startswith("replaced METHOD FB_Pump.Start in plc/FB_Pump.TcPOU (its declaration")
    data = path.read_bytes()
    documents_for(path, data)
    text = data.decode()
    assert (
        '<Method Name="Start" Id="{0b7e2d1c-5f3a-4e88-9c61-7a2d4e0f1b93}">\r\n'
        "      <Declaration><![CDATA[METHOD Start : BOOL\r\nVAR_INPUT\r\n\tbForce : BOOL;\r\n"
        "END_VAR\r\n]]></Declaration>"
    ) in text
    assert (
        "<ST><![CDATA[IF bForce OR NOT bRunning THEN\r\n\tnStarts := nStarts + 1;\r\nEND_IF\r\n"
        "Start := TRUE;]]></ST>"
    ) in text
    assert "END_METHOD" not in text  # TwinCAT stores no END keywords
    assert "bWasRunning" not in text
    assert '<Method Name="Stop"' in text and '<Action Name="Reset"' in text
    assert "VAR_INPUT FB_Pump.Start.bForce : BOOL" in call(
        "find_symbol", name="FB_Pump.Start.bForce"
    )


def test_a_twincat_function_block_is_replaced_without_its_members(
    call: Call, context: ToolContext
) -> None:
    path = context.root / "plc" / "FB_Pump.TcPOU"
    new_text = (
        "FUNCTION_BLOCK FB_Pump\nVAR_INPUT\n\tbEnable : BOOL;\n\trSetpoint : REAL;\n"
        "\tbLevelLow : BOOL;\nEND_VAR\nVAR_OUTPUT\n\tbRunning : BOOL;\n\tbFault : BOOL;\nEND_VAR\n"
        "VAR\n\trSpeed : REAL;\n\tnStarts : UDINT;\n\ttonDryRun : TON;\nEND_VAR\n"
        "bRunning := bEnable AND NOT bLevelLow;\n"
    )
    result = call("replace_pou", name="FB_Pump", new_text=new_text)
    assert result.startswith("replaced FUNCTION_BLOCK FB_Pump in plc/FB_Pump.TcPOU")
    text = path.read_bytes().decode()
    assert "<ST><![CDATA[bRunning := bEnable AND NOT bLevelLow;]]></ST>" in text
    assert "aHistory" not in text
    assert '<Method Name="Start"' in text
    with_members = call(
        "replace_pou",
        name="FB_Pump",
        new_text="FUNCTION_BLOCK FB_Pump\nMETHOD M\nEND_METHOD\nEND_FUNCTION_BLOCK",
    )
    assert with_members.startswith("ERROR: the new text declares members (M) inside FB_Pump")


def test_a_twincat_action_body_is_replaced(call: Call, context: ToolContext) -> None:
    result = call(
        "replace_pou",
        name="FB_Pump.Reset",
        new_text="ACTION Reset:\nbFault := FALSE;\nnStarts := 0;\nEND_ACTION",
    )
    assert result.startswith("replaced ACTION FB_Pump.Reset")
    text = (context.root / "plc" / "FB_Pump.TcPOU").read_bytes().decode()
    assert "<ST><![CDATA[bFault := FALSE;\r\nnStarts := 0;]]></ST>" in text


def test_text_that_does_not_parse_is_refused_with_its_own_line_numbers(
    call: Call, context: ToolContext
) -> None:
    before = (context.root / "plc" / "fb_valve.st").read_text()
    broken = NEW_VALVE.replace("bSolenoid := bOpen AND NOT bAlarm;", "bSolenoid := bOpen AND ;")
    result = call("replace_pou", name="FB_Valve", new_text=broken)
    assert result.startswith(
        "ERROR: the new text for FB_Valve does not parse; nothing was written:"
    )
    assert "new_text:10:" in result
    assert (context.root / "plc" / "fb_valve.st").read_text() == before


def test_the_new_text_must_declare_what_it_replaces(call: Call) -> None:
    wrong_kind = call(
        "replace_pou",
        name="FB_Valve",
        new_text="FUNCTION FB_Valve : INT\nFB_Valve := 1;\nEND_FUNCTION",
    )
    assert wrong_kind.startswith(
        "ERROR: FB_Valve is a FUNCTION_BLOCK, but the new text declares a FUNCTION"
    )
    renamed = call(
        "replace_pou", name="FB_Valve", new_text=NEW_VALVE.replace("FB_Valve", "FB_Other")
    )
    assert renamed.startswith("ERROR: the new text declares FB_Other, not FB_Valve")


def test_unknown_names_list_what_the_file_declares(call: Call) -> None:
    result = call(
        "replace_pou",
        name="FB_Pump.Strat",
        new_text="METHOD Strat\nEND_METHOD",
        path="plc/FB_Pump.TcPOU",
    )
    assert result.startswith(
        "ERROR: plc/FB_Pump.TcPOU declares no POU, METHOD, PROPERTY or ACTION named FB_Pump.Strat"
    )
    assert "METHOD FB_Pump.Start" in result and "ACTION FB_Pump.Reset" in result


def test_twincat_properties_are_left_to_edit_file(call: Call) -> None:
    result = call(
        "replace_pou", name="FB_Pump.Speed", new_text="PROPERTY Speed : REAL\nEND_PROPERTY"
    )
    assert result.startswith("ERROR: FB_Pump.Speed is a PROPERTY of a TwinCAT file")


def test_a_method_of_a_plain_file_is_replaced(call: Call, context: ToolContext) -> None:
    call(
        "create_file",
        path="plc/fb_counter.st",
        content=(
            "FUNCTION_BLOCK FB_Counter\nVAR nValue : INT; END_VAR\n"
            "METHOD Increment : INT\nnValue := nValue + 1;\nIncrement := nValue;\nEND_METHOD\n"
            "END_FUNCTION_BLOCK\n"
        ),
    )
    result = call(
        "replace_pou",
        name="FB_Counter.Increment",
        new_text="METHOD Increment : INT\nVAR_INPUT nStep : INT; END_VAR\n"
        "nValue := nValue + nStep;\nIncrement := nValue;\nEND_METHOD",
    )
    assert result.startswith("replaced METHOD FB_Counter.Increment in plc/fb_counter.st")
    assert (context.root / "plc" / "fb_counter.st").read_text() == (
        "FUNCTION_BLOCK FB_Counter\nVAR nValue : INT; END_VAR\n"
        "METHOD Increment : INT\nVAR_INPUT nStep : INT; END_VAR\n"
        "nValue := nValue + nStep;\nIncrement := nValue;\nEND_METHOD\nEND_FUNCTION_BLOCK\n"
    )
