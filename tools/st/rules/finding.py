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
