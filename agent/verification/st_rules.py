"""Gate step 2: no new rule finding at error severity.

The rules ``[rules]`` selects run over the whole project (a change in one
file can make a finding appear in another: a global now written by two
programs). Findings are identified as ``werk check --baseline`` identifies
them (code, file, POU, message and the text of the line, not the line
number, which moves with every edit), so the findings of a legacy project
are not blamed on the agent: only error findings beyond the baseline's
count fail the step. Warnings never fail it; ``run_check`` shows them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.tools.positions import SourcePositions
from werk.agent.verification.result import GateBaseline, GateStep
from werk.tools.st.rules.baseline import fingerprint
from werk.tools.st.rules.finding import Finding, Severity
from werk.tools.st.rules.results import CheckResult, SourceCache

NAME = "st-rules"
MAX_SHOWN = 30


def check_project(context: ToolContext, paths: Iterable[Path] | None = None) -> CheckResult:
    """Every finding of the configured rules (in ``paths``, default: the whole project)."""
    from werk.tools.st.rules.runner import run_checks

    return run_checks(context.project(), context.rule_settings(), paths=paths, root=context.root)


def fingerprints(context: ToolContext, findings: Iterable[Finding]) -> list[str]:
    sources = SourceCache()
    return [fingerprint(f, context.root, sources.line_text(f.path, f.start)) for f in findings]


def errors_of(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity is Severity.ERROR]


def baseline_findings(context: ToolContext) -> Counter[str]:
    return Counter(fingerprints(context, errors_of(check_project(context).findings)))


def describe(finding: Finding, positions: SourcePositions) -> str:
    """``path:line:col: severity CODE message`` as the model reads it."""
    where = positions.describe(finding.path, finding.start)
    related = "".join(f" ({note})" for note in finding.related[:2])
    return f"{where}: {finding.severity.value} {finding.code} {finding.message}{related}"


def new_findings(
    context: ToolContext, findings: list[Finding], baseline: GateBaseline | None
) -> tuple[list[Finding], list[Finding]]:
    """``findings`` split into those beyond the baseline and those it already had."""
    known = Counter(baseline.error_findings) if baseline is not None else Counter()
    new, old = [], []
    for finding, mark in zip(findings, fingerprints(context, findings), strict=True):
        if known[mark] > 0:
            known[mark] -= 1
            old.append(finding)
        else:
            new.append(finding)
    return new, old


def check_rules(context: ToolContext, baseline: GateBaseline | None) -> GateStep:
    result = check_project(context)
    errors = errors_of(result.findings)
    new, old = new_findings(context, errors, baseline)
    preexisting = f"{plural(len(old), 'error finding')} in the project" if old else ""
    if result.rule_errors:
        preexisting += ("; " if preexisting else "") + (
            f"{plural(len(result.rule_errors), 'rule')} failed internally"
        )
    warnings = len(result.findings) - len(errors)
    if not new:
        summary = f"no new error findings ({plural(warnings, 'warning')} not counted)"
        return GateStep(NAME, True, False, summary, preexisting=preexisting)
    positions = SourcePositions(context.root)
    shown = [describe(finding, positions) for finding in new[:MAX_SHOWN]]
    if len(new) > len(shown):
        shown.append(f"... and {len(new) - len(shown)} more")
    return GateStep(
        NAME,
        False,
        False,
        f"{plural(len(new), 'new error finding')}",
        "\n".join(shown),
        preexisting,
    )
