"""The plant the assistance tests edit: two ST files with a GVL, types, FBs, a TwinCAT POU.

``FB_Pump`` uses the standard TON and R_TRIG, an enumeration, a structure,
a method and a property; ``MAIN`` calls it with a global input; ``FB_Valve``
is a TwinCAT ``.TcPOU`` whose positions are inside the XML.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import open_file, start, write_project

GVL_IO = """\
VAR_GLOBAL
    bStartButton AT %IX0.0 : BOOL; (* start push button *)
    rTankLevel AT %IW2 : REAL; (* tank level [m] 0..10 *)
END_VAR
"""

TYPES = """\
TYPE E_State :
(
    Idle := 0,
    Running,
    Faulted
);
END_TYPE
TYPE ST_Motor :
STRUCT
    rSpeed : REAL; (* motor speed [rpm] *)
    bOn : BOOL;
END_STRUCT
END_TYPE
"""

FB_PUMP = """\
(* Pump with a start delay *)
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL; (* start request *)
    eMode : E_State;
END_VAR
VAR_OUTPUT
    bRunning : BOOL; (* pump contactor *)
END_VAR
VAR
    tonDelay : TON;
    rtStart : R_TRIG;
    stMotor : ST_Motor;
    eState : E_State;
END_VAR
VAR CONSTANT
    nMax : INT := 10;
END_VAR
METHOD Reset : BOOL
VAR_INPUT
    bForce : BOOL;
END_VAR
eState := E_State.Idle;
Reset := bForce;
END_METHOD
PROPERTY Speed : REAL
GET
Speed := stMotor.rSpeed;
END_GET
END_PROPERTY
rtStart(CLK := bStart);
tonDelay(IN := bStart, PT := T#5S);
bRunning := tonDelay.Q AND eState = E_State.Running;
stMotor.rSpeed := LIMIT(0.0, GVL_IO.rTankLevel, 100.0);
END_FUNCTION_BLOCK
"""

MAIN = """\
PROGRAM MAIN
VAR
    fbPump : FB_Pump;
    nCount : INT;
END_VAR
fbPump(bStart := GVL_IO.bStartButton);
IF fbPump.bRunning THEN
    nCount := nCount + 1;
END_IF
END_PROGRAM
"""

PUMP_PLUS = """\
FUNCTION_BLOCK FB_PumpPlus EXTENDS FB_Pump
VAR
    nStarts : INT;
END_VAR
METHOD Reset : BOOL
VAR_INPUT
    bForce : BOOL;
END_VAR
Reset := SUPER^.Reset(bForce := bForce);
nStarts := 0;
END_METHOD
nStarts := nStarts + 1;
END_FUNCTION_BLOCK
"""

FB_VALVE = """\
<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1">
  <POU Name="FB_Valve" Id="{00000000-0000-0000-0000-000000000002}">
    <Declaration><![CDATA[FUNCTION_BLOCK FB_Valve
VAR_INPUT
    bOpen : BOOL; (* open command *)
END_VAR
VAR
    tonOpen : TON;
END_VAR]]></Declaration>
    <Implementation>
      <ST><![CDATA[tonOpen(IN := bOpen, PT := T#2S);
IF tonOpen.Q THEN
    ;
END_IF]]></ST>
    </Implementation>
  </POU>
</TcPlcObject>
"""

FILES = {
    "GVL_IO.st": GVL_IO,
    "types.st": TYPES,
    "fb_pump.st": FB_PUMP,
    "main.st": MAIN,
    "fb_pump_plus.st": PUMP_PLUS,
    "FB_Valve.TcPOU": FB_VALVE,
}


def position_of(text: str, needle: str, shift: int = 0, occurrence: int = 0) -> types.Position:
    """The LSP position (UTF-16) of ``needle``'s start in ``text`` plus ``shift`` characters."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += shift
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return types.Position(line, len(text[at - column : at].encode("utf-16-le")) // 2)


def after(text: str, needle: str, occurrence: int = 0) -> types.Position:
    """The position just after ``needle``."""
    return position_of(text, needle, len(needle), occurrence)


async def open_plant(
    client: LanguageClient,
    tmp_path: Path,
    *,
    editor: str = "visual-studio-code",
    adjust: Callable[[types.ClientCapabilities], None] | None = None,
    files: dict[str, str] | None = None,
) -> tuple[Path, types.InitializeResult]:
    """Write the plant, start the server as ``editor`` and wait until it has read it."""
    root = write_project(tmp_path / "plant", files or FILES)
    result = await start(client, root, editor=editor, adjust=adjust)
    return root, result


def edit(client: LanguageClient, root: Path, name: str, text: str, version: int = 1) -> str:
    """Open ``name`` in the editor with ``text`` (unsaved) and return its URI."""
    return open_file(client, root / name, text, version)
