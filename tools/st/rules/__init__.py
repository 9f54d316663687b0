"""Static analysis of Structured Text: rules engineers recognise (PLCopen, CODESYS SA ids).

``run_checks`` runs the rules a ``RuleSettings`` selects over a project's
semantic model; rules live one per module in ``checks``; reports render
findings as text, JSON, SARIF or GitHub annotations.
"""

from werk.tools.st.rules.finding import Finding, Fix, FixSafety, Severity, TextEdit
from werk.tools.st.rules.registry import all_rules
from werk.tools.st.rules.rule import Category, Rule, RuleContext, Status
from werk.tools.st.rules.runner import CheckResult, run_checks
from werk.tools.st.rules.selection import RuleSettings, enabled_rules

__all__ = [
    "Category",
    "CheckResult",
    "Finding",
    "Fix",
    "FixSafety",
    "Rule",
    "RuleContext",
    "RuleSettings",
    "Severity",
    "Status",
    "TextEdit",
    "all_rules",
    "enabled_rules",
    "run_checks",
]
