"""Rule packs from other distributions, through the ``werk.rules`` entry-point group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACK = '''
from werk.tools.st.rules import Category, Rule, Severity


class PlantPrefix(Rule):
    """## What it does
    Finds PROGRAMs whose name lacks the plant's prefix.

    ## Why is this bad?
    Programs of different lines are mixed up at commissioning.

    ## Example
    ```st
    PROGRAM Main END_PROGRAM
    ```

    ## Use instead
    `PROGRAM L1_Main`.

    ## Fix safety
    No fix.

    ## References
    closest: CODESYS static analysis SA0102.
    """

    code = "ACME001"
    name = "missing-plant-prefix"
    message = "PROGRAM {name} lacks the line prefix"
    severity = Severity.INFO
    category = Category.STYLE

    def check_pou(self, pou, analysis):
        if pou.kind.value == "PROGRAM" and not pou.name.startswith("L1_"):
            yield self.finding(pou.location, pou, name=pou.name)
'''


def run(args: list[str], cwd: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WERK_")}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-m", "werk.agent.cli.main", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def install_pack(site: Path, module: str, body: str, entry: str) -> None:
    (site / f"{module}.py").write_text(body)
    dist = site / f"{module}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[werk.rules]\n{entry}\n")


def test_a_rule_pack_is_listed_and_runs(tmp_path: Path) -> None:
    site, project = tmp_path / "site", tmp_path / "plant"
    site.mkdir()
    project.mkdir()
    (project / ".git").mkdir()
    install_pack(site, "acme_rules", PACK, "missing-plant-prefix = acme_rules:PlantPrefix")
    listed = run(["rules"], project, site)
    assert listed.returncode == 0, listed.stderr
    assert "ACME001  missing-plant-prefix" in listed.stdout
    (project / "main.st").write_text("PROGRAM Main\nEND_PROGRAM\n")
    checked = run(["check", "--select", "ACME001"], project, site)
    assert checked.returncode == 1, checked.stderr
    assert "main.st:1:9: info: ACME001 PROGRAM Main lacks the line prefix" in checked.stdout


def test_a_broken_rule_pack_is_skipped(tmp_path: Path) -> None:
    site, project = tmp_path / "site", tmp_path / "plant"
    site.mkdir()
    project.mkdir()
    (project / ".git").mkdir()
    install_pack(site, "broken_rules", "raise ImportError('no such thing')\n", "x = broken_rules:X")
    listed = run(["rules"], project, site)
    assert listed.returncode == 0, listed.stderr
    assert "CP8" in listed.stdout
    assert "skipping rule plug-in broken_rules:X" in listed.stderr
