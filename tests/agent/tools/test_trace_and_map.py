from __future__ import annotations

from tests.agent.tools.conftest import Call


def test_trace_backward_from_an_output_address(call: Call) -> None:
    result = call("trace_signal", target="%QX0.1")
    assert "%QX0.1: what drives it" in result
    assert "GVL_IO.bValveOut := fbValve.bSolenoid;" in result
    assert "bSolenoid := bOpen;" in result
    assert "plc/fb_valve.st:14" in result


def test_trace_forward_with_a_synonym_for_the_direction(call: Call) -> None:
    result = call("trace_signal", target="GVL_IO.bStart", direction="from")
    assert "gvl_io.bStart: what it drives" in result
    assert "fbValve(bOpen := GVL_IO.bStart" in result


def test_an_unknown_signal_is_an_error_with_suggestions(call: Call) -> None:
    result = call("trace_signal", target="GVL_IO.bStrat")
    assert result.startswith("ERROR: no signal named 'GVL_IO.bStrat' in the project")
    assert "did you mean 'gvl_io.bStart'" in result


def test_the_repository_map_ranks_definitions(call: Call) -> None:
    result = call("repo_map", mentions="flow_rate", max_tokens=512)
    assert "lib/flow.py" in result
    assert "def flow_rate(volume: float, seconds: float) -> float:" in result
    focused = call("repo_map", focus_files=["plc/main.st"])
    assert "plc/main.st:" not in focused  # focus files are not listed, they lift neighbours
    assert call("repo_map", focus_files=["../x.st"]).startswith("ERROR: '../x.st' leads out")
