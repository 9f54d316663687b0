"""Branch names for the agent's work: ``werk/<slug>``, never one the user already has.

The slug comes from the task ("Fix the pump's dry-run protection" becomes
``fix-the-pumps-dry-run-protection``), so a reviewer can tell branches
apart in ``git branch``. A taken name gets ``-2``, ``-3``... appended rather
than reusing (and moving) a branch someone may still be looking at.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PREFIX = "werk/"
MAX_SLUG_CHARS = 48
FALLBACK_SLUG = "change"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


def slugify(text: str) -> str:
    """Lower case words joined by ``-``, cut at a word boundary; ``change`` if nothing is left."""
    words = _NOT_SLUG.sub("-", text.lower().replace("'", "")).strip("-")
    if len(words) > MAX_SLUG_CHARS:
        cut = words[:MAX_SLUG_CHARS]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return words.strip("-") or FALLBACK_SLUG


def free_branch(slug: str, exists: Callable[[str], bool]) -> str:
    """``werk/<slug>``, or the first ``werk/<slug>-N`` (N >= 2) for which ``exists`` is false."""
    base = PREFIX + slugify(slug)
    if not exists(base):
        return base
    number = 2
    while exists(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"


def valid_run_id(run_id: str) -> bool:
    """Run ids name a folder and a git worktree: letters, digits, ``.``, ``_``, ``-``."""
    return bool(_RUN_ID.fullmatch(run_id)) and ".." not in run_id
