"""Inline suppressions: ``(* werk: ignore CP8 -- reason *)`` or ``// werk: ignore CP8 reason``.

Engineers adopt a linter when a justified exception costs one comment. Scope:

- on a line with code: that line;
- alone on its line, before a POU header or inside its declaration part:
  the whole POU;
- alone on its line elsewhere: the next line of code.

Codes may be listed (``CP8, CP28``) or ``all``. The reason is kept and shown
by ``werk check --show-suppressed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from werk.tools.st.model.symbols import Pou
from werk.tools.st.rules.finding import Finding
from werk.tools.text.lines import LineIndex

_SUPPRESSION = re.compile(
    rb"(?:\(\*|//|/\*)\s*werk:\s*ignore\s+(?P<codes>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)"
    rb"(?:\s*(?:--|:|-)?\s*(?P<reason>.*?))?\s*(?:\*\)|\*/|$)",
    re.MULTILINE,
)
_POU_HEADER = re.compile(
    rb"^\s*(?:\{[^}]*\}\s*)*(?:FUNCTION_BLOCK|FUNCTION|PROGRAM|METHOD|PROPERTY|ACTION|INTERFACE)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Suppression:
    codes: frozenset[str]  # upper case; "ALL" for every rule
    reason: str | None
    path: Path
    start: int  # file span covered
    end: int
    comment_line: int  # 1-based, for messages

    def covers(self, finding: Finding) -> bool:
        if finding.path != self.path or not self.start <= finding.start < self.end:
            return False
        return "ALL" in self.codes or finding.code.upper() in self.codes


def find_suppressions(path: Path, data: bytes, pous: Iterable[Pou]) -> list[Suppression]:
    matches = list(_SUPPRESSION.finditer(data))
    if not matches:  # the common case: mapping every POU's span back would cost the most
        return []
    lines = LineIndex(data)
    pou_spans = sorted(
        (pou.span.file_span(), _declaration_end(pou)) for pou in pous if pou.span.unit.path == path
    )
    found: list[Suppression] = []
    for match in matches:
        codes = frozenset(c.strip().upper() for c in match.group("codes").decode().split(","))
        reason = (match.group("reason") or b"").decode("utf-8", "replace").strip() or None
        position = lines.position(match.start())
        line_start = lines.starts[position.line]
        line_end = _line_end(data, match.start())
        before = data[line_start : match.start()].strip()
        comment_line = position.line + 1
        if before:  # on a line with code: that line
            found.append(Suppression(codes, reason, path, line_start, line_end, comment_line))
            continue
        next_start = _next_code_line(data, line_end)
        pou_scope = _pou_scope(next_start, match.start(), pou_spans, data)
        if pou_scope is not None:
            found.append(Suppression(codes, reason, path, *pou_scope, comment_line))
        else:
            found.append(
                Suppression(
                    codes, reason, path, next_start, _line_end(data, next_start), comment_line
                )
            )
    return found


def _pou_scope(
    next_line: int, comment: int, spans: list[tuple[tuple[int, int], int]], data: bytes
) -> tuple[int, int] | None:
    for (start, end), declarations_end in spans:
        if start <= comment < declarations_end:  # inside the declaration part
            return start, end
        if next_line == _line_start(data, start) and _POU_HEADER.match(data[next_line:]):
            return start, end
    return None


def _declaration_end(pou: Pou) -> int:
    """Where a POU's statements begin (its declaration part ends) in the file."""
    if pou.body:
        first = min(node.start_byte for node in pou.body)
        return pou.span.unit.file_span(first, first)[0]
    return pou.span.file_span()[1]


def _line_end(data: bytes, offset: int) -> int:
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end + 1


def _line_start(data: bytes, offset: int) -> int:
    return data.rfind(b"\n", 0, offset) + 1


def _next_code_line(data: bytes, offset: int) -> int:
    while offset < len(data):
        end = _line_end(data, offset)
        if data[offset:end].strip():
            return offset
        offset = end
    return len(data)
