"""JSON for programs and GitHub workflow commands for CI logs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.report.text import FileView


def _views(read: Callable[[Path], bytes]) -> Callable[[Path], FileView]:
    cache: dict[Path, FileView] = {}

    def view(path: Path) -> FileView:
        if path not in cache:
            cache[path] = FileView(read(path))
        return cache[path]

    return view


def render_json(
    findings: Iterable[Finding], read: Callable[[Path], bytes], shown: Callable[[Path], str] = str
) -> str:
    view = _views(read)
    rows = []
    for finding in findings:
        line, column = view(finding.path).line_column(finding.start)
        end_line, end_column = view(finding.path).line_column(finding.end)
        rows.append(
            {
                "code": finding.code,
                "rule": finding.rule,
                "severity": finding.severity.value,
                "message": finding.message,
                "file": shown(finding.path),
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "pou": finding.pou,
                "related": list(finding.related),
                "fix": None
                if finding.fix is None
                else {
                    "title": finding.fix.title,
                    "safety": finding.fix.safety.value,
                    "edits": [
                        {
                            "file": shown(edit.path),
                            "start": edit.start,
                            "end": edit.end,
                            "replacement": edit.replacement.decode("utf-8", "replace"),
                        }
                        for edit in finding.fix.edits
                    ],
                },
            }
        )
    return json.dumps(rows, indent=2) + "\n"


GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_property(text: str) -> str:
    return (
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(
    findings: Iterable[Finding], read: Callable[[Path], bytes], shown: Callable[[Path], str] = str
) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    view = _views(read)
    lines = []
    for finding in findings:
        line, column = view(finding.path).line_column(finding.start)
        end_line, end_column = view(finding.path).line_column(finding.end)
        properties = ",".join(
            [
                f"file={_escape_property(shown(finding.path))}",
                f"line={line}",
                f"col={column}",
                f"endLine={end_line}",
                f"endColumn={end_column}",
                f"title={_escape_property(f'{finding.code} {finding.rule}')}",
            ]
        )
        level = GITHUB_LEVEL[finding.severity.value]
        lines.append(f"::{level} {properties}::{_escape_data(finding.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
