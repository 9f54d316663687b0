"""The Emacs setup (``editors/emacs/werk.el``): real Emacs in batch mode, eglot, ``werk serve``.

Debian bookworm has Emacs 28 (``emacs-nox``) and eglot as ``elpa-eglot``;
the test skips when either is missing.
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

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "editors" / "emacs"
DRIVER = Path(__file__).parent / "emacs" / "drive.el"
EMACS = shutil.which("emacs")
WERK = Path(sys.executable).parent / "werk"


def eglot_installed() -> bool:
    if EMACS is None:
        return False
    probe = subprocess.run(
        [EMACS, "--batch", "-q", "--eval", "(progn (package-initialize) (require 'eglot))"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not eglot_installed(),
    reason="Emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)",
)

SOURCE = """\
PROGRAM MAIN
VAR
    nSpare : INT;
END_VAR
END_PROGRAM
"""


def run_emacs(root: Path, file: Path) -> dict[str, Any]:
    assert EMACS is not None
    output = root.parent / "emacs-out.json"
    env = {
        **{k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("WERK_")},
        "PATH": "/usr/bin:/bin",  # werk only in the project's venv, where werk.el looks
        "HOME": str(root.parent),
        "DRIVE_FILE": str(file),
        "DRIVE_OUT": str(output),
    }
    subprocess.run(
        [EMACS, "--batch", "-q", "-L", str(PACKAGE), "-l", str(DRIVER)],
        env=env,
        cwd=root,
        timeout=120,
        check=False,
        capture_output=True,
    )
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    assert "error" not in result, result["error"]
    return result


def test_eglot_runs_werk_from_the_project_venv_and_flymake_shows_findings(tmp_path: Path) -> None:
    root = tmp_path / "plant"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "werk").symlink_to(WERK)
    subprocess.run(["git", "init", "-q", str(root)], check=True)  # eglot needs a project
    (root / "main.st").write_text(SOURCE, encoding="utf-8")
    result = run_emacs(root, root / "main.st")
    assert result["mode"] == "iecst-mode"
    assert result["contact"] == [str(root / ".venv" / "bin" / "werk"), "serve"]
    assert result["managed"] is True
    assert result["diagnostics"] == [
        {
            "line": 3,
            "column": 4,
            "type": "eglot-warning",
            "text": "werk [CP24]: Variable 'nSpare' is declared but never used",
        }
    ]
    assert result["status"].startswith("werk: ready · 1 file · ")
