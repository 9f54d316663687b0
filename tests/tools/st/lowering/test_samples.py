"""Realistic sources with many constructs at once: a TIA Portal SCL export and a CODESYS block."""

# The TIA Portal sample keeps the export's tabs and trailing blanks.
# ruff: noqa: E101, W291, W293

from __future__ import annotations

import re

import pytest

from tests.tools.st.lowering.support import has_error
from tests.tools.st.lowering.synthetic import synthetic_codesys
from werk.tools.st.document import Dialect
from werk.tools.st.lowering import LoweredSource, RewriteKind, lower
from werk.tools.st.lowering.rewrite import ENCLOSING_KINDS

TIA_FUNCTION_BLOCK = b"""\
FUNCTION_BLOCK "Conveyor Control"
TITLE = Conveyor belt 2 (infeed)
{ S7_Optimized_Access := 'TRUE' }
AUTHOR : Plant_Eng
FAMILY : Conveyors
VERSION : 0.1
//Starts the belt when the infeed sensor sees a part.
   VAR_INPUT 
      start { ExternalAccessible := 'False'; ExternalVisible := 'False'} : Bool;
      stop : Bool;
      "part present" : Bool;
   END_VAR

   VAR_OUTPUT 
      running : Bool;
      status : Word;
   END_VAR

   VAR 
      state : Int;
      onDelay {InstructionName := 'TON_TIME'; LibVersion := '1.0'} : TON_TIME;
      label : String[20] := 'Belt "2"';
   END_VAR

   VAR_TEMP 
      tmp : Int;
   END_VAR


BEGIN
	REGION Start/stop latch
	    // #running follows start and stop
	    IF #start AND NOT #stop THEN
	        #running := TRUE;
	    ELSIF #stop THEN
	        #running := FALSE;
	    END_IF;
	    #status.%X0 := #running;
	    #status.%X15 := #"part present";
	END_REGION
	
	REGION Timing
	    #onDelay(IN := #running,
	             PT := T#2S);
	    "Line Data".beltSpeed := #tmp * 2;
	    IF #onDelay.Q THEN
	        GOTO done;
	    END_IF;
	    #tmp := #state + 1;
	    done: #state := 0;
	END_REGION
END_FUNCTION_BLOCK

DATA_BLOCK "Conveyor DB"
{ S7_Optimized_Access := 'TRUE' }
VERSION : 0.1
NON_RETAIN
"Conveyor Control"

BEGIN

END_DATA_BLOCK

ORGANIZATION_BLOCK "Main"
TITLE = "Main Program Sweep (Cycle)"
{ S7_Optimized_Access := 'TRUE' }
VERSION : 0.1

BEGIN
	"Conveyor DB"(start := %I0.0, stop := %I0.1, "part present" := %I0.2);
	%Q0.0 := "Conveyor DB".running;
END_ORGANIZATION_BLOCK
"""

CODESYS_FUNCTION_BLOCK = b"""\
{attribute 'qualified_only'}
{attribute 'strict'}
TYPE E_State : (Idle := 0, Running := 1, Faulted := 99) UINT; END_TYPE

{attribute 'reflection'}
FUNCTION_BLOCK FB_Pump EXTENDS FB_Device IMPLEMENTS I_Pump
VAR_INPUT
    bStart : BOOL; // from the HMI
    bStop : BOOL;
    {attribute 'hide'}
    bSensor AT %I* : BOOL;
END_VAR
VAR_OUTPUT
    bRunning : BOOL;
    wStatus : WORD;
END_VAR
VAR
    sName : STRING[80] := 'Pump (* not a comment *) 1';
    refLevel : REFERENCE TO REAL;
    eState : E_State;
    nRetries : INT;
END_VAR
VAR PERSISTENT
    nStarts : UDINT;
END_VAR
(* Start/stop latch (* kept from version 1 *) of the pump *)
bRunning S= bStart AND_THEN NOT bStop;
bRunning R= bStop OR_ELSE eState = E_State#Faulted;
wStatus.0 := bRunning;
wStatus.15 := bSensor;
retry:
IF NOT bRunning AND nRetries < 3 THEN
    nRetries := nRetries + 1;
    JMP retry;
END_IF
CASE eState OF
    E_State#Idle:
        IF bRunning THEN eState := E_State#Running; END_IF
    Faulted:
        Reset();
END_CASE

ACTION Reset:
eState := E_State#Idle;
nRetries := 0;
END_ACTION

{attribute 'monitoring' := 'call'}
METHOD PUBLIC FINAL Prime : BOOL
VAR_INPUT
    tDuration : TIME;
END_VAR
VAR_INST
    nCalls : INT;
END_VAR
nCalls := nCalls + 1;
Prime := nCalls > 1;
END_METHOD
END_FUNCTION_BLOCK
"""

# A name outside comments and strings; comments and strings matched first to skip them.
_NAME = re.compile(rb"//[^\n]*|\(\*.*?\*\)|'[^']*'|\"[^\"]*\"|([A-Za-z_]\w*)", re.DOTALL)


def _names_outside_rewrites(lowered: LoweredSource) -> list[tuple[int, int]]:
    leaves = [r for r in lowered.rewrites if r.kind not in ENCLOSING_KINDS]
    names = []
    for match in _NAME.finditer(lowered.original):
        if match.group(1) is None:
            continue
        start, end = match.span(1)
        if not any(r.original_start < end and start < r.original_end for r in leaves):
            names.append((start, end))
    return names


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize(
    ("sample", "dialect"),
    [(TIA_FUNCTION_BLOCK, Dialect.SCL), (CODESYS_FUNCTION_BLOCK, Dialect.CODESYS)],
    ids=["tia_portal_scl", "codesys"],
)
def test_sample_lowers_to_clean_standard_st(
    sample: bytes, dialect: Dialect, newline: bytes
) -> None:
    source = sample.replace(b"\n", newline)
    assert has_error(source)

    lowered = lower(source, dialect)

    assert not has_error(lowered.text), lowered.text.decode()
    names = _names_outside_rewrites(lowered)
    assert len(names) > 50
    for start, end in names:
        lowered_start = lowered.offsets.to_derived(start)
        assert lowered.text[lowered_start : lowered_start + end - start] == source[start:end]
        assert lowered.offsets.to_original(lowered_start) == start


def test_tia_portal_sample_records_what_siemens_meant() -> None:
    lowered = lower(TIA_FUNCTION_BLOCK, Dialect.SCL)

    kinds = {r.kind for r in lowered.rewrites}
    assert kinds >= {
        RewriteKind.QUOTED_NAME,
        RewriteKind.PRAGMA,
        RewriteKind.SCL_ATTRIBUTE,
        RewriteKind.SCL_BEGIN,
        RewriteKind.REGION,
        RewriteKind.SCL_LOCAL,
        RewriteKind.BIT_ACCESS,
        RewriteKind.STRING_LENGTH,
        RewriteKind.JUMP,
        RewriteKind.JUMP_LABEL,
        RewriteKind.DATA_BLOCK,
        RewriteKind.DATA_BLOCK_TYPE,
        RewriteKind.ORGANIZATION_BLOCK,
        RewriteKind.DIRECT_ADDRESS,
    }
    names = {r.detail["name"] for r in lowered.rewrites if r.kind is RewriteKind.QUOTED_NAME}
    assert names >= {"Conveyor Control", "Line Data", "Conveyor DB", "part present", "Main"}
    attributes = {
        r.detail["attribute"]: r.detail.get("value")
        for r in lowered.rewrites
        if r.kind in (RewriteKind.SCL_ATTRIBUTE, RewriteKind.PRAGMA) and "attribute" in r.detail
    }
    assert attributes["VERSION"] == "0.1"
    assert attributes["TITLE"] == '"Main Program Sweep (Cycle)"'
    assert attributes["S7_Optimized_Access"] == "TRUE"
    assert attributes["NON_RETAIN"] is None
    regions = [r.detail["region"] for r in lowered.rewrites if r.kind is RewriteKind.REGION]
    assert regions == ["Start/stop latch", "Start/stop latch", "Timing", "Timing"]
    for rewrite in lowered.rewrites:
        if rewrite.kind is RewriteKind.QUOTED_NAME:
            lowered_name = lowered.text[rewrite.lowered_start : rewrite.lowered_end]
            assert re.fullmatch(rb"_\w+_", lowered_name)
            assert len(lowered_name) == rewrite.original_end - rewrite.original_start


def test_codesys_action_after_the_body_moves_before_it() -> None:
    lowered = lower(CODESYS_FUNCTION_BLOCK, Dialect.CODESYS)

    text = lowered.text
    first_statement = text.index(b"bRunning :=")
    assert text.index(b"METHOD Reset") < first_statement
    assert text.index(b"METHOD PUBLIC       Prime") < first_statement
    moved = [r for r in lowered.rewrites if r.kind is RewriteKind.MEMBER_MOVED]
    assert [r.detail["name"] for r in moved] == ["Reset", "Prime"]
    reset = moved[0]
    action = CODESYS_FUNCTION_BLOCK.index(b"ACTION Reset:")
    assert reset.original_start == action
    assert text[reset.lowered_start : reset.lowered_end].startswith(b"METHOD Reset \n")
    # Inside the moved block, rewrites and positions still map exactly.
    inner = lowered.rewrite_at(reset.lowered_start)
    assert inner is not None and inner.kind is RewriteKind.ACTION
    assert lowered.rewrite_at(reset.lowered_start, RewriteKind.MEMBER_MOVED) == reset
    # The method's attribute travels with it.
    prime = moved[1]
    attribute = next(r for r in lowered.rewrites if r.detail.get("attribute") == "monitoring")
    assert prime.original_start == attribute.original_start
    assert prime.lowered_start <= attribute.lowered_start < prime.lowered_end
    statement = CODESYS_FUNCTION_BLOCK.index(b"nRetries := 0;")
    assert text[lowered.offsets.to_derived(statement) :].startswith(b"nRetries := 0;")


def test_rewrites_in_finds_the_rewrites_of_a_range() -> None:
    lowered = lower(CODESYS_FUNCTION_BLOCK, Dialect.CODESYS)
    line_start = lowered.text.index(b"bRunning := bStart")
    line_end = lowered.text.index(b"\n", line_start)

    found = lowered.rewrites_in(line_start, line_end)

    assert [r.kind for r in found] == [RewriteKind.SET_ASSIGN, RewriteKind.AND_THEN]
    assert lowered.rewrites_in(line_start, line_end, RewriteKind.AND_THEN) == found[1:]
    assert lowered.rewrite_at(found[0].lowered_start) == found[0]
    assert lowered.rewrite_at(line_start) is None


def test_a_large_file_lowers_cleanly() -> None:
    source = synthetic_codesys(40_000)

    lowered = lower(source, Dialect.CODESYS)

    assert not has_error(lowered.text)
    assert lowered.offsets.to_original(len(lowered.text)) == len(source)
