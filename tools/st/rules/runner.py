"""Run the selected rules over a project: findings, minus suppressed and baselined ones.

A rule that crashes on some POU is reported as an internal error for that
rule and POU, and the check goes on: one bug in one rule must not hide every
other finding from a CI pipeline.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.st.model.project import Project
from werk.tools.st.rules.baseline import fingerprint
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.registry import all_rules
from werk.tools.st.rules.rule import Rule, RuleContext
from werk.tools.st.rules.selection import RuleSettings, enabled_rules
from werk.tools.st.rules.suppression import Suppression, find_suppressions
from werk.tools.text.lines import LineIndex

log = logging.getLogger(__name__)


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)
    baselined: int = 0
    rule_errors: list[str] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)


class SourceCache:
    """File bytes and line indexes, read once per check (for suppressions and baselines)."""

    def __init__(self) -> None:
        self._data: dict[Path, bytes] = {}
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


def run_checks(
    project: Project,
    settings: RuleSettings,
    *,
    paths: Iterable[Path] | None = None,
    baseline: Counter[str] | None = None,
    root: Path | None = None,
    sources: SourceCache | None = None,
) -> CheckResult:
    """Every finding of the enabled rules in ``paths`` (default: the whole project)."""
    sources = sources or SourceCache()
    selected = {p.resolve() for p in paths} if paths is not None else None
    result = CheckResult()
    raw: list[Finding] = []
    pous = [
        pou
        for pou in project.all_pous()
        if not pou.location.unit.symbols_only
        and (selected is None or pou.location.unit.path.resolve() in selected)
    ]
    for code, (rule_class, severity) in enabled_rules(settings, all_rules()).items():
        result.rules_run.append(code)
        rule = rule_class(RuleContext(project, settings.options.get(code, {})), severity)
        raw.extend(_run_pou_checks(rule, pous, project, result))
        raw.extend(_run_project_check(rule, result))
    if selected is not None:
        raw = [f for f in raw if f.path.resolve() in selected]
    return filter_findings(raw, project, result, baseline=baseline, root=root, sources=sources)


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


def _run_pou_checks(
    rule: Rule, pous: list, project: Project, result: CheckResult
) -> Iterable[Finding]:
    for pou in pous:
        try:
            yield from rule.check_pou(pou, project.analysis(pou))
        except Exception as exc:  # a broken rule must not hide the other findings
            log.exception("rule %s failed on %s", rule.code, pou.qualified_name)
            result.rule_errors.append(f"{rule.code} failed on {pou.qualified_name}: {exc!r}")


def _run_project_check(rule: Rule, result: CheckResult) -> Iterable[Finding]:
    try:
        yield from rule.check_project()
    except Exception as exc:
        log.exception("rule %s failed on the project", rule.code)
        result.rule_errors.append(f"{rule.code} failed on the project: {exc!r}")


def _suppressions(
    project: Project, paths: set[Path], sources: SourceCache
) -> dict[Path, list[Suppression]]:
    pous = list(project.all_pous())
    return {path: find_suppressions(path, sources.data(path), pous) for path in paths}
