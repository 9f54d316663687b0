"""Run ids: ``20261127-143012-5f3a9c``.

A run id sorts by start time and is unique without coordination (parallel
batch runs on one repository). It names the worktree, the artefact folder
and the checkpoint thread.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from werk.tools.errors import UsageError

RUN_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")


def new_run_id(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{moment}-{secrets.token_hex(3)}"


def checked_run_id(text: str) -> str:
    """A run id from the command line; anything else is a usage error (it becomes a path)."""
    value = text.strip()
    if not RUN_ID.match(value):
        raise UsageError(
            f"{text!r} is not a run id",
            hint="run ids look like 20261127-143012-5f3a9c; see .werk/runs/ in the repository",
        )
    return value
