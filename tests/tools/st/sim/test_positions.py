"""Positions in the engineer's own file: TwinCAT XML, lowered SCL, text not on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.sim.support import FIXTURES, line_text, simulate
from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.project import Project
from werk.tools.st.sim import FaultKind, SimulationFault, Simulator
from werk.tools.st.unit import StUnit


def test_fault_in_a_twincat_pou_points_into_the_xml_file() -> None:
    sim = simulate("FB_Flow.TcPOU", programs=[])
    flow = sim.instantiate("FB_Flow", "MAIN.fbFlow")
    flow.call(nVolume=100, nWindow=4)
    assert flow.get("nRate") == 25
    assert flow.call_method("Reset") is True
    assert flow.get("nSamples") == 0
    with pytest.raises(SimulationFault) as raised:
        flow.call(nWindow=0)
    fault = raised.value
    assert fault.kind is FaultKind.DIVISION_BY_ZERO
    assert fault.position is not None
    assert fault.position.path == FIXTURES / "FB_Flow.TcPOU"
    # Line 21 of the XML holds the last line of the <ST> CDATA section.
    assert (fault.position.line, fault.position.column) == (21, 10)
    assert line_text("FB_Flow.TcPOU", 21).startswith("nRate := nVolume / nWindow;")
    assert [(f.instance, f.pou) for f in fault.stack] == [("MAIN.fbFlow", "FB_Flow")]


def test_scl_block_runs_and_faults_at_the_original_text() -> None:
    sim = simulate("fb_level.scl", programs=[])
    assert sim.unsupported == []
    level = sim.instantiate("FB_Level")
    level.call(raw=13824, span=200.0)
    assert level.get("level") == 100.0  # 13824 * 200.0 / 27648.0
    assert level.get("high") is False  # 100.0 > 0.9 * 200.0 is FALSE
    assert level.get("history") == [100.0, 0.0, 0.0, 0.0]  # #history[0 MOD 4]
    assert level.get("samples") == 1
    with pytest.raises(SimulationFault) as raised:
        level.call(raw=-2)
    fault = raised.value
    assert fault.kind is FaultKind.ARRAY_BOUND
    assert fault.position is not None
    assert (fault.position.line, fault.position.column) == (25, 7)
    assert line_text("fb_level.scl", 25).strip() == "#history[#raw] := 0.0;"
    assert "history[#raw]" in fault.message  # named as written, with the SCL '#'


def test_text_that_is_not_on_disk_uses_the_document() -> None:
    source = b"PROGRAM P\nVAR a : INT; b : INT; END_VAR\n\na := 1 / b;\nEND_PROGRAM\n"
    document = StDocument.plain(Path("<buffer>/p.st"), source, Dialect.CODESYS)
    sim = Simulator(Project([StUnit.from_document(document)]))
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    position = raised.value.position
    assert position is not None
    assert (str(position.path), position.line, position.column) == ("<buffer>/p.st", 4, 6)
