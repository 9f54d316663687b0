"""``detect_dialect``: the user's setting, then the file type, then markers in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.st.dialect import detect_dialect
from werk.tools.st.document import Dialect

PLAIN = b"PROGRAM P\nVAR x : INT; END_VAR\nx := x + 1; (* #1 *)\nEND_PROGRAM\n"

CASES = [
    # path, text, forced, expected
    ("motor.st", PLAIN, None, Dialect.IEC),
    (None, PLAIN, None, Dialect.IEC),
    ("motor.st", PLAIN, Dialect.SCL, Dialect.SCL),
    ("motor.scl", PLAIN, None, Dialect.SCL),
    ("Motor.SCL", PLAIN, None, Dialect.SCL),
    ("motor.scl", PLAIN, Dialect.CODESYS, Dialect.CODESYS),
    ("FB_Motor.TcPOU", PLAIN, None, Dialect.TWINCAT),
    ("GVL_IO.TcGVL", PLAIN, None, Dialect.TWINCAT),
    ("E_State.TcDUT", PLAIN, None, Dialect.TWINCAT),
    (Path("src/FB_Motor.tcpou"), PLAIN, None, Dialect.TWINCAT),
    (
        "export.xml",
        b'<?xml version="1.0"?>\n<TcPlcObject Version="1.1.0.1">',
        None,
        Dialect.TWINCAT,
    ),
    # Siemens markers
    (
        "a.st",
        b"FUNCTION_BLOCK FB\nVAR x : Int; END_VAR\nBEGIN\nx := 1;\nEND_FUNCTION_BLOCK",
        None,
        Dialect.SCL,
    ),
    (
        "a.st",
        b"FUNCTION_BLOCK FB\nVAR x : Int; END_VAR\n#x := 1;\nEND_FUNCTION_BLOCK",
        None,
        Dialect.SCL,
    ),
    ("a.st", b'FUNCTION_BLOCK "Motor Control"\nEND_FUNCTION_BLOCK', None, Dialect.SCL),
    ("a.st", b"ORGANIZATION_BLOCK Main\nEND_ORGANIZATION_BLOCK", None, Dialect.SCL),
    ("a.st", b"DATA_BLOCK Globals\nEND_DATA_BLOCK", None, Dialect.SCL),
    ("a.st", b"PROGRAM P\n  REGION init\n  END_REGION\nEND_PROGRAM", None, Dialect.SCL),
    ("a.st", b"FUNCTION F : Void\nVERSION : 0.1\nEND_FUNCTION", None, Dialect.SCL),
    (
        "a.st",
        b"FUNCTION F : Void\n{ S7_Optimized_Access := 'TRUE' }\nEND_FUNCTION",
        None,
        Dialect.SCL,
    ),
    # CODESYS / TwinCAT markers
    ("a.st", b"{attribute 'qualified_only'}\nVAR_GLOBAL\nEND_VAR", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\nVAR r : REFERENCE TO INT; END_VAR\nEND_PROGRAM", None, Dialect.CODESYS),
    (
        "a.st",
        b"FUNCTION_BLOCK F\nVAR_INST n : INT; END_VAR\nEND_FUNCTION_BLOCK",
        None,
        Dialect.CODESYS,
    ),
    ("a.st", b"FUNCTION F : INT\nVAR_STAT n : INT; END_VAR\nEND_FUNCTION", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\nx := a AND_THEN b;\nEND_PROGRAM", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\nx := a OR_ELSE b;\nEND_PROGRAM", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\nbMotor S= bStart;\nEND_PROGRAM", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\nbMotor R= bStop;\nEND_PROGRAM", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\np := __NEW(INT);\nEND_PROGRAM", None, Dialect.CODESYS),
    ("a.st", b"PROGRAM P\nx := 1;\nACTION Reset:\nEND_ACTION\nEND_PROGRAM", None, Dialect.CODESYS),
    (
        "a.st",
        b"FUNCTION_BLOCK F\nMETHOD M : BOOL\nEND_METHOD\nEND_FUNCTION_BLOCK",
        None,
        Dialect.CODESYS,
    ),
    (
        "a.st",
        b"FUNCTION_BLOCK F\nPROPERTY P : INT\nEND_PROPERTY\nEND_FUNCTION_BLOCK",
        None,
        Dialect.CODESYS,
    ),
    # Not markers: a typed literal, a comparison with S.
    ("a.st", b"PROGRAM P\nw := 16#FF; t := T#1s; b := S = 1;\nEND_PROGRAM", None, Dialect.IEC),
]


@pytest.mark.parametrize(("path", "text", "forced", "expected"), CASES)
def test_detect_dialect(
    path: str | Path | None, text: bytes, forced: Dialect | None, expected: Dialect
) -> None:
    assert detect_dialect(path, text, forced) is expected
