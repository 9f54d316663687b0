from __future__ import annotations

from tests.agent.tools.conftest import Call


def test_find_symbol_describes_st_declarations(call: Call) -> None:
    result = call("find_symbol", name="FB_Valve")
    assert result.splitlines()[0] == "1 declaration of FB_Valve"
    assert "FUNCTION_BLOCK FB_Valve [2 inputs, 2 outputs]  plc/fb_valve.st:2:16" in result
    variable = call("find_symbol", name="fb_valve.bAlarm")
    assert "VAR_OUTPUT FB_Valve.bAlarm : BOOL  plc/fb_valve.st:9:5  `bAlarm : BOOL;`" in variable


def test_find_symbol_finds_twincat_members_and_python(call: Call) -> None:
    method = call("find_symbol", name="FB_Pump.Start")
    assert "METHOD FB_Pump.Start : BOOL  plc/FB_Pump.TcPOU:" in method
    python = call("find_symbol", name="flow_rate")
    assert (
        "python function flow_rate  lib/flow.py:4  "
        "`def flow_rate(volume: float, seconds: float) -> float:`" in python
    )


def test_an_unknown_name_suggests_close_ones(call: Call) -> None:
    result = call("find_symbol", name="FB_Valv")
    assert result.startswith(
        "ERROR: no symbol named FB_Valv in the repository; similar names: FB_Valve"
    )


def test_find_references_tells_reads_from_writes(call: Call) -> None:
    writes = call("find_references", name="FB_Valve.bAlarm", kind="write")
    assert writes.splitlines()[0] == "2 uses (write) of FB_Valve.bAlarm"
    assert "plc/fb_valve.st:17:5 write (conditional) in FB_Valve: bAlarm := TRUE;" in writes
    everything = call("find_references", name="GVL_IO.bStart")
    assert "plc/main.st:6:25 read in MAIN: fbValve(bOpen := GVL_IO.bStart" in everything
    calls = call("find_references", name="flow_rate")
    assert "lib/flow.py:10 call: return flow_rate(1.0, 2.0)" in calls
    kinds = call("find_references", name="flow_rate", kind="write")
    assert kinds.startswith("ERROR: no Structured Text symbol named flow_rate")
    bad_kind = call("find_references", name="x", kind="modify")
    assert bad_kind.startswith("ERROR: invalid arguments for find_references: kind:")
    assert '"kind": "all" or "read" or "write" or "call" (optional)' in bad_kind
