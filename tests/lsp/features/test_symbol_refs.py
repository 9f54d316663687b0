"""Completion items name their symbol by a path that survives re-parsing."""

from __future__ import annotations

from pathlib import Path

from tests.lsp.features.test_system_view import workspace
from werk.lsp.features.symbol_refs import ref_of, symbol_of
from werk.tools.st.model.uses import Symbol


def test_every_kind_of_symbol_is_found_again(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    project = ws.project
    pump = project.find_pou("FB_Pump")
    state = project.find_type("E_State")
    motor = project.find_type("ST_Motor")
    gvl = project.gvl_by_name["gvl_io"]
    assert pump is not None and state is not None and motor is not None
    symbols: list[Symbol] = [
        pump,
        pump.methods["reset"],
        pump.methods["reset"].variables[0],
        pump.variables[0],
        state,
        state.members[1],
        motor.fields[0],
        gvl,
        gvl.variables[1],
    ]
    for symbol in symbols:
        ref = ref_of(symbol)
        assert ref is not None
        assert symbol_of(project, ref) is symbol, ref
    assert ref_of(pump.variables[0]) == "var|FB_Pump|bStart"
    # Looked up in the project as it is now: after an edit, the new declaration.
    ws.open(ws.root / "fb_pump.st", (ws.root / "fb_pump.st").read_bytes() + b"\n")
    fresh = symbol_of(project, "var|FB_Pump|bStart")
    assert fresh is not None and fresh is not pump.variables[0]
    assert symbol_of(project, "var|FB_Gone|x") is None
    assert symbol_of(project, "nonsense") is None
