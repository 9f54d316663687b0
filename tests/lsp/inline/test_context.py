"""The declarations a Structured Text suggestion's surroundings use, from other files."""

from __future__ import annotations

from pathlib import Path

from werk.agent.config import load_config
from werk.lsp.inline.context import used_declarations
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.project import Project

VALVE = """\
FUNCTION_BLOCK FB_Valve
VAR_INPUT
    bOpen : BOOL;
END_VAR
VAR_OUTPUT
    bIsOpen : BOOL;
END_VAR
VAR
    nHidden : INT;
END_VAR
END_FUNCTION_BLOCK
"""
SCALE = """\
FUNCTION F_Scale : REAL
VAR_INPUT
    nRaw : INT;
END_VAR
F_Scale := nRaw;
END_FUNCTION
"""


def project(tmp_path: Path) -> Project:
    (tmp_path / "fb_valve.st").write_text(VALVE, encoding="utf-8")
    (tmp_path / "f_scale.st").write_text(SCALE, encoding="utf-8")
    workspace = StWorkspace(tmp_path, load_config(tmp_path))
    workspace.load()
    return workspace.project


def test_interfaces_of_the_named_pous_without_their_locals(tmp_path: Path) -> None:
    found = used_declarations(project(tmp_path), "fbValve : FB_Valve; r := F_Scale(n);", 1000)
    assert "FUNCTION_BLOCK FB_Valve\nVAR_INPUT\n    bOpen : BOOL;\nEND_VAR" in found
    assert "FUNCTION F_Scale : REAL" in found
    assert "nHidden" not in found


def test_the_budget_stops_the_list(tmp_path: Path) -> None:
    found = used_declarations(project(tmp_path), "FB_Valve F_Scale", 120)
    assert "FB_Valve" in found and "F_Scale" not in found
    assert used_declarations(project(tmp_path), "nothing here", 1000) == ""
