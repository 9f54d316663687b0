"""``werk parse``, ``symbols``, ``refs``, ``index`` and ``map`` on the bundled example plant."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.agent.cli.conftest import Werk

EXAMPLE = Path(__file__).parents[3] / "examples" / "filling-line"


@pytest.fixture
def plant(project: Path) -> Path:
    """A copy of the example project (werk writes its cache under .werk/)."""
    shutil.copytree(EXAMPLE, project, dirs_exist_ok=True)
    return project


def test_parse_reports_dialects_and_no_errors(werk: Werk, plant: Path) -> None:
    files = sorted(str(p.relative_to(plant)) for p in (plant / "plc").iterdir() if p.suffix)
    result = werk("parse", *files, "--json")
    assert result.returncode == 0, result.stderr
    reports = {Path(r["file"]).name: r for r in json.loads(result.stdout)}
    assert reports["fb_dosing.scl"]["dialect"] == "scl"
    assert reports["FB_Conveyor.TcPOU"]["dialect"] == "twincat"
    assert reports["fb_valve.st"]["dialect"] == "codesys"
    assert all(r["errors"] == [] for r in reports.values())
    assert reports["fb_dosing.scl"]["rewrites"] > 5


def test_parse_error_at_the_original_position(werk: Werk, plant: Path) -> None:
    broken = plant / "plc" / "broken.scl"
    broken.write_text(
        'FUNCTION_BLOCK "FB_X"\nVERSION : 0.1\nVAR x : Int; END_VAR\nBEGIN\n'
        "    #x := (#x + ;\nEND_FUNCTION_BLOCK\n"
    )
    result = werk("parse", "plc/broken.scl")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("plc/broken.scl:5:"), result.stdout
    assert ": error: " in first


def test_parse_twincat_error_lands_in_the_xml(werk: Werk, plant: Path) -> None:
    pou = plant / "plc" / "FB_Conveyor.TcPOU"
    data = pou.read_bytes().replace(b"bMotor := bEnable;", b"bMotor := := bEnable;")
    pou.write_bytes(data)
    result = werk("parse", "plc/FB_Conveyor.TcPOU")
    assert result.returncode == 1
    line_of_error = data.split(b"\r\n").index(b"bMotor := := bEnable;]]></ST>") + 1
    assert result.stdout.startswith(f"plc/FB_Conveyor.TcPOU:{line_of_error}:"), result.stdout


def test_parse_bad_input(werk: Werk, plant: Path) -> None:
    missing = werk("parse", "plc/nope.st")
    assert missing.returncode == 2 and "plc/nope.st: no such file" in missing.stderr
    bad_xml = plant / "plc" / "Bad.TcPOU"
    bad_xml.write_text("<TcPlcObject><POU Name='X'>")
    result = werk("parse", "plc/Bad.TcPOU")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Bad.TcPOU:1:" in result.stderr


def test_symbols_outline_with_positions(werk: Werk, plant: Path) -> None:
    result = werk("symbols", "plc/fb_valve.st", "--json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert entries[0]["label"] == "FUNCTION_BLOCK FB_Valve"
    assert entries[0]["position"] == "plc/fb_valve.st:2:16"
    delay = next(e for e in entries if e["name"] == "tDiscrepancy")
    assert delay["label"] == "VAR_INPUT tDiscrepancy : TIME := T#2S"
    assert delay["doc"] == "feedback must follow within this time"
    timer = next(e for e in entries if e["name"] == "tonCheck")
    assert timer["label"] == "VAR tonCheck : TON"


def test_refs_marks_reads_and_writes_across_dialects(werk: Werk, plant: Path) -> None:
    result = werk("refs", "GVL_IO.bBottlePresent", "--json")
    assert result.returncode == 0, result.stderr
    kinds = [(r["position"].split(":")[0], r["kind"]) for r in json.loads(result.stdout)]
    assert kinds[0] == ("plc/gvl_io.st", "declaration")
    assert all(kind.startswith("read") for _, kind in kinds[1:])
    assert len(kinds) == 5
    dosed = werk("refs", "dosed")
    assert dosed.returncode == 0
    lines = dosed.stdout.splitlines()
    assert lines[1].startswith("plc/fb_dosing.scl:19:11: write (conditional): #dosed := #dosed")


def test_refs_unknown_name(werk: Werk, plant: Path) -> None:
    result = werk("refs", "NoSuchThing")
    assert result.returncode == 1 and "no symbol named 'NoSuchThing' found" in result.stderr


def test_index_summary(werk: Werk, plant: Path) -> None:
    result = werk("index")
    assert result.returncode == 0, result.stderr
    # types.st: 2 units; tests/fb_test_valve.st: a test FB with 2 methods, whose calls of
    # ASSERT_*/TEST_FINISHED resolve against the assertion library every project has.
    assert "Structured Text: 7 files, 8 units, 9 POUs" in result.stdout
    assert "0 syntax errors, 0 unresolved names" in result.stdout
    assert (plant / ".werk" / "index.sqlite").is_file()
    again = werk("index")
    assert "0 files parsed, 7 from cache" in again.stdout


def test_map_focus(werk: Werk, plant: Path) -> None:
    result = werk("map", "--focus", "plc/main.st", "--tokens", "400")
    assert result.returncode == 0, result.stderr
    assert "plc/main.st:" not in result.stdout  # the focus file itself is not listed
    assert "FUNCTION_BLOCK FB_Valve" in result.stdout
