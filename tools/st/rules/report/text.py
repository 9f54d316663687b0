"""Compiler-style text: ``file:line:col: severity: CODE message``, the line, a caret."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from werk.tools.st.rules.finding import Finding
from werk.tools.text.lines import LineIndex


class FileView:
    """Line and character-column lookups for one file (columns count characters, 1-based)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.lines = LineIndex(data)

    def line_column(self, offset: int) -> tuple[int, int]:
        position = self.lines.position(offset)
        start = self.lines.starts[position.line]
        return position.line + 1, len(self.data[start:offset].decode("utf-8", "replace")) + 1

    def line_text(self, line: int) -> str:
        start = self.lines.starts[line - 1]
        end = self.data.find(b"\n", start)
        return (
            self.data[start : len(self.data) if end < 0 else end]
            .decode("utf-8", "replace")
            .rstrip("\r")
        )


def render_text(
    findings: Iterable[Finding], read: Callable[[Path], bytes], shown: Callable[[Path], str] = str
) -> str:
    views: dict[Path, FileView] = {}
    blocks = []
    for finding in findings:
        view = views.get(finding.path)
        if view is None:
            view = views[finding.path] = FileView(read(finding.path))
        line, column = view.line_column(finding.start)
        end_line, end_column = view.line_column(max(finding.start, finding.end))
        source = view.line_text(line).expandtabs(4)
        width = max(1, (end_column - column) if end_line == line else len(source) - column + 1)
        gutter = " " * len(str(line))
        head = (
            f"{shown(finding.path)}:{line}:{column}: {finding.severity.value}: "
            f"{finding.code} {finding.message} [{finding.rule}]"
        )
        lines = [head, f" {line} | {source}", f" {gutter} | {' ' * (column - 1)}{'^' * width}"]
        lines.extend(f" {gutter} = note: {note}" for note in finding.related)
        if finding.fix is not None:
            lines.append(f" {gutter} = fix ({finding.fix.safety.value}): {finding.fix.title}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + ("\n" if blocks else "")
