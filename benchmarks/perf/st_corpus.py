"""A synthetic but realistic CODESYS project in one large ST file, for benchmarks.

Each station is a function block with inputs, outputs, timers, an enum state
machine, a method and dialect constructs (``S=``, ``AND_THEN``, bit access,
``STRING[80]``); a PROGRAM calls every station. About 30 lines per station.
"""

from __future__ import annotations

HEADER = """\
TYPE E_StationState : (Idle := 0, Starting, Running, Stopping, Faulted) INT; END_TYPE
TYPE ST_Recipe :
STRUCT
    rSetpoint : REAL;
    tDuration : TIME;
    sName : STRING[40];
END_STRUCT
END_TYPE
VAR_GLOBAL
    gbEmergencyStop : BOOL;
    gwLineStatus : WORD;
    gstRecipe : ST_Recipe;
END_VAR
"""

STATION = """\
(* Station {n}: start/stop latch with feedback supervision *)
FUNCTION_BLOCK FB_Station{n}
VAR_INPUT
    bStart : BOOL; // start request
    bStop : BOOL;
    rSetpoint : REAL := {n}.0;
END_VAR
VAR_OUTPUT
    bRunning : BOOL;
    nCount : DINT;
END_VAR
VAR
    eState : E_StationState;
    tonFeedback : TON;
    rtStart : R_TRIG;
    sName : STRING[80] := 'Station {n}';
    aHistory : ARRAY[0..9] OF REAL;
    i : INT;
END_VAR
METHOD Reset : BOOL
    eState := E_StationState.Idle;
    nCount := 0;
    Reset := TRUE;
END_METHOD
rtStart(CLK := bStart AND_THEN NOT gbEmergencyStop);
bRunning S= rtStart.Q;
bRunning R= bStop OR gwLineStatus.{bit};
tonFeedback(IN := bRunning, PT := T#2S);
CASE eState OF
    E_StationState.Idle: IF bRunning THEN eState := E_StationState.Running; END_IF
    E_StationState.Running: nCount := nCount + 1;
ELSE
    eState := E_StationState.Idle;
END_CASE
FOR i := 0 TO 8 DO aHistory[i] := aHistory[i + 1]; END_FOR;
aHistory[9] := rSetpoint * gstRecipe.rSetpoint;
END_FUNCTION_BLOCK
"""


def corpus(stations: int) -> bytes:
    """A project with ``stations`` FBs plus the PROGRAM that runs them (~30 lines each)."""
    parts = [HEADER]
    for n in range(stations):
        parts.append(STATION.format(n=n, bit=n % 16))
    calls = "\n".join(
        f"fbStation{n}(bStart := gbEmergencyStop, bStop := FALSE);" for n in range(stations)
    )
    declarations = "\n".join(f"    fbStation{n} : FB_Station{n};" for n in range(stations))
    parts.append(f"PROGRAM MAIN\nVAR\n{declarations}\nEND_VAR\n{calls}\nEND_PROGRAM\n")
    return "".join(parts).encode()
