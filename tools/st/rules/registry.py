"""The one table of rules: code -> rule class, with status and version.

Built-in rules live one per module in ``werk.tools.st.rules.checks``; rule
packs from other distributions register under the ``werk.rules`` entry-point
group (a pack that fails to import is logged and skipped).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from functools import cache
from importlib.metadata import entry_points

from werk.tools.st.rules.rule import Rule

ENTRY_POINT_GROUP = "werk.rules"
log = logging.getLogger(__name__)


@cache
def all_rules() -> dict[str, type[Rule]]:
    """Every rule by code, built-in first, sorted by code."""
    from werk.tools.st.rules import checks

    found: dict[str, type[Rule]] = {}
    for module in pkgutil.iter_modules(checks.__path__):
        if module.name.startswith("_"):  # support modules: shared helpers and bases, no rules
            continue
        loaded = importlib.import_module(f"{checks.__name__}.{module.name}")
        for value in vars(loaded).values():
            is_rule = isinstance(value, type) and issubclass(value, Rule) and value is not Rule
            if is_rule and value.__module__ == loaded.__name__:
                _add(found, value, f"built-in module {module.name}")
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            value = entry.load()
            if not (isinstance(value, type) and issubclass(value, Rule)):
                raise TypeError(f"{entry.value} is not a werk Rule")
        except Exception as exc:  # a broken rule pack must never stop werk check
            log.warning("skipping rule plug-in %s: %s", entry.value, exc)
            continue
        _add(found, value, entry.value)
    return dict(sorted(found.items()))


def _add(found: dict[str, type[Rule]], rule: type[Rule], origin: str) -> None:
    if rule.code in found and found[rule.code] is not rule:
        log.warning("rule code %s from %s is already taken; skipped", rule.code, origin)
        return
    found[rule.code] = rule
