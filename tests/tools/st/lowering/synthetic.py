"""A large synthetic CODESYS source, for the lowering's size test and speed measurement.

Measure the speed with (prints seconds per lowering of a ~605 KB file)::

    .venv/bin/python -m tests.tools.st.lowering.synthetic
"""

from __future__ import annotations

import time

_FUNCTION_BLOCK = """\
{{attribute 'reflection'}}
FUNCTION_BLOCK FB_Station{n} EXTENDS FB_Base
VAR_INPUT
    bStart : BOOL; // start request from the HMI
    bStop : BOOL;
    {{attribute 'hide'}}
    nSetpoint : INT := {n};
END_VAR
VAR_OUTPUT
    bRunning : BOOL;
    wStatus : WORD;
END_VAR
VAR
    sName : STRING[80] := 'Station {n} (* not a comment *)';
    refValue : REFERENCE TO INT;
    fbTimer : TON;
    eState : E_State;
    aValues : ARRAY[0..9] OF INT;
    i : INT;
END_VAR
VAR_INST
    nCalls : DINT;
END_VAR
(* Station {n}: (* nested *) start/stop latch *)
bRunning S= bStart AND_THEN NOT bStop;
bRunning R= bStop OR_ELSE wStatus.15;
wStatus.0 := %IX{n}.1;
fbTimer(IN := bRunning, PT := T#5S);
IF fbTimer.Q AND eState = E_State#Running THEN
    eState := E_State#Done;
    JMP done;
END_IF
FOR i := 0 TO 9 DO
    aValues[i] := aValues[i] + nSetpoint * 2 - 1;
END_FOR
CASE eState OF
    E_State#Idle: nCalls := nCalls + 1;
    E_State#Running:
        IF bStop THEN
            eState := E_State#Idle;
        END_IF
ELSE
    nCalls := 0;
END_CASE
done:
Reset();

ACTION Reset:
nCalls := 0; // back to zero
END_ACTION
END_FUNCTION_BLOCK

"""


def synthetic_codesys(size: int) -> bytes:
    """CODESYS function blocks, full of dialect constructs, until the text has ``size`` bytes."""
    parts = ["TYPE E_State : (Idle := 0, Running, Done) INT; END_TYPE\n\n"]
    total = len(parts[0])
    n = 0
    while total < size:
        part = _FUNCTION_BLOCK.format(n=n)
        parts.append(part)
        total += len(part)
        n += 1
    return "".join(parts).encode()


def _measure() -> None:
    from werk.tools.st.document import Dialect
    from werk.tools.st.lowering import lower

    source = synthetic_codesys(605_000)
    lower(source, Dialect.CODESYS)  # warm up (regex compilation, imports)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        lowered = lower(source, Dialect.CODESYS)
        timings.append(time.perf_counter() - start)
    lines = source.count(b"\n")
    print(
        f"{len(source):,} bytes, {lines:,} lines, {len(lowered.rewrites):,} rewrites: "
        f"best {min(timings):.3f} s, median {sorted(timings)[2]:.3f} s"
    )


if __name__ == "__main__":
    _measure()
