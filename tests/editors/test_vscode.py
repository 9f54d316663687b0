"""The VS Code extension (``editors/vscode``): its own unit and grammar tests, and the ``.vsix``.

The extension's logic and its TextMate grammar are tested under plain Node
(``npm test``: ``node --test`` on the compiled JavaScript, with
vscode-textmate and vscode-oniguruma for the grammar), so no VS Code is
downloaded. Dependencies come from ``package-lock.json`` through ``npm ci``
when ``node_modules`` is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "editors" / "vscode"
NODE = shutil.which("node")
NPM = shutil.which("npm")
NPX = shutil.which("npx")

pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None or NPX is None,
    reason="Node.js and npm are not installed (CI has node 20)",
)


def npm(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    assert NPM is not None
    return subprocess.run(
        [NPM, *args],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def installed() -> Path:
    if not (EXTENSION / "node_modules" / ".package-lock.json").exists():
        done = npm("ci", "--no-audit", "--no-fund")
        assert done.returncode == 0, done.stderr
    return EXTENSION


def test_unit_and_grammar_tests_pass_under_node(installed: Path) -> None:
    done = npm("test")
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    passed = re.search(r"^# pass (\d+)$", report, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)$", report, re.MULTILINE)
    assert passed and failed, report
    assert int(failed.group(1)) == 0
    assert int(passed.group(1)) >= 25, report  # every test file was found and ran


def test_the_vsix_holds_the_extension_and_its_runtime_only(installed: Path, tmp_path: Path) -> None:
    assert NPX is not None
    vsix = tmp_path / "werk.vsix"
    done = subprocess.run(
        [NPX, "vsce", "package", "--allow-missing-repository", "--out", str(vsix)],
        cwd=installed,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    names = set(zipfile.ZipFile(vsix).namelist())
    for wanted in (
        "extension/package.json",
        "extension/out/extension.js",
        "extension/syntaxes/iecst.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/snippets/iecst.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ):
        assert wanted in names, wanted
    unwanted = [n for n in names if n.startswith(("extension/src/", "extension/out/test/"))]
    unwanted += [
        n for n in names if "/node_modules/typescript/" in n or "/node_modules/@vscode/" in n
    ]
    assert unwanted == []


def test_both_editors_claim_the_same_file_extensions() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    vscode = {ext.lstrip(".") for ext in language["extensions"]}
    ftdetect = (REPO / "editors" / "nvim" / "ftdetect" / "werk.vim").read_text(encoding="utf-8")
    patterns = re.search(r"BufNewFile (\S+)", ftdetect)
    assert patterns is not None
    nvim = {pattern.removeprefix("*.") for pattern in patterns.group(1).split(",")}
    assert vscode == {"st", "scl", "iecst", "TcPOU", "TcGVL", "TcDUT"}
    assert vscode <= nvim
