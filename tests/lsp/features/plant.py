"""A small plant project for the navigation tests, and where things are in it.

Plain ST across several files (an interface, an FB with methods, a property
and EXTENDS, an enum, structs, a global list), one TwinCAT POU with a method
and a TwinCAT GVL, and a Python and a C file. Positions are found by text
(``at``, ``span``) so each test says what it points at, not a line number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import open_file, start, write_project

TYPES = """\
TYPE E_Mode : (Off := 0, Manual, Auto); END_TYPE
TYPE ST_Data :
STRUCT
    rLevel : REAL;
    eMode : E_Mode := E_Mode.Auto;
END_STRUCT
END_TYPE
TYPE ST_Ext EXTENDS ST_Data :
STRUCT
    nExtra : INT;
END_STRUCT
END_TYPE
"""

MOTORS = """\
INTERFACE I_Motor
METHOD Start : BOOL
END_METHOD
END_INTERFACE

FUNCTION_BLOCK FB_Base IMPLEMENTS I_Motor
VAR_INPUT
    bEnable : BOOL;
END_VAR
METHOD Start : BOOL
Start := bEnable;
END_METHOD
END_FUNCTION_BLOCK

FUNCTION_BLOCK FB_Pump EXTENDS FB_Base
VAR_OUTPUT
    bRun : BOOL;
END_VAR
VAR
    tonDelay : TON;
    stData : ST_Data;
    nStarts : INT;
END_VAR
METHOD Start : BOOL
nStarts := nStarts + 1;
Start := bEnable;
END_METHOD
PROPERTY Level : REAL
GET
    Level := stData.rLevel;
END_GET
END_PROPERTY
tonDelay(IN := bEnable, PT := T#1S);
bRun := tonDelay.Q AND stData.eMode = E_Mode.Auto;
stData.eMode := Manual;
END_FUNCTION_BLOCK
"""

MAIN = """\
PROGRAM MAIN
VAR
    fbPump : FB_Pump;
    iMotor : I_Motor;
    aPumps : ARRAY[1..2] OF FB_Pump;
    fbValve : FB_Valve;
    nCycles : INT;
END_VAR
fbPump(bEnable := TRUE);
iMotor := fbPump;
iMotor.Start();
IF fbPump.Start() THEN
    nCycles := nCycles + 1;
END_IF
gvl.gnCount := gnCount + Scale(nCycles);
fbValve.Open();
END_PROGRAM

FUNCTION Scale : INT
VAR_INPUT
    nIn : INT;
END_VAR
Scale := nIn * 2;
END_FUNCTION
"""

GVL = """\
VAR_GLOBAL
    gnCount : INT;
END_VAR
"""

VALVE = """\
<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1">
  <POU Name="FB_Valve" Id="{6a1e0c52-3b7d-4c1e-9f20-5d8a7b3c2e11}" SpecialFunc="None">
    <Declaration><![CDATA[FUNCTION_BLOCK FB_Valve
VAR
    bCmd : BOOL;
END_VAR
]]></Declaration>
    <Implementation>
      <ST><![CDATA[GVL_IO.bOpen := bCmd;
Open();]]></ST>
    </Implementation>
    <Method Name="Open" Id="{0d3f5e7a-9b1c-4d2e-8f3a-1b2c3d4e5f60}">
      <Declaration><![CDATA[METHOD Open : BOOL
VAR
    bWas : BOOL;
END_VAR
]]></Declaration>
      <Implementation>
        <ST><![CDATA[bWas := bCmd;
bCmd := TRUE;
Open := GVL_IO.bOpen;]]></ST>
      </Implementation>
    </Method>
    <LineIds Name="FB_Valve">
      <LineId Id="2" Count="1" />
    </LineIds>
    <LineIds Name="FB_Valve.Open">
      <LineId Id="2" Count="2" />
    </LineIds>
  </POU>
</TcPlcObject>
"""

GVL_IO = """\
<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1">
  <GVL Name="GVL_IO" Id="{2c4e6a8b-0d1f-4e3a-9b5c-7d9f1b3d5e70}">
    <Declaration><![CDATA[{attribute 'qualified_only'}
VAR_GLOBAL
    bOpen : BOOL;
END_VAR
]]></Declaration>
  </GVL>
</TcPlcObject>
"""

PUMP_PY = """\
class Pump:
    def start(self):
        return helper()


def helper():
    return 1
"""

RUN_PY = """\
from pump import Pump, helper


def run():
    Pump().start()
    return helper()
"""

IO_C = """\
struct reading {
    int level;
};

int read_level(int channel)
{
    return channel * 2;
}

int main(void)
{
    return read_level(3);
}
"""

FILES = {
    "types.st": TYPES,
    "motors.st": MOTORS,
    "main.st": MAIN,
    "gvl.st": GVL,
    "FB_Valve.TcPOU": VALVE,
    "GVL_IO.TcGVL": GVL_IO,
    "tools/pump.py": PUMP_PY,
    "tools/run.py": RUN_PY,
    "io.c": IO_C,
}


def at(name: str, needle: str, into: int = 0) -> types.Position:
    """The position ``into`` characters into the only occurrence of ``needle`` in a file."""
    text = FILES[name]
    assert text.count(needle) == 1, f"{needle!r} is not unique in {name}"
    offset = text.index(needle) + into
    line = text.count("\n", 0, offset)
    return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def span(name: str, needle: str, part: str | None = None) -> types.Range:
    """The range of ``part`` (default: all of it) inside the only ``needle`` of a file."""
    part = needle if part is None else part
    into = needle.index(part)
    start = at(name, needle, into)
    return types.Range(start, types.Position(start.line, start.character + len(part)))


def uri(root: Path, name: str) -> str:
    return (root / name).as_uri()


def document(root: Path, name: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri(root, name))


def no_links(capabilities: types.ClientCapabilities) -> None:
    """A client that takes only plain locations and flat symbols."""
    documents = capabilities.text_document
    assert documents is not None
    for name in ("definition", "declaration", "type_definition", "implementation"):
        client = getattr(documents, name)
        if client is not None:
            client.link_support = False
    if documents.document_symbol is not None:
        documents.document_symbol.hierarchical_document_symbol_support = False


def write_plant(root: Path) -> Path:
    return write_project(root, FILES)


async def open_plant(
    client: LanguageClient,
    root: Path,
    editor: str,
    adjust: Callable[[types.ClientCapabilities], None] | None = None,
) -> types.InitializeResult:
    """Start the server on the plant project and open its Python file like an editor."""
    result = await start(client, root, editor=editor, adjust=adjust)
    open_file(client, root / "tools" / "run.py")
    return result


def block(name: str, first: str, last: str) -> types.Range:
    """From the only ``first`` of a file to the end of the next ``last`` after it."""
    text = FILES[name]
    start = text.index(first)
    assert text.count(first) == 1, f"{first!r} is not unique in {name}"
    end = text.index(last, start) + len(last)

    def position(offset: int) -> types.Position:
        line = text.count("\n", 0, offset)
        return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))

    return types.Range(position(start), position(end))
