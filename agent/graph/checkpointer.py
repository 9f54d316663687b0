"""The run's checkpoints: a SQLite database under the repository's ``.werk/``.

LangGraph writes the state after every node, keyed by the run id (the
thread id), so ``werk run --resume RUN_ID`` continues where a crash or an
approval pause left off. One database serves all runs of a repository;
parallel batch runs on the same repository share it, so the connection
waits for locks instead of failing (WAL mode, a busy timeout).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver

from werk.tools.errors import WerkError

BUSY_TIMEOUT_S = 60.0


@contextmanager
def open_checkpointer(path: Path) -> Iterator[SqliteSaver]:
    """A checkpointer on the database at ``path`` (created with its folder if missing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
    except (OSError, sqlite3.Error) as exc:
        raise WerkError(f"{path}: cannot open the checkpoint database: {exc}") from exc
    try:
        saver = SqliteSaver(connection)
        saver.setup()
        yield saver
    finally:
        connection.close()
