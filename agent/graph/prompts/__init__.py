"""The agent's prompt texts, kept as Markdown files beside this module.

Placeholders are ``$name`` (``string.Template``): ST code is full of braces,
so ``str.format`` would be a trap for anyone editing a prompt.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from string import Template


@cache
def prompt(name: str) -> Template:
    """The template ``<name>.md``."""
    text = importlib.resources.files(__name__).joinpath(f"{name}.md").read_text(encoding="utf-8")
    return Template(text.strip())


def render(name: str, **values: object) -> str:
    return prompt(name).substitute({key: str(value) for key, value in values.items()})
