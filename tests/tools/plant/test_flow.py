"""What one POU's code writes from what: one small program per construct."""

from __future__ import annotations

from pathlib import Path

from werk.tools.plant.model import SystemModel
from werk.tools.plant.signals import SignalStep
from werk.tools.st.loader import load_project

DECLARATIONS = """
TYPE ST_Hmi : STRUCT bStart : BOOL; bStop : BOOL; END_STRUCT END_TYPE
VAR_GLOBAL
    gstHmi : ST_Hmi;
    gwCommand : WORD;
    gaLevels : ARRAY[1..4] OF REAL;
    gbOut AT %QX0.0 : BOOL;
END_VAR
FUNCTION_BLOCK FB_Valve
VAR_INPUT bOpen : BOOL; END_VAR
VAR_IN_OUT rPosition : REAL; END_VAR
VAR_OUTPUT bIsOpen : BOOL; END_VAR
bIsOpen := bOpen;
rPosition := 1.0;
END_FUNCTION_BLOCK
FUNCTION F_Limit : REAL
VAR_INPUT rIn : REAL; END_VAR
F_Limit := MIN(rIn, gaLevels[1]);
END_FUNCTION
"""


def steps(
    tmp_path: Path, body: str, variables: str = ""
) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(kind, target, sources, conditions) of the steps MAIN's own code makes."""
    (tmp_path / "plant.st").write_text(
        DECLARATIONS + f"PROGRAM MAIN\nVAR\n{variables}\nEND_VAR\n{body}\nEND_PROGRAM\n"
    )
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project)
    return [shown(s) for s in model.flow.steps if s.pou == "MAIN"]


def shown(step: SignalStep) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    return (step.kind.value, step.target, step.sources, step.conditions)


def test_an_assignment_under_conditions(tmp_path: Path) -> None:
    body = "IF a THEN IF b THEN x := c + d; ELSIF e THEN x := f; ELSE x := 0; END_IF END_IF"
    assert steps(tmp_path, body, "a, b, c, d, e, f : BOOL; x : INT;") == [
        ("assign", "MAIN.x", ("MAIN.c", "MAIN.d"), ("MAIN.a", "MAIN.b")),
        ("assign", "MAIN.x", ("MAIN.f",), ("MAIN.a", "MAIN.b", "MAIN.e")),
        ("assign", "MAIN.x", (), ("MAIN.a", "MAIN.b")),
    ]


def test_case_and_loops_guard_their_bodies(tmp_path: Path) -> None:
    body = (
        "CASE n OF 1: x := a; END_CASE\n"
        "FOR i := 1 TO n DO gaLevels[i] := a; END_FOR\n"
        "WHILE b DO x := 0; END_WHILE"
    )
    assert steps(tmp_path, body, "n, i, x : INT; a : REAL; b : BOOL;") == [
        ("assign", "MAIN.x", ("MAIN.a",), ("MAIN.n",)),
        ("for", "MAIN.i", ("MAIN.n",), ()),
        ("assign", "plant.gaLevels", ("MAIN.a", "MAIN.i"), ("MAIN.n", "MAIN.i")),
        ("assign", "MAIN.x", (), ("MAIN.b",)),
    ]


def test_members_bits_and_latches(tmp_path: Path) -> None:
    body = "gstHmi.bStart := a;\ngwCommand.3 := a;\nx S= gstHmi.bStop;\n%QX0.1 := x;"
    result = steps(tmp_path, body, "a, x : BOOL;")
    assert result == [
        ("assign", "plant.gstHmi.bStart", ("MAIN.a",), ()),
        ("assign", "plant.gwCommand", ("MAIN.a",), ()),
        ("assign", "MAIN.x", ("plant.gstHmi.bStop",), ()),
        ("assign", "%QX0.1", ("MAIN.x",), ()),
    ]


def test_an_fb_call_binds_inputs_in_outs_and_outputs(tmp_path: Path) -> None:
    body = "fbValve(bOpen := a AND b, rPosition := rPos, bIsOpen => gbOut);"
    assert steps(tmp_path, body, "fbValve : FB_Valve; a, b : BOOL; rPos : REAL;") == [
        ("input", "MAIN.fbValve.bOpen", ("MAIN.a", "MAIN.b"), ()),
        ("in-out", "MAIN.fbValve.rPosition", ("MAIN.rPos",), ()),
        ("in-out", "MAIN.rPos", ("MAIN.fbValve.rPosition",), ()),
        ("output", "plant.gbOut", ("MAIN.fbValve.bIsOpen",), ()),
    ]


def test_a_standard_fb_s_outputs_follow_its_inputs(tmp_path: Path) -> None:
    body = "IF bEnable THEN rtStart(CLK := a); END_IF\nx := rtStart.Q;"
    assert steps(tmp_path, body, "rtStart : R_TRIG; a, x, bEnable : BOOL;") == [
        ("input", "MAIN.rtStart.CLK", ("MAIN.a",), ("MAIN.bEnable",)),
        ("behaviour", "MAIN.rtStart.Q", ("MAIN.rtStart.CLK",), ("MAIN.bEnable",)),
        ("assign", "MAIN.x", ("MAIN.rtStart.Q",), ()),
    ]


def test_a_function_result_depends_on_its_arguments_and_the_globals_it_reads(
    tmp_path: Path,
) -> None:
    assert steps(tmp_path, "r := F_Limit(a);", "r, a : REAL;") == [
        ("argument", "F_Limit.rIn", ("MAIN.a",), ()),
        ("assign", "MAIN.r", ("MAIN.a", "plant.gaLevels"), ()),
    ]


def test_positional_arguments_and_program_members(tmp_path: Path) -> None:
    (tmp_path / "other.st").write_text(
        "PROGRAM OTHER\nVAR_INPUT nSet : INT; END_VAR\nEND_PROGRAM\n"
    )
    assert steps(tmp_path, "r := F_Limit(a);\nOTHER(nSet := 3);\nOTHER.nSet := 4;", "r, a : REAL;")[
        2:
    ] == [
        ("input", "OTHER.nSet", (), ()),
        ("assign", "OTHER.nSet", (), ()),
    ]
