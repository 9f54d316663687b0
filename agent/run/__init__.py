"""Running the agent on a repository: ``werk run``'s Python API and everything around a run.

``start_run`` and ``resume_run`` (``runner``) create the worktree, build the
graph with its checkpointer and drive it; around a run: its id (``ids``),
manifest (``manifest``), artefact paths (``paths``), event stream
(``events``), terminal progress (``progress``), report (``report``,
``report_md``) and batches (``batch``). Budgets are the graph's
(``werk.agent.graph.budgets``): the act node checks them.
"""

from werk.agent.run.runner import (
    RunHooks,
    RunRequest,
    RunResult,
    repository_top,
    resume_run,
    start_run,
)

__all__ = [
    "RunHooks",
    "RunRequest",
    "RunResult",
    "repository_top",
    "resume_run",
    "start_run",
]
