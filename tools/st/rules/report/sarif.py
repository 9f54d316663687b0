"""SARIF 2.1.0 (OASIS): what GitHub code scanning and other SARIF viewers read.

Rule metadata and help come from the rules' docstrings, so a viewer shows
the same documentation as ``docs/rules/`` and the editor. Locations are
relative to ``%SRCROOT%`` (the project root) with 1-based lines and columns
counted in Unicode code points (``columnKind: unicodeCodePoints``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from werk.tools.st.rules.baseline import fingerprint
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.report.text import FileView
from werk.tools.st.rules.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://github.com/werk-plc/werk"


def _first_paragraph(documentation: str, heading: str) -> str:
    marker = f"## {heading}"
    if marker not in documentation:
        return ""
    text = documentation.split(marker, 1)[1].split("\n## ", 1)[0]
    return " ".join(text.split())


def rule_descriptor(rule: type[Rule], severity: Severity) -> dict[str, Any]:
    documentation = rule.documentation()
    short = _first_paragraph(documentation, "What it does") or rule.name
    why = _first_paragraph(documentation, "Why is this bad?")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": f"{short} {why}".strip()},
        "help": {"text": documentation, "markdown": documentation},
        "helpUri": f"{INFORMATION_URI}/blob/main/docs/rules/{rule.code}.md",
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"category": rule.category.value, "tags": [rule.category.value, "plc"]},
    }


def render_sarif(
    findings: Iterable[Finding],
    rules: Mapping[str, tuple[type[Rule], Severity]],
    read: Callable[[Path], bytes],
    root: Path,
    version: str,
) -> str:
    codes = sorted(rules)
    index = {code: position for position, code in enumerate(codes)}
    views: dict[Path, FileView] = {}
    results = []
    for finding in findings:
        view = views.get(finding.path)
        if view is None:
            view = views[finding.path] = FileView(read(finding.path))
        results.append(_result(finding, index, view, root))
    run = {
        "tool": {
            "driver": {
                "name": "werk",
                "informationUri": INFORMATION_URI,
                "version": version,
                "semanticVersion": version,
                "rules": [rule_descriptor(*rules[code]) for code in codes],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def _uri(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def _region(view: FileView, start: int, end: int) -> dict[str, int]:
    line, column = view.line_column(start)
    end_line, end_column = view.line_column(max(start, end))
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _result(
    finding: Finding, index: Mapping[str, int], view: FileView, root: Path
) -> dict[str, Any]:
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.path, root), "uriBaseId": "%SRCROOT%"},
            "region": _region(view, finding.start, finding.end),
        }
    }
    line_text = view.line_text(view.line_column(finding.start)[0])
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"werk/v1": fingerprint(finding, root, line_text)},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.related:
        result["message"]["text"] += " (" + "; ".join(finding.related) + ")"
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{finding.fix.title} ({finding.fix.safety.value})"},
                "artifactChanges": [
                    {
                        "artifactLocation": {
                            "uri": _uri(edit.path, root),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "replacements": [
                            {
                                "deletedRegion": _region(view, edit.start, edit.end),
                                "insertedContent": {
                                    "text": edit.replacement.decode("utf-8", "replace")
                                },
                            }
                        ],
                    }
                    for edit in finding.fix.edits
                    if edit.path == finding.path
                ],
            }
        ]
    return result
