"""The symbol under the cursor, in plain ST and inside TwinCAT XML."""

from __future__ import annotations

from pathlib import Path

from werk.agent.config import load_config
from werk.lsp.cursor import symbol_at
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.symbols import Pou, Variable

SOURCE = """\
FUNCTION_BLOCK FB_Pump
VAR_INPUT bStart : BOOL; END_VAR
VAR_OUTPUT bRun : BOOL; END_VAR
bRun := bStart;
END_FUNCTION_BLOCK
PROGRAM MAIN
VAR fbPump : FB_Pump; END_VAR
fbPump(bStart := TRUE);
END_PROGRAM
"""


def workspace(tmp_path: Path) -> tuple[StWorkspace, Path]:
    path = tmp_path / "plant.st"
    path.write_text(SOURCE, encoding="utf-8")
    (tmp_path / "werk.toml").write_text("", encoding="utf-8")
    ws = StWorkspace(tmp_path, load_config(tmp_path))
    ws.load()
    return ws, path


def test_a_use_resolves_to_its_declaration(tmp_path: Path) -> None:
    ws, path = workspace(tmp_path)
    at = symbol_at(ws, path, SOURCE.index("bStart;") + 2)
    assert at is not None and at.use is not None
    assert isinstance(at.symbol, Variable) and at.symbol.name == "bStart"
    assert at.pou is not None and at.pou.name == "FB_Pump"


def test_a_declaration_is_found_too(tmp_path: Path) -> None:
    ws, path = workspace(tmp_path)
    at = symbol_at(ws, path, SOURCE.index("bRun : BOOL"))
    assert at is not None and at.use is None and at.symbol.name == "bRun"


def test_a_type_name_in_a_declaration_is_the_fb(tmp_path: Path) -> None:
    ws, path = workspace(tmp_path)
    at = symbol_at(ws, path, SOURCE.index(": FB_Pump;") + 3)
    assert at is not None and isinstance(at.symbol, Pou) and at.symbol.name == "FB_Pump"


def test_nothing_between_tokens(tmp_path: Path) -> None:
    ws, path = workspace(tmp_path)
    assert symbol_at(ws, path, SOURCE.index("END_FUNCTION_BLOCK") + 3) is None


TCPOU = """\
<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1">
  <POU Name="FB_Tc" Id="{00000000-0000-0000-0000-000000000001}">
    <Declaration><![CDATA[FUNCTION_BLOCK FB_Tc
VAR
    nCount : INT;
END_VAR]]></Declaration>
    <Implementation>
      <ST><![CDATA[nCount := nCount + 1;]]></ST>
    </Implementation>
    <Method Name="Reset" Id="{00000000-0000-0000-0000-000000000002}">
      <Declaration><![CDATA[METHOD Reset : BOOL]]></Declaration>
      <Implementation>
        <ST><![CDATA[nCount := 0;]]></ST>
      </Implementation>
    </Method>
  </POU>
</TcPlcObject>
"""


def test_a_twincat_method_lies_after_the_fb_body_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "FB_Tc.TcPOU"
    path.write_text(TCPOU, encoding="utf-8")
    (tmp_path / "werk.toml").write_text("", encoding="utf-8")
    ws = StWorkspace(tmp_path, load_config(tmp_path))
    ws.load()
    at = symbol_at(ws, path, TCPOU.index("nCount := 0") + 1)
    assert at is not None and at.use is not None and at.use.is_write
    assert at.symbol.name == "nCount" and at.pou is not None and at.pou.name == "Reset"
    assert symbol_at(ws, path, TCPOU.index("<Method")) is None  # XML, not ST
