"""What a rule reports: a finding at a span of the user's file, maybe with a fix.

Positions are byte offsets of the user's own file (inside the XML for
TwinCAT and PLCopen files), so every output format, the language server and
``--fix`` agree on where a finding is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FixSafety(StrEnum):
    SAFE = "safe"  # cannot change behaviour: applied by --fix
    UNSAFE = "unsafe"  # may change behaviour: only with --unsafe-fixes, and reviewed


@dataclass(frozen=True)
class TextEdit:
    """Replace ``path``'s bytes ``[start, end)`` by ``replacement``."""

    path: Path
    start: int
    end: int
    replacement: bytes


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[TextEdit, ...]
    safety: FixSafety = FixSafety.SAFE


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    path: Path
    start: int  # byte offsets in the user's file
    end: int
    severity: Severity
    rule: str  # the rule's name, e.g. "real-equality"
    pou: str | None = None  # qualified name of the POU it is in
    fix: Fix | None = None
    related: tuple[str, ...] = field(default=())  # short notes: "first written here: 12:5"

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.path), self.start, self.code)

    def moved(self, delta: int) -> Finding:
        """The same finding after text was inserted (``delta`` > 0) or removed before it.

        An edit elsewhere in a file moves the findings after it; reusing them
        moved is what keeps a re-check after a keystroke in milliseconds (built
        directly: ``dataclasses.replace`` costs three times as much, and an edit
        near the top of a large file moves hundreds of findings).
        """
        fix = self.fix
        if fix is not None:
            edits = tuple(
                TextEdit(edit.path, edit.start + delta, edit.end + delta, edit.replacement)
                if edit.path == self.path
                else edit
                for edit in fix.edits
            )
            fix = Fix(fix.title, edits, fix.safety)
        return Finding(
            self.code,
            self.message,
            self.path,
            self.start + delta,
            self.end + delta,
            self.severity,
            self.rule,
            self.pou,
            fix,
            self.related,
        )
