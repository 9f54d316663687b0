from __future__ import annotations

from pathlib import Path

from tests.agent.tools.conftest import Call
from werk.agent.tools import ToolContext
from werk.tools.st.containers import documents_for


def test_an_edit_is_applied_and_shown_with_line_numbers(call: Call, context: ToolContext) -> None:
    result = call(
        "edit_file",
        path="plc/main.st",
        search="nCycles := nCycles + 1;",
        replace="nCycles := nCycles + 2;",
    )
    assert result.splitlines()[0] == "edited plc/main.st: lines 8-8 replaced by 1 line"
    assert "8 | nCycles := nCycles + 2;" in result
    assert "nCycles := nCycles + 2;" in (context.root / "plc" / "main.st").read_text()
    assert context.workspace.changed_files() == ["plc/main.st"]


def test_lost_indentation_is_tolerated_and_restored(call: Call, context: ToolContext) -> None:
    result = call(
        "edit_file",
        path="plc/fb_valve.st",
        search="IF tonCheck.Q THEN\nbAlarm := TRUE;\nEND_IF",
        replace="IF tonCheck.Q AND bOpen THEN\n  bAlarm := TRUE;\nEND_IF",
    )
    assert "(matched ignoring indentation; the replacement was re-indented)" in result
    text = (context.root / "plc" / "fb_valve.st").read_text()
    # The lines the search repeated take the file's indentation back.
    assert "IF tonCheck.Q AND bOpen THEN\n    bAlarm := TRUE;\nEND_IF\n" in text


def test_an_ambiguous_block_changes_nothing(call: Call, context: ToolContext) -> None:
    before = (context.root / "plc" / "fb_valve.st").read_text()
    result = call("edit_file", path="plc/fb_valve.st", search="END_IF", replace="END_IF;")
    assert result.startswith("ERROR: the search block occurs 2 times in plc/fb_valve.st")
    assert "(starting at lines 18, 21)" in result
    assert "hint: add surrounding lines" in result
    assert (context.root / "plc" / "fb_valve.st").read_text() == before


def test_a_block_not_found_shows_the_closest_lines(call: Call) -> None:
    result = call(
        "edit_file",
        path="plc/fb_valve.st",
        search="IF tonCheck.q THEN\n    bAlarm := true;",
        replace="x",
    )
    assert result.startswith("ERROR: the search block was not found in plc/fb_valve.st")
    assert "lines 16-17 (" in result
    assert "16 | IF tonCheck.Q THEN" in result
    assert "line 16 differs in upper/lower case" in result
    assert "line 17 differs in upper/lower case" in result


def test_syntax_errors_after_an_edit_are_reported(call: Call, context: ToolContext) -> None:
    result = call(
        "edit_file", path="plc/main.st", search="nCycles := nCycles + 1;", replace="nCycles := ;"
    )
    assert (
        "note: plc/main.st now has 1 syntax error (before this edit: 0); the edit was kept:"
        in result
    )
    assert "plc/main.st:8:" in result
    assert (context.root / "plc" / "main.st").read_text().count("nCycles := ;") == 1


def test_invalid_edits_are_refused(call: Call) -> None:
    assert call("edit_file", path="plc/main.st", search="", replace="x").startswith(
        "ERROR: search is empty"
    )
    same = call("edit_file", path="plc/main.st", search="VAR", replace="VAR")
    assert same.startswith("ERROR: search and replace are identical")
    missing = call("edit_file", path="plc/mian.st", search="a", replace="b")
    assert missing.startswith(
        "ERROR: no file plc/mian.st in the repository; did you mean: plc/main.st"
    )
    assert "hint: to make a new file, use create_file" in missing
    outside = call("edit_file", path="../../x.st", search="a", replace="b")
    assert outside.startswith("ERROR: '../../x.st' leads out of the repository")


def test_twincat_edits_keep_crlf_and_the_xml(call: Call, context: ToolContext) -> None:
    path = context.root / "plc" / "FB_Pump.TcPOU"
    result = call(
        "edit_file",
        path="plc/FB_Pump.TcPOU",
        search="IF tonDryRun.Q THEN\n\tbFault := TRUE;\nEND_IF",
        replace="IF tonDryRun.Q AND bEnable THEN\n\tbFault := TRUE;\nEND_IF",
    )
    assert result.startswith("edited plc/FB_Pump.TcPOU")
    data = path.read_bytes()
    assert b"IF tonDryRun.Q AND bEnable THEN\r\n\tbFault := TRUE;\r\nEND_IF" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    documents_for(path, data)  # still a readable TwinCAT file
    assert 'Id="{0b7e2d1c-5f3a-4e88-9c61-7a2d4e0f1b93}"' in data.decode()


def test_twincat_edits_that_would_break_the_xml_are_refused(
    call: Call, context: ToolContext
) -> None:
    path = context.root / "plc" / "FB_Pump.TcPOU"
    before = path.read_bytes()
    cdata = call(
        "edit_file",
        path="plc/FB_Pump.TcPOU",
        search="bRunning := FALSE;]]>",
        replace="bRunning := aSlot[aSlot[0]]>0;]]>",
    )
    assert cdata.startswith("ERROR:")
    assert "would make FB_Pump.TcPOU unreadable" in cdata or "']]>'" in cdata
    inside = call(
        "edit_file",
        path="plc/FB_Pump.TcPOU",
        search="bWasRunning := bRunning;",
        replace="bWasRunning := aSlot[aSlot[0]]>0;",
    )
    assert inside.startswith(
        "ERROR: the replacement contains ']]>', which would end the file's CDATA"
    )
    assert "hint: write it with a space" in inside
    xml = call(
        "edit_file",
        path="plc/FB_Pump.TcPOU",
        search='    </Implementation>\n    <Method Name="Start"',
        replace='    <Method Name="Start"',
    )
    assert xml.startswith("ERROR: the edit in the XML would make FB_Pump.TcPOU unreadable")
    assert path.read_bytes() == before


def test_encoding_and_byte_order_mark_survive_an_edit(call: Call, context: ToolContext) -> None:
    legacy = context.root / "legacy.st"
    legacy.write_bytes("(* Füllstand *)\r\nPROGRAM P\r\nEND_PROGRAM\r\n".encode("cp1252"))
    call("edit_file", path="legacy.st", search="PROGRAM P", replace="PROGRAM Pümpe")
    assert legacy.read_bytes() == "(* Füllstand *)\r\nPROGRAM Pümpe\r\nEND_PROGRAM\r\n".encode(
        "cp1252"
    )
    bom = context.root / "bom.st"
    bom.write_bytes(b"\xef\xbb\xbfPROGRAM B\nEND_PROGRAM\n")
    call("edit_file", path="bom.st", search="PROGRAM B", replace="PROGRAM C")
    assert bom.read_bytes() == b"\xef\xbb\xbfPROGRAM C\nEND_PROGRAM\n"
    refused = call("edit_file", path="legacy.st", search="PROGRAM Pümpe", replace="PROGRAM P→Q")
    assert refused.startswith("ERROR: the file is encoded as cp1252, which cannot hold '→'")


def test_the_semantic_model_follows_edits(call: Call, context: ToolContext) -> None:
    assert "no symbol named nRetries" in call("find_symbol", name="nRetries")
    call(
        "edit_file",
        path="plc/main.st",
        search="    nCycles : INT;\n",
        replace="    nCycles : INT;\n    nRetries : INT;\n",
    )
    assert "VAR MAIN.nRetries : INT  plc/main.st:5:5" in call("find_symbol", name="nRetries")


def test_executable_bits_are_kept(call: Call, context: ToolContext) -> None:
    script = context.root / "run.sh"
    script.write_text("#!/bin/sh\necho one\n")
    script.chmod(0o755)
    call("edit_file", path="run.sh", search="echo one", replace="echo two")
    assert Path(script).stat().st_mode & 0o111


def test_plcopen_edits_must_keep_the_xml_escaped(call: Call, context: ToolContext) -> None:
    fixture = Path(__file__).parents[2] / "tools/st/containers/fixtures/water_plant.xml"
    (context.root / "plant.xml").write_bytes(fixture.read_bytes())
    raw = call(
        "edit_file",
        path="plant.xml",
        search="IF bOpen AND tonMove.ET &lt; tMoveTime THEN",
        replace="IF bOpen AND tonMove.ET < tMoveTime THEN",
    )
    assert raw.startswith("ERROR: the edit in the XML would make plant.xml unreadable:")
    assert "hint: PLCopen XML writes '<' as &lt;" in raw
    escaped = call(
        "edit_file",
        path="plant.xml",
        search="IF bOpen AND tonMove.ET &lt; tMoveTime THEN",
        replace="IF bOpen AND tonMove.ET &lt;= tMoveTime THEN",
    )
    assert escaped.startswith("edited plant.xml")
