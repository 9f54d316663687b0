"""Parse errors and rule findings as LSP diagnostics, at the user's own positions.

Findings carry byte offsets of the user's file (inside the XML for TwinCAT
files), so one conversion per file gives the editor the same places
``werk check`` prints. Each diagnostic keeps its rule code, so the quick
fixes and the suppression action find their finding again.

Diagnostics are built as the JSON the client receives (``Diagnostic`` in
the LSP specification), not as lsprotocol objects: a 30,000-line file has
1,500 of them after every edit, and the objects and their conversion by
cattrs cost four times as much (see ``protocol.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.tools.st.rules.finding import Finding, Severity

SOURCE = "werk"
SYNTAX_CODE = "syntax"
UNREADABLE_CODE = "unreadable"
TOO_LARGE_CODE = "too-large"

DiagnosticJson = dict[str, Any]
"""An LSP ``Diagnostic`` as JSON (camelCase keys, severities and tags as numbers)."""

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error.value,
    Severity.WARNING: types.DiagnosticSeverity.Warning.value,
    Severity.INFO: types.DiagnosticSeverity.Information.value,
}
_UNNECESSARY = [types.DiagnosticTag.Unnecessary.value]


def finding_diagnostic(finding: Finding, converter: PositionConverter) -> DiagnosticJson:
    message = finding.message
    if finding.related:
        message += "".join(f"\n{note}" for note in finding.related)
    diagnostic: DiagnosticJson = {
        "range": converter.json_range(finding.start, finding.end),
        "message": message,
        "severity": _SEVERITY[finding.severity],
        "code": finding.code,
        "source": SOURCE,
        "data": {"rule": finding.rule, "fixable": finding.fix is not None},
    }
    # Editors grey out unused and unreachable code when told so.
    if finding.rule.startswith("unused") or finding.rule == "unreachable-code":
        diagnostic["tags"] = _UNNECESSARY
    return diagnostic


def syntax_diagnostic(
    start: int, end: int, message: str, converter: PositionConverter
) -> DiagnosticJson:
    return {
        "range": converter.json_range(start, max(end, start)),
        "message": message,
        "severity": types.DiagnosticSeverity.Error.value,
        "code": SYNTAX_CODE,
        "source": SOURCE,
    }


def unreadable_diagnostic(message: str) -> DiagnosticJson:
    """A file werk cannot read at all (broken XML): one diagnostic at its start."""
    return _at_file_start(message, types.DiagnosticSeverity.Error, UNREADABLE_CODE)


def too_large_diagnostic(limit: int) -> DiagnosticJson:
    """A file over ``st.analysis_limit``: say why rules and navigation stop at its declarations."""
    message = (
        f"werk reads only the declarations of this file: it is larger than "
        f"st.analysis_limit ({limit:,} bytes), so its statements are not analysed "
        "(no rule findings, no navigation inside code); raise the limit in werk.toml "
        "to analyse it"
    )
    return _at_file_start(message, types.DiagnosticSeverity.Information, TOO_LARGE_CODE)


def _at_file_start(message: str, severity: types.DiagnosticSeverity, code: str) -> DiagnosticJson:
    start = {"line": 0, "character": 0}
    return {
        "range": {"start": start, "end": start},
        "message": message,
        "severity": severity.value,
        "code": code,
        "source": SOURCE,
    }


def findings_by_path(findings: Iterable[Finding]) -> dict[Path, list[Finding]]:
    grouped: dict[Path, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.path, []).append(finding)
    return grouped
