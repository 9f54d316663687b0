"""A real editor: Neovim from Debian's packages, headless, attached to ``werk serve``.

The Lua driver (``nvim/drive.lua``) uses only Neovim's own LSP client, so
what is checked here is what an engineer sees in Neovim 0.7: diagnostics at
the right place and the answers to the requests the editor sends.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.conftest import write_project

DRIVER = Path(__file__).parent / "nvim" / "drive.lua"
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(
    NVIM is None, reason="Neovim is not installed (apt-get install neovim); CI installs it"
)

SOURCE = """\
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL; (* start request from the panel *)
END_VAR
VAR_OUTPUT
    bRun : BOOL;
END_VAR
VAR
    nSpare : INT;
    tonDelay : TON;
END_VAR
tonDelay(IN := bStart, PT := T#2S);
bRun := tonDelay.Q;
END_FUNCTION_BLOCK
"""


def run_neovim(root: Path, file: Path, requests: list[dict[str, Any]]) -> dict[str, Any]:
    assert NVIM is not None
    output = root / "nvim-out.json"
    # Not WERK_*: werk reads every WERK_* variable as a setting.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WERK_")},
        "DRIVE_BIN": str(Path(sys.executable).parent / "werk"),
        "DRIVE_ROOT": str(root),
        "DRIVE_FILE": str(file),
        "DRIVE_OUT": str(output),
        "DRIVE_REQUESTS": json.dumps(requests),
        "XDG_CONFIG_HOME": str(root / ".config"),
        "XDG_DATA_HOME": str(root / ".data"),
        "XDG_STATE_HOME": str(root / ".state"),
    }
    subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {DRIVER}"],
        env=env,
        cwd=root,
        timeout=120,
        check=False,
        capture_output=True,
    )
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    assert "error" not in result, result.get("error")
    return result


def position_of(text: str, needle: str, offset: int = 0) -> dict[str, int]:
    at = text.index(needle) + offset
    line = text.count("\n", 0, at)
    return {"line": line, "character": at - (text.rfind("\n", 0, at) + 1)}


def test_neovim_shows_werk_diagnostics(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": SOURCE})
    result = run_neovim(root, root / "fb_pump.st", [])
    assert result["attached"] and result["diagnosed"]
    unused = [d for d in result["diagnostics"] if d["code"] == "CP24"]
    assert unused == [
        {
            "lnum": 8,
            "col": 4,
            "message": "Variable 'nSpare' is declared but never used",
            "code": "CP24",
            "source": "werk",
        }
    ]


def test_neovim_gets_a_quick_fix(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": SOURCE})
    requests = [
        {"name": "actions", "method": "textDocument/codeAction", **position_of(SOURCE, "nSpare")}
    ]
    result = run_neovim(root, root / "fb_pump.st", requests)
    actions = result["requests"][0]["result"]
    titles = [action["title"] for action in actions]
    assert "remove the declaration of nSpare (CP24)" in titles
    fix = next(a for a in actions if a["title"].startswith("remove the declaration"))
    (edit,) = next(iter(fix["edit"]["changes"].values()))
    assert edit == {
        "range": {"start": {"line": 8, "character": 0}, "end": {"line": 9, "character": 0}},
        "newText": "",
    }


def test_neovim_navigates_and_completes(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plant", {"fb_pump.st": SOURCE})
    use = position_of(SOURCE, "bStart,", 0)
    requests = [
        {"name": "hover", "method": "textDocument/hover", **use},
        {"name": "definition", "method": "textDocument/definition", **use},
        {"name": "references", "method": "textDocument/references", **use},
        {"name": "completion", "method": "textDocument/completion", **position_of(SOURCE, "Q;", 0)},
    ]
    result = run_neovim(root, root / "fb_pump.st", requests)
    answers = {request["name"]: request["result"] for request in result["requests"]}
    assert "BOOL" in answers["hover"]["contents"]["value"]
    definitions = answers["definition"]
    definition = definitions[0] if isinstance(definitions, list) else definitions
    span = definition.get("targetSelectionRange") or definition["range"]  # link or location
    assert span["start"] == {"line": 2, "character": 4}
    lines = sorted(ref["range"]["start"]["line"] for ref in answers["references"])
    assert lines == [2, 11]
    completion = answers["completion"]
    items = completion["items"] if isinstance(completion, dict) else completion
    labels = {item["label"] for item in items}
    assert {"Q", "ET"} <= labels
