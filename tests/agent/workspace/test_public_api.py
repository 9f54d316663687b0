from __future__ import annotations

import werk.agent.workspace
from werk.agent.workspace import PathRefused, WorkspaceError
from werk.tools.errors import WerkError


def test_the_public_api_is_pinned() -> None:
    assert sorted(werk.agent.workspace.__all__) == [
        "CommandResult",
        "NothingToCommitError",
        "PathRefused",
        "Workspace",
        "WorkspaceError",
        "run_command",
        "slugify",
        "stripped_environment",
    ]


def test_errors_are_werk_errors() -> None:
    assert issubclass(PathRefused, WorkspaceError)
    assert issubclass(WorkspaceError, WerkError)
