"""Every rule documents itself with the fixed headings, and docs/rules/ matches the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.st.rules.docs import expected_pages
from werk.tools.st.rules.registry import all_rules

HEADINGS = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
    "## References",
]
DOCS = Path(__file__).parents[4] / "docs" / "rules"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_documentation_has_the_headings_in_order(code: str) -> None:
    rule = all_rules()[code]
    text = rule.documentation()
    positions = [text.find(heading) for heading in HEADINGS]
    assert all(p >= 0 for p in positions), f"{code} lacks {HEADINGS[positions.index(-1)]}"
    assert positions == sorted(positions), f"{code}: headings out of order"
    assert "```st" in text, f"{code}: the example needs an ```st block"
    references = text.split("## References", 1)[1]
    assert "PLCopen" in references or "CODESYS" in references, (
        f"{code}: name the guideline or SA id"
    )


def test_rule_codes_and_names_are_unique() -> None:
    rules = all_rules()
    names = [rule.name for rule in rules.values()]
    assert len(names) == len(set(names))
    assert len(rules) >= 2


def test_generated_docs_match_the_code() -> None:
    expected = expected_pages(all_rules())
    actual = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    stale = sorted(set(actual) - set(expected))
    missing = sorted(set(expected) - set(actual))
    changed = sorted(name for name in expected if name in actual and actual[name] != expected[name])
    assert (stale, missing, changed) == ([], [], []), (
        "docs/rules/ drifted from the rules: run `werk rules --write-docs docs/rules`"
    )
