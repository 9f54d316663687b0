"""Run the selected rules over a project once: findings, minus suppressed and baselined ones.

A one-shot run of the same checker the language server keeps between edits
(``incremental.IncrementalChecker``), so both report exactly alike. A rule
that crashes on some POU is reported as an internal error for that rule and
POU, and the check goes on: one bug in one rule must not hide every other
finding from a CI pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from werk.tools.st.model.project import Project
from werk.tools.st.rules.incremental import IncrementalChecker
from werk.tools.st.rules.results import CheckResult, SourceCache
from werk.tools.st.rules.selection import RuleSettings

__all__ = ["CheckResult", "SourceCache", "run_checks"]


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
    return IncrementalChecker(project, settings).run(
        paths=paths, baseline=baseline, root=root, sources=sources
    )
