"""The rule documentation pages under ``docs/rules/``, generated from the rules' docstrings.

One page per rule plus an index. ``werk rules --write-docs docs/rules``
writes them; a test fails when the committed pages drift from the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from werk.tools.st.rules.rule import Rule


def rule_page(rule: type[Rule]) -> str:
    facts = [
        ("Code", f"`{rule.code}`"),
        ("Name", f"`{rule.name}`"),
        ("Default severity", rule.severity.value),
        ("Category", rule.category.value),
        ("Status", rule.status.value),
        ("Enabled by default", "yes" if rule.enabled_by_default else "no (select it)"),
        ("Fix", rule.fix_title or "none"),
        ("Since", rule.since),
    ]
    if rule.default_options:
        options = ", ".join(f"`{k}` = `{v!r}`" for k, v in rule.default_options.items())
        facts.append(("Options", options))
    table = "\n".join(f"| {name} | {value} |" for name, value in facts)
    body = rule.documentation().replace("## ", "### ")
    return f"# {rule.code}: {rule.name}\n\n| | |\n|---|---|\n{table}\n\n{body}\n"


def index_page(rules: Mapping[str, type[Rule]]) -> str:
    rows = "\n".join(
        f"| [{code}]({code}.md) | `{rule.name}` | {rule.category.value} | {rule.severity.value} "
        f"| {'yes' if rule.enabled_by_default else 'no'} | {'yes' if rule.fix_title else ''} |"
        for code, rule in rules.items()
    )
    return (
        "# werk rules\n\n"
        "Generated from the rules' docstrings by `werk rules --write-docs docs/rules`; "
        "do not edit by hand.\n\n"
        "| code | name | category | severity | default | fix |\n"
        "|---|---|---|---|---|---|\n"
        f"{rows}\n"
    )


def expected_pages(rules: Mapping[str, type[Rule]]) -> dict[str, str]:
    pages = {f"{code}.md": rule_page(rule) for code, rule in rules.items()}
    pages["README.md"] = index_page(rules)
    return pages


def write_docs(folder: Path, rules: Mapping[str, type[Rule]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = expected_pages(rules)
    for stale in folder.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
