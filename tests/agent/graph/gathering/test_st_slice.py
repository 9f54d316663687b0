"""The semantic slice: the POUs a task names or implies, and what to know about each."""

from __future__ import annotations

from pathlib import Path

from tests.agent.run.repos import FIXTURES
from werk.agent.graph.gathering.mentions import find_mentions
from werk.agent.graph.gathering.st_slice import is_test_file, semantic_slice
from werk.tools.st.loader import load_project

ST_PROJECT = FIXTURES / "st_project"
TESTS = {"tests/fb_pump.trace.yaml": (ST_PROJECT / "tests" / "fb_pump.trace.yaml").read_text()}


def slices_for(task: str, root: Path = ST_PROJECT) -> list[str]:
    project, _ = load_project(root)
    files = ["plc/fb_pump.st", "plc/main.st", "plc/gvl_io.st", *TESTS]
    return [
        item.render() for item in semantic_slice(project, root, find_mentions(task, files), TESTS)
    ]


def test_a_named_fb_with_its_callers_variables_and_tests() -> None:
    (pump,) = [
        text for text in slices_for("Add dry-run protection to FB_Pump") if "FB_Pump" in text
    ]
    assert pump.splitlines() == [
        "FUNCTION_BLOCK FB_Pump (plc/fb_pump.st:1)",
        "  called by: MAIN",
        "  reads: bStart",
        "  writes: bRun",
        "  tests: tests/fb_pump.trace.yaml",
    ]


def test_an_address_implies_the_pous_using_it() -> None:
    (main,) = slices_for("%IX0.1 is never evaluated")
    assert main.startswith("PROGRAM MAIN (plc/main.st:1)")
    assert "reads bTankLow (%IX0.1)" in main
    assert "writes bPumpRun (%QX0.0)" in main
    assert "  calls: FB_Pump" in main


def test_a_global_variable_implies_its_readers() -> None:
    assert [text.splitlines()[0] for text in slices_for("bTankLow must stop the pump")] == [
        "PROGRAM MAIN (plc/main.st:1)"
    ]


def test_nothing_named_nothing_sliced() -> None:
    assert slices_for("make it better") == []


def test_test_files_by_name() -> None:
    assert is_test_file("tests/valve.trace.yaml")
    assert is_test_file("tests/valve.props.yaml")
    assert is_test_file("x/pump.scenario.yml")
    assert is_test_file("tests/test_flow.py")
    assert is_test_file("plc/FB_Pump_Test.TcPOU")
    assert not is_test_file("plc/fb_pump.st")
