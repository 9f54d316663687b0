"""Rule selection: codes, prefixes, categories, ignore, severity, preview rules."""

from __future__ import annotations

from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.registry import all_rules
from werk.tools.st.rules.selection import RuleSettings, enabled_rules


def chosen(**settings: object) -> dict[str, Severity]:
    return {
        code: severity
        for code, (_, severity) in enabled_rules(RuleSettings(**settings), all_rules()).items()
    }


def test_defaults_leave_out_rules_that_are_off_by_default() -> None:
    default = chosen()
    assert "CP8" in default and "CP24" in default
    off = {code for code, rule in all_rules().items() if not rule.enabled_by_default}
    assert not off & set(default)


def test_an_exact_code_is_not_a_prefix() -> None:
    assert set(chosen(select=("CP2",))) == {"CP2"}
    assert {"CP20", "CP24", "CP28"} <= set(chosen(select=("CP",)))


def test_category_and_ignore() -> None:
    types_only = chosen(select=("types",))
    assert "CP8" in types_only and "CP24" not in types_only
    assert "CP8" not in chosen(ignore=("CP8",))
    assert "CP8" in chosen(select=("CP8",), ignore=("types",))  # the exact code wins


def test_severity_overrides_by_specificity() -> None:
    levels = chosen(severity={"types": Severity.ERROR, "CP8": Severity.INFO})
    assert levels["CP8"] is Severity.INFO
    assert levels["CP28"] is Severity.ERROR
