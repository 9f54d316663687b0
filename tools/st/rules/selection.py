"""Which rules run, at what severity, with which options.

Mirrors ruff's selection model: ``select`` and ``ignore`` take rule codes,
code prefixes (``CP`` selects every PLCopen rule) or category names
(``scan-cycle``); the most specific match wins, ignore beats select at equal
specificity. Preview rules run only when selected by their exact code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from werk.tools.errors import ConfigError
from werk.tools.st.rules.finding import Severity
from werk.tools.st.rules.rule import Rule, Status


@dataclass(frozen=True)
class RuleSettings:
    select: tuple[str, ...] = ()  # empty: the default set
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code, prefix or category
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # code -> options


def _specificity(selector: str, rule: type[Rule], codes: frozenset[str] = frozenset()) -> int:
    """How precisely ``selector`` names ``rule``: 3 code, 2 category, 1 prefix, 0 not at all.

    A selector that is itself a rule's code is never a prefix: ``CP2`` is the
    unreachable-code rule, not also CP20 to CP28.
    """
    wanted = selector.strip()
    if wanted.upper() == rule.code.upper() or wanted.lower() == rule.name:
        return 3
    if wanted.lower() == rule.category.value:
        return 2
    if wanted.upper() == "ALL":
        return 1
    if wanted and wanted.upper() not in codes and rule.code.upper().startswith(wanted.upper()):
        return 1
    return 0


def check_selectors(selectors: Sequence[str], rules: Mapping[str, type[Rule]], where: str) -> None:
    codes = frozenset(code.upper() for code in rules)
    for selector in selectors:
        if not any(_specificity(selector, rule, codes) for rule in rules.values()):
            raise ConfigError(
                f"{where}: {selector!r} names no rule, category or code prefix; "
                "see `werk rules` for the list"
            )


def enabled_rules(
    settings: RuleSettings, rules: Mapping[str, type[Rule]]
) -> dict[str, tuple[type[Rule], Severity]]:
    """The rules to run, each with its effective severity."""
    chosen: dict[str, tuple[type[Rule], Severity]] = {}
    codes = frozenset(code.upper() for code in rules)
    for code, rule in rules.items():
        selected = max((_specificity(s, rule, codes) for s in settings.select), default=0)
        ignored = max((_specificity(s, rule, codes) for s in settings.ignore), default=0)
        if rule.status is Status.DEPRECATED and selected < 3:
            continue
        if rule.status is Status.PREVIEW and selected < 3:
            continue
        on = rule.enabled_by_default if not settings.select else selected > 0
        if selected and not settings.select:
            on = True
        if ignored and ignored >= selected:
            on = False
        if not on:
            continue
        severity = rule.severity
        best = 0
        for selector, level in settings.severity.items():
            specificity = _specificity(selector, rule, codes)
            if specificity > best:
                best, severity = specificity, Severity(level)
        chosen[code] = (rule, severity)
    return chosen


def settings_from(
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    extra_select: Sequence[str] = (),
    extra_ignore: Sequence[str] = (),
    rules: Mapping[str, type[Rule]] | None = None,
) -> RuleSettings:
    """Settings from a ``[rules]`` table plus command-line or editor selections
    (``extra_select`` replaces ``select``; ``extra_ignore`` adds to ``ignore``).

    Every selector is checked: a misspelt code would otherwise silently
    check nothing, or everything.
    """
    from werk.tools.st.rules.registry import all_rules

    rules = rules if rules is not None else all_rules()
    split_select = _split(extra_select)
    split_ignore = _split(extra_ignore)
    check_selectors(select, rules, "[rules] select")
    check_selectors(ignore, rules, "[rules] ignore")
    check_selectors(list(severity or {}), rules, "[rules.severity]")
    check_selectors(split_select, rules, "--select")
    check_selectors(split_ignore, rules, "--ignore")
    unknown = [code for code in options or {} if code not in rules]
    if unknown:
        raise ConfigError(f"[rules.options]: no rule with code {', '.join(unknown)}")
    return RuleSettings(
        select=tuple(split_select or select),
        ignore=(*ignore, *split_ignore),
        severity={key: Severity(value) for key, value in (severity or {}).items()},
        options=dict(options or {}),
    )


def _split(items: Sequence[str]) -> tuple[str, ...]:
    """``("CP8,CP28", "N1")`` -> ``("CP8", "CP28", "N1")``."""
    return tuple(part.strip() for item in items for part in item.split(",") if part.strip())
