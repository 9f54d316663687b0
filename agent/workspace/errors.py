"""The errors of the agent's workspace, under ``WerkError`` (see ``werk.tools.errors``)::

    WerkError
    └── WorkspaceError          the worktree cannot be made, found, committed or removed
        ├── PathRefused         a path leads outside the worktree or into git's internals
        └── NothingToCommitError     the worktree holds no change since the base commit

A refused path is expected input from a model, not a bug: the tools turn it
into an ``ERROR:`` text the model can act on.
"""

from __future__ import annotations

from werk.tools.errors import WerkError


class WorkspaceError(WerkError):
    """The run's git worktree could not be set up or used."""


class PathRefused(WorkspaceError):  # noqa: N818 -- the name the agent's contract fixes
    """A path leads outside the worktree (``..``, absolute, a symlink out) or into ``.git``."""


class NothingToCommitError(WorkspaceError):
    """``commit`` was asked for, but nothing changed since the base commit."""
