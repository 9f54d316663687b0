"""Where the agent works: a git worktree on its own branch, paths it may touch, commands it runs.

``Workspace`` is the worktree of one run; ``run_command`` runs a command in
it with a timeout and without the user's credentials; ``PathRefused`` is
what a path leading outside the worktree raises.
"""

from werk.agent.workspace.branches import slugify
from werk.agent.workspace.commands import CommandResult, run_command
from werk.agent.workspace.environment import stripped_environment
from werk.agent.workspace.errors import NothingToCommitError, PathRefused, WorkspaceError
from werk.agent.workspace.worktree import Workspace

__all__ = [
    "CommandResult",
    "NothingToCommitError",
    "PathRefused",
    "Workspace",
    "WorkspaceError",
    "run_command",
    "slugify",
    "stripped_environment",
]
