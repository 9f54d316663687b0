"""One fixture per rule code: expected findings marked inline, output compared to a snapshot.

A fixture ``fixtures/<CODE>.<ext>`` marks each line that must be flagged with
``(* error: CODE *)``, ``(* warning: CODE *)`` or ``(* info: CODE *)`` (or the
``//`` form); every other line must not be. Only that rule runs. The text
report is compared with ``snapshots/<CODE>.txt``; regenerate snapshots with
``UPDATE_SNAPSHOTS=1 pytest tests/tools/st/rules``. A rule that reads more
than code keeps the other files in ``fixtures/<CODE>/``; they are copied
beside the fixture, and the CSV or Excel files among them are its I/O lists.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from werk.tools.st.loader import load_project
from werk.tools.st.rules.registry import all_rules
from werk.tools.st.rules.report.text import FileView, render_text
from werk.tools.st.rules.runner import run_checks
from werk.tools.st.rules.selection import RuleSettings

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = Path(__file__).parent / "snapshots"
MARKER = re.compile(r"(?:\(\*|//)\s*(error|warning|info):\s*([A-Z]+[0-9]+)")


def fixture_for(code: str) -> Path:
    matches = sorted(p for p in FIXTURES.glob(f"{code}.*") if p.suffix != ".md")
    assert matches, f"rule {code} has no fixture in {FIXTURES}"
    return matches[0]


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_fixture(code: str, tmp_path: Path) -> None:
    fixture = fixture_for(code)
    copy = tmp_path / fixture.name
    copy.write_bytes(fixture.read_bytes())
    companions = sorted((FIXTURES / code).glob("*")) if (FIXTURES / code).is_dir() else []
    for companion in companions:
        (tmp_path / companion.name).write_bytes(companion.read_bytes())
    io_lists = [str(p) for p in sorted(tmp_path.iterdir()) if p.suffix in (".csv", ".xlsx")]
    options = {code: {"io_lists": io_lists}} if io_lists else {}
    project, _ = load_project(tmp_path)
    result = run_checks(project, RuleSettings(select=(code,), options=options))
    assert result.rule_errors == []
    data = copy.read_bytes()
    view = FileView(data)
    expected = sorted(
        (number, match.group(1), match.group(2))
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1)
        for match in MARKER.finditer(line)
        if match.group(2) == code
    )
    assert expected, f"{fixture.name} marks no expected finding"
    found = sorted(
        (view.line_column(f.start)[0], f.severity.value, f.code) for f in result.findings
    )
    assert found == expected
    rendered = render_text(result.findings, lambda p: p.read_bytes(), lambda p: p.name)
    snapshot = SNAPSHOTS / f"{code}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(rendered)
    assert rendered == snapshot.read_text()
