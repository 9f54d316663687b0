"""What a check produced, and the last step every check takes.

Findings are sorted and de-duplicated; those silenced by an inline comment
or recorded in the baseline are set aside, so ``werk check``, the language
server and the agent report alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.st.model.project import Project
from werk.tools.st.rules.baseline import fingerprint
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.suppression import Suppression, find_suppressions
from werk.tools.text.lines import LineIndex


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    baselined: int = 0
    rule_errors: list[str] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)


class SourceCache:
    """File bytes and line indexes, read once per check (for suppressions and baselines)."""

    def __init__(self, known: dict[Path, bytes] | None = None) -> None:
        """``known``: texts newer than the files on disk (an editor's unsaved buffers)."""
        self._data: dict[Path, bytes] = dict(known or {})
        self._lines: dict[Path, LineIndex] = {}

    def data(self, path: Path) -> bytes:
        if path not in self._data:
            try:
                self._data[path] = path.read_bytes()
            except OSError:
                self._data[path] = b""
        return self._data[path]

    def line_text(self, path: Path, offset: int) -> str:
        data = self.data(path)
        if path not in self._lines:
            self._lines[path] = LineIndex(data)
        position = self._lines[path].position(offset)
        start = self._lines[path].starts[position.line]
        end = data.find(b"\n", start)
        return data[start : len(data) if end < 0 else end].decode("utf-8", "replace")


def filter_findings(
    raw: list[Finding],
    project: Project,
    result: CheckResult,
    *,
    baseline: Counter[str] | None = None,
    root: Path | None = None,
    sources: SourceCache,
) -> CheckResult:
    """Sort and de-duplicate findings; set aside the suppressed and the baselined ones."""
    suppressions = _suppressions(project, {f.path for f in raw}, sources)
    remaining = Counter(baseline or {})
    for finding in sorted(set(raw), key=Finding.sort_key):
        covering = next((s for s in suppressions.get(finding.path, []) if s.covers(finding)), None)
        if covering is not None:
            result.suppressed.append((finding, covering))
            continue
        if remaining:
            line = sources.line_text(finding.path, finding.start)
            mark = fingerprint(finding, root or Path.cwd(), line)
            if remaining[mark] > 0:
                remaining[mark] -= 1
                result.baselined += 1
                continue
        result.findings.append(finding)
    return result


def _suppressions(
    project: Project, paths: set[Path], sources: SourceCache
) -> dict[Path, list[Suppression]]:
    pous = list(project.all_pous())
    return {path: find_suppressions(path, sources.data(path), pous) for path in paths}
