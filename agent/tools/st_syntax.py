"""Syntax errors of one ST file (plain, TwinCAT or PLCopen) at positions of the file itself.

The file is read the way every werk feature reads it: its ST extracted from
the container, dialect constructs lowered to standard ST, then parsed; each
error is mapped back through the lowering and the container to a line and
column of the file the model edits. A container that no longer reads as
XML is one problem at the position the XML parser names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from werk.tools.errors import WerkError
from werk.tools.st.document import Dialect
from werk.tools.st.source_file import StSourceFile
from werk.tools.text.lines import LineIndex

_WHERE = re.compile(r":(\d+):(\d+): ")


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based; 0 when unknown
    column: int  # 1-based, in characters
    message: str

    def describe(self, shown_path: str) -> str:
        if self.line <= 0:
            return f"{shown_path}: {self.message}"
        return f"{shown_path}:{self.line}:{self.column}: {self.message}"


def is_st_file(path: Path, data: bytes, dialect: Dialect | None = None) -> bool:
    """Whether werk reads Structured Text from this file (plain ST/SCL, TwinCAT, PLCopen)."""
    from werk.tools.st.containers import documents_for

    try:
        return bool(documents_for(path, data, dialect))
    except WerkError:
        return True  # a broken container is still an ST file: its problem gets reported


def syntax_problems(path: Path, data: bytes, dialect: Dialect | None = None) -> list[SyntaxProblem]:
    """Every syntax error of the file, in file order."""
    try:
        source = StSourceFile.load(path, data, dialect)
    except WerkError as exc:
        where = _WHERE.search(exc.message)
        line, column = (int(where[1]), int(where[2])) if where else (0, 0)
        message = exc.message[where.end() :] if where else exc.message
        return [SyntaxProblem(line, column, message)]
    lines = LineIndex(data)
    problems = []
    for unit in source.units:
        for issue in unit.issues:
            start, _ = unit.file_span(issue.start, issue.end)
            position = lines.position(start)
            line_start = lines.starts[position.line]
            column = len(data[line_start:start].decode("utf-8", "replace")) + 1
            problems.append(SyntaxProblem(position.line + 1, column, issue.message))
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))
