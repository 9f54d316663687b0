"""Re-check after an edit in milliseconds: rules re-run only where the analysis changed.

The language server and the agent check after every edit. Per-POU rules
depend on the POU's declarations, its analysis and the interfaces of what it
uses; when none of these changed (the same objects, or an analysis only
re-pointed at equal declarations) their findings are reused, shifted by
however far the POU moved in its file.
Project-wide rules (recursion, addresses, globals across programs) run again,
but on summaries: each POU's facts are kept while its analysis stands
(``Project.derived``), merged tables are updated by difference
(``SummaryIndex``) and findings are remade only when their unit changed
(``FindingMemo``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.memo import unit_start
from werk.tools.st.rules.registry import all_rules
from werk.tools.st.rules.results import CheckResult, SourceCache, filter_findings
from werk.tools.st.rules.rule import Rule, RuleContext
from werk.tools.st.rules.selection import RuleSettings, enabled_rules

log = logging.getLogger(__name__)


@dataclass
class _Cached:
    analysis: PouAnalysis
    base: int  # where the POU's unit started in its file when the findings were made
    findings: list[Finding]


def _unit_base(pou: Pou) -> int:
    return unit_start(pou.location.unit)


class IncrementalChecker:
    def __init__(self, project: Project, settings: RuleSettings) -> None:
        self.project = project
        self.settings = settings
        chosen = enabled_rules(settings, all_rules())
        self.rules: list[Rule] = [
            rule(RuleContext(project, settings.options.get(code, {})), severity)
            for code, (rule, severity) in chosen.items()
        ]
        self._cache: dict[Pou, _Cached] = {}

    def check(self, *, project_rules: bool = True) -> list[Finding]:
        """The current findings, suppressions applied."""
        return self.run(project_rules=project_rules).findings

    def run(
        self,
        *,
        project_rules: bool = True,
        paths: Iterable[Path] | None = None,
        baseline: Counter[str] | None = None,
        root: Path | None = None,
        sources: SourceCache | None = None,
    ) -> CheckResult:
        """Check the project; ``project_rules=False`` runs only the per-POU rules.

        The language server publishes the per-POU findings of an edit at once and
        runs the project-wide rules (recursion, address overlaps, globals written
        by several programs...) after typing pauses; ``werk check`` runs both.
        ``paths`` limits the findings to those files; ``baseline`` sets aside the
        findings it records.
        """
        result = CheckResult(rules_run=[rule.code for rule in self.rules])
        selected = {p.resolve() for p in paths} if paths is not None else None
        raw: list[Finding] = []
        live: dict[Pou, _Cached] = {}
        for pou in self.project.all_pous():
            if pou.location.unit.symbols_only:
                continue
            if selected is not None and pou.location.unit.path.resolve() not in selected:
                continue
            analysis = self.project.analysis(pou)
            base = _unit_base(pou)
            cached = self._cache.get(pou)
            if cached is not None and analysis.retargeted_from is cached.analysis:
                # Only the declarations it uses were replaced, by equal ones.
                cached = _Cached(analysis, cached.base, cached.findings)
            if cached is not None and cached.analysis is analysis:
                if cached.base != base:
                    cached = _Cached(
                        analysis, base, [f.moved(base - cached.base) for f in cached.findings]
                    )
            else:
                cached = _Cached(analysis, base, self._pou_findings(pou, analysis, result))
            live[pou] = cached
            raw.extend(cached.findings)
        self._cache = live
        for rule in self.rules if project_rules else ():
            try:
                raw.extend(rule.check_project())
                rule.memo.forget_unused()
            except Exception as exc:  # a broken rule must not hide the other findings
                log.exception("rule %s failed on the project", rule.code)
                result.rule_errors.append(f"{rule.code} failed on the project: {exc!r}")
        if selected is not None:
            raw = [f for f in raw if f.path.resolve() in selected]
        return filter_findings(
            raw,
            self.project,
            result,
            baseline=baseline,
            root=root,
            sources=sources or SourceCache(),
        )

    def _pou_findings(self, pou: Pou, analysis: PouAnalysis, result: CheckResult) -> list[Finding]:
        found: list[Finding] = []
        for rule in self.rules:
            try:
                found.extend(rule.check_pou(pou, analysis))
            except Exception as exc:
                log.exception("rule %s failed on %s", rule.code, pou.qualified_name)
                result.rule_errors.append(f"{rule.code} failed on {pou.qualified_name}: {exc!r}")
        return found
