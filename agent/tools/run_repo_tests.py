"""``run_repo_tests``: the repository's own test command, in the worktree, with a timeout.

The same command the verification gate runs (``[agent] test_command``, or
pytest when the repository has Python tests; see
``werk.agent.verification.repo_tests``), so the model can see a failure
before it declares the work done. The output comes back bounded, its head
(where the first failure usually is) and its tail (the summary).
"""

from __future__ import annotations

from werk.agent.tools.base import ToolArguments, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence
from werk.agent.workspace.commands import cut_middle

OUTPUT_CHARS = 8_000


class RunRepoTestsArguments(ToolArguments):
    pass


def run_repo_tests(context: ToolContext, arguments: RunRepoTestsArguments) -> str:
    """Run the repository's own test suite (the configured test command, or pytest when the
    repository has Python tests) in the working copy, with a timeout. Returns the exit
    status and the output's beginning and end."""
    from werk.agent.verification.repo_tests import repo_test_command, run_repo_test_command

    command = repo_test_command(context)
    if command is None:
        return (
            "the repository has no test command: no Python tests were found and "
            "[agent] test_command is not set; use run_tests for PLC tests"
        )
    run = run_repo_test_command(context, command)
    result = run.result
    if result.timed_out:
        status = f"stopped after {context.settings.command_timeout_s:g} s (timeout)"
    elif result.succeeded:
        status = "passed"
    else:
        status = f"failed (exit code {result.exit_code})"
    output = cut_middle(result.output(), OUTPUT_CHARS, head_chars=OUTPUT_CHARS // 2)
    header = f"$ {command.shown}  ({command.origin}): {status} in {result.duration_s:.1f} s"
    removed = ""
    if run.removed:
        removed = f"\n(files the tests wrote were deleted again: {', '.join(run.removed)})"
    return f"{header}\n{fence('test output', output or '(no output)')}{removed}"


TOOL = ToolSpec("run_repo_tests", RunRepoTestsArguments, run_repo_tests)
