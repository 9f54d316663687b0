"""The incremental checker reports exactly what a fresh check reports, after edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.incremental import IncrementalChecker
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings
from werk.tools.st.source_file import StSourceFile

SOURCE = b"""\
TYPE E_Mode : (Off, Auto, Manual); END_TYPE
FUNCTION_BLOCK FB_Pump
VAR_INPUT bStart : BOOL; rLevel : REAL; END_VAR
VAR_OUTPUT bRun : BOOL; END_VAR
VAR tonDelay : TON; nSpare : INT; END_VAR
IF bStart THEN
    tonDelay(IN := TRUE, PT := T#2S);
END_IF
bRun := tonDelay.Q AND rLevel = 50.0;
END_FUNCTION_BLOCK
PROGRAM MAIN
VAR fbPump : FB_Pump; eMode : E_Mode; nDiv : INT; END_VAR
fbPump(bStart := eMode = Auto, rLevel := 10.0);
CASE eMode OF
    Off: fbPump.bRun;
END_CASE
END_PROGRAM
FUNCTION_BLOCK FB_Valve
VAR_INPUT bOpen : BOOL; bUnused : BOOL; END_VAR
VAR_OUTPUT bOpened : BOOL; bFault : BOOL; END_VAR
VAR_IN_OUT rFlow : REAL; END_VAR
VAR nRetries : INT := 3; END_VAR
bOpened := bOpen AND rFlow > INT_TO_REAL(nRetries);
END_FUNCTION_BLOCK
FUNCTION F_Scale : REAL
VAR_INPUT rIn : REAL; END_VAR
F_Scale := rIn * 2.0;
END_FUNCTION
"""
EDITS = [
    (b"nSpare : INT;", b""),  # removes a finding
    (b"rLevel = 50.0", b"rLevel >= 50.0"),  # a body edit, same interface
    (b"VAR tonDelay", b"VAR nExtra : INT; tonDelay"),  # an interface edit
    (b"Off: fbPump.bRun;", b"Off: fbPump.bRun;\n    Auto: ;"),  # a dependant edit
    (b"TYPE E_Mode", b"(* a comment shifts everything *)\nTYPE E_Mode"),
    (b"bOpened := bOpen", b"nRetries := nRetries - 1;\nbOpened := bOpen"),  # not constant now
    (b"rIn * 2.0;", b"F_Scale(rIn := rIn) * 2.0;"),  # recursion appears
    (b"bOpened := bOpen AND", b"bFault := bUnused;\nrFlow := 0.0;\nbOpened := bOpen AND"),
    (b"F_Scale(rIn := rIn) * 2.0;", b"rIn * 2.0;"),  # and goes away
    (b"(* a comment shifts everything *)\n", b""),  # moves every finding back
    (b"Off: fbPump.bRun;", b"Off: fbPump.bRun;\n    Manual: fbPump.nHidden := 1;"),
    (b"nExtra : INT;", b"nExtra : INT; nHidden : INT;"),  # a local the dependant spells
    (b"nExtra : INT;", b"nMore : INT;"),  # a local nobody else spells
    (b" nHidden : INT;", b""),  # and the spelled one goes again
]


def key(findings: list[Finding]) -> list[tuple[object, ...]]:
    """Everything a finding reports, its fix's edits included (they move with it)."""
    return sorted(
        (f.code, f.start, f.end, f.message, f.related, f.fix.edits if f.fix else ())
        for f in findings
    )


@pytest.mark.parametrize("upto", range(1, len(EDITS) + 1))
def test_incremental_findings_match_a_fresh_check(upto: int, tmp_path: Path) -> None:
    path = tmp_path / "plant.st"
    path.write_bytes(SOURCE)
    file = StSourceFile.load(path, SOURCE, Dialect.CODESYS)
    checker = IncrementalChecker(Project(file.units), RuleSettings())
    assert checker.check()
    for old, new in EDITS[:upto]:
        at = file.data.index(old)
        file.edit(at, at + len(old), new)
        path.write_bytes(file.data)  # suppression comments are read from the file
        checker.project.set_file(path, file.units)
        incremental = checker.check()
        fresh = StSourceFile.load(path, file.data, Dialect.CODESYS)
        expected = run_checks(Project(fresh.units), RuleSettings()).findings
        assert key(incremental) == key(expected)


def test_the_edits_exercise_project_rules(tmp_path: Path) -> None:
    """The scenario above must keep covering the project-wide rules' caches."""
    path = tmp_path / "plant.st"
    file = StSourceFile.load(path, SOURCE, Dialect.CODESYS)
    codes = {f.code for f in run_checks(Project(file.units), RuleSettings()).findings}
    assert {"WERK403", "WERK104", "WERK105", "WERK103"} <= codes
    for old, new in EDITS[:7]:
        at = file.data.index(old)
        file.edit(at, at + len(old), new)
    codes = {f.code for f in run_checks(Project(file.units), RuleSettings()).findings}
    assert "CP13" in codes and "WERK403" not in codes
