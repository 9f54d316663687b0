"""Parse errors and rule findings as LSP diagnostics, at the user's own positions.

Findings carry byte offsets of the user's file (inside the XML for TwinCAT
files), so one conversion per file gives the editor the same places
``werk check`` prints. Each diagnostic keeps its rule code, so the quick
fixes and the suppression action find their finding again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.tools.st.rules.finding import Finding, Severity

SOURCE = "werk"
SYNTAX_CODE = "syntax"
UNREADABLE_CODE = "unreadable"
TOO_LARGE_CODE = "too-large"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def finding_diagnostic(finding: Finding, converter: PositionConverter) -> types.Diagnostic:
    message = finding.message
    if finding.related:
        message += "".join(f"\n{note}" for note in finding.related)
    return types.Diagnostic(
        range=converter.range(finding.start, finding.end),
        message=message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        tags=_tags(finding),
        data={"rule": finding.rule, "fixable": finding.fix is not None},
    )


def _tags(finding: Finding) -> list[types.DiagnosticTag] | None:
    """Editors grey out unused and unreachable code when told so."""
    if finding.rule.startswith("unused") or finding.rule == "unreachable-code":
        return [types.DiagnosticTag.Unnecessary]
    return None


def syntax_diagnostic(
    start: int, end: int, message: str, converter: PositionConverter
) -> types.Diagnostic:
    return types.Diagnostic(
        range=converter.range(start, max(end, start)),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        code=SYNTAX_CODE,
        source=SOURCE,
    )


def unreadable_diagnostic(message: str) -> types.Diagnostic:
    """A file werk cannot read at all (broken XML): one diagnostic at its start."""
    return _at_file_start(message, types.DiagnosticSeverity.Error, UNREADABLE_CODE)


def too_large_diagnostic(limit: int) -> types.Diagnostic:
    """A file over ``st.analysis_limit``: say why rules and navigation stop at its declarations."""
    message = (
        f"werk reads only the declarations of this file: it is larger than "
        f"st.analysis_limit ({limit:,} bytes), so its statements are not analysed "
        "(no rule findings, no navigation inside code); raise the limit in werk.toml "
        "to analyse it"
    )
    return _at_file_start(message, types.DiagnosticSeverity.Information, TOO_LARGE_CODE)


def _at_file_start(message: str, severity: types.DiagnosticSeverity, code: str) -> types.Diagnostic:
    start = types.Position(0, 0)
    return types.Diagnostic(
        range=types.Range(start, start),
        message=message,
        severity=severity,
        code=code,
        source=SOURCE,
    )


def findings_by_path(findings: Iterable[Finding]) -> dict[Path, list[Finding]]:
    grouped: dict[Path, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.path, []).append(finding)
    return grouped
