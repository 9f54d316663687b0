"""What the compiler refuses (reported, faulting only when reached) and what it lays out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.st.sim.support import FIXTURES, simulate
from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.project import Project
from werk.tools.st.sim import FaultKind, SimulationFault, Simulator
from werk.tools.st.unit import StUnit

UNSUPPORTED = "unsupported.st"


def test_unsupported_constructs_are_listed_with_their_lines() -> None:
    sim = simulate(UNSUPPORTED, programs=["Partly"])
    found = sorted((u.position.line, u.what) for u in sim.unsupported)
    assert found == [
        (8, "UNION U_Word"),
        (43, "interface type I_Device"),
        (51, "pointer arithmetic 'ADR(nValue) + 2'"),
    ]
    assert all(u.position.path == FIXTURES / UNSUPPORTED for u in sim.unsupported)
    assert str(sim.unsupported[-1]).startswith("not supported: ")


def test_code_around_an_unsupported_statement_runs() -> None:
    sim = simulate(UNSUPPORTED, programs=["Partly"])
    sim.cycle()  # the pointer arithmetic is behind bReach = FALSE
    assert sim.get("Partly.nBefore") == 1 and sim.get("Partly.nAfter") == 1
    sim.set("Partly.bReach", True)
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    assert raised.value.kind is FaultKind.NOT_SUPPORTED
    assert raised.value.position is not None and raised.value.position.line == 51
    assert sim.get("Partly.nBefore") == 2 and sim.get("Partly.nAfter") == 1


def test_a_pou_with_a_syntax_error_does_not_run_at_all() -> None:
    sim = simulate(UNSUPPORTED, programs=["Broken"])
    assert [(u.position.line, u.what) for u in sim.unsupported] == [
        (64, "syntax error (missing identifier) in Broken")
    ]
    with pytest.raises(SimulationFault) as raised:
        sim.cycle()
    assert raised.value.kind is FaultKind.NOT_SUPPORTED
    assert sim.get("Broken.n") == 0  # not even the valid first statement ran


def test_var_stat_is_shared_and_var_inst_is_per_instance() -> None:
    sim = simulate(UNSUPPORTED, programs=["Partly"])
    sim.cycle()
    assert sim.get("Partly.fbA.nAll") == 11  # 1 from fbA + 10 from fbB, one storage
    assert sim.get("Partly.fbB.nAll") == 11
    assert sim.get("Partly.fbA.nMine") == 1 and sim.get("Partly.fbB.nMine") == 10
    # Remember counts its calls in a VAR_INST: fbA 1 then 2, fbB 1 -> 1 + 2 * 10 + 1 * 100.
    assert sim.get("Partly.nRemembered") == 121
    sim.cycle()
    assert sim.get("Partly.nRemembered") == 3 + 4 * 10 + 2 * 100
    assert sim.get("Partly.fbA.nAll") == 22


def project_with(body: str) -> Project:
    source = f"PROGRAM P\nVAR a : DINT := 1; b : DINT; END_VAR\n{body}\nEND_PROGRAM\n"
    document = StDocument.plain(Path("long.st"), source.encode(), Dialect.CODESYS)
    return Project([StUnit.from_document(document)])


def test_long_expressions_compile_and_too_deep_ones_are_refused() -> None:
    sim = Simulator(project_with("b := " + " + ".join(["a"] * 300) + ";"))
    sim.cycle()
    assert sim.get("P.b") == 300
    deep = Simulator(project_with("b := " + " + ".join(["a"] * 5000) + ";"))
    assert [u.what for u in deep.unsupported] == ["P: expressions nested too deeply to compile"]
    with pytest.raises(SimulationFault):
        deep.cycle()
