"""Gate step 4: the repository's own test command passes.

The command is ``[agent] test_command`` when configured; otherwise, when the
repository has Python tests (``test_*.py``, ``*_test.py``, ``conftest.py``),
pytest, run by the first Python that has it: the user's project
environment (``.venv`` or ``venv`` in the repository), else the one werk
runs in. It runs in the worktree with ``[agent] command_timeout_s`` and
without credentials (``werk.agent.workspace.commands``). For pytest the
worktree's ``src/`` and root come first on ``PYTHONPATH``, so the tests
import the changed code, not an editable install of the user's checkout;
pytest's exit code 5 (no tests collected) counts as nothing to run. Files
the command writes that git would commit (a ``.coverage`` or ``report.xml``
the repository does not ignore) are deleted after it ran, so they cannot
end up in the agent's commit.

Failures before the change are not blamed on the agent: for pytest the
failing test ids are compared (a test failing now that failed before is
pre-existing); for any other command only the exit code is known, so a
command that already failed before cannot tell new failures apart, and
the step passes with a note saying so.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.tools.repository_files import list_repository_files
from werk.agent.verification.result import GateBaseline, GateStep
from werk.agent.workspace.commands import CommandResult, cut_middle, run_command

NAME = "repo-tests"
PYTEST_NO_TESTS = 5
PROBE_TIMEOUT_S = 60.0
EVIDENCE_CHARS = 8_000
_PYTEST_OPTIONS = ["-q", "-p", "no:cacheprovider", "-rfE", "--color=no"]
_FAILED_LINE = re.compile(r"^(?:FAILED|ERROR) (\S+?)(?: - .*)?$", re.MULTILINE)


@dataclass(frozen=True)
class RepoTestCommand:
    argv: list[str] | str
    origin: str
    is_pytest: bool = False
    env: dict[str, str] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        return self.argv if isinstance(self.argv, str) else " ".join(self.argv)


def has_python_tests(context: ToolContext) -> bool:
    for path in list_repository_files(context.root, context.exclude).files:
        name = PurePosixPath(path).name
        if name.endswith(".py") and (
            name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
        ):
            return True
    return False


def python_with(module: str, context: ToolContext) -> str | None:
    """The first Python that can import ``module``: the project's environment, else werk's."""
    candidates = [
        context.workspace.repo / ".venv" / "bin" / "python",
        context.workspace.repo / "venv" / "bin" / "python",
        Path(sys.executable),
    ]
    for python in candidates:
        if python.exists() and _can_import(str(python), module, context.root):
            return str(python)
    return None


@functools.cache
def _can_import(python: str, module: str, cwd: Path) -> bool:
    """Asked once per process: an interpreter's installed packages do not change during a run."""
    probe = run_command([python, "-c", f"import {module}"], cwd=cwd, timeout_s=PROBE_TIMEOUT_S)
    return probe.succeeded


def repo_test_command(context: ToolContext) -> RepoTestCommand | None:
    """The command that runs the repository's own tests, or ``None`` if it has none."""
    configured = context.settings.test_command
    if configured:
        return RepoTestCommand(configured, "[agent] test_command")
    if not has_python_tests(context):
        return None
    python = python_with("pytest", context)
    if python is None:
        return None
    paths = [str(context.root / "src"), str(context.root)]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    return RepoTestCommand(
        [python, "-m", "pytest", *_PYTEST_OPTIONS],
        "detected: Python tests, run with pytest",
        is_pytest=True,
        env={"PYTHONPATH": os.pathsep.join(paths)},
    )


@dataclass(frozen=True)
class RepoTestRun:
    result: CommandResult
    removed: list[str]  # files the command wrote that git would have committed: deleted again


def run_repo_test_command(context: ToolContext, command: RepoTestCommand) -> RepoTestRun:
    """Run the command; files it creates that git does not ignore (a ``.coverage``, a
    ``report.xml``) are deleted afterwards, so they cannot end up in the agent's commit."""
    before = set(list_repository_files(context.root, context.exclude).files)
    result = run_command(
        command.argv,
        cwd=context.root,
        timeout_s=context.settings.command_timeout_s,
        env_extra=command.env,
    )
    created = sorted(set(list_repository_files(context.root, context.exclude).files) - before)
    for relative in created:
        (context.root / relative).unlink(missing_ok=True)
    context.invalidate()  # the tests may have changed files
    return RepoTestRun(result, created)


def failed_test_ids(output: str) -> set[str]:
    """The test ids pytest's short summary (``-rfE``) lists as FAILED or ERROR."""
    return set(_FAILED_LINE.findall(output))


def passed(command: RepoTestCommand, result: CommandResult) -> bool:
    if result.timed_out:
        return False
    return result.exit_code == 0 or (command.is_pytest and result.exit_code == PYTEST_NO_TESTS)


def evidence(command: RepoTestCommand, result: CommandResult) -> str:
    status = "timed out" if result.timed_out else f"exit code {result.exit_code}"
    output = cut_middle(result.output(), EVIDENCE_CHARS, head_chars=EVIDENCE_CHARS // 2)
    return f"$ {command.shown}\n({status}, {result.duration_s:.1f} s)\n{output}"


def baseline_repo_tests(context: ToolContext, baseline: GateBaseline) -> None:
    command = repo_test_command(context)
    if command is None:
        return
    result = run_repo_test_command(context, command).result
    if not passed(command, result):
        baseline.repo_tests_failed = True
        baseline.failing_repo_tests = failed_test_ids(result.output())
        status = "timed out" if result.timed_out else f"exit code {result.exit_code}"
        baseline.notes.append(f"the repository's tests ({command.shown}) failed: {status}")


def check_repo_tests(context: ToolContext, baseline: GateBaseline | None) -> GateStep:
    command = repo_test_command(context)
    if command is None:
        return GateStep(
            NAME, True, True, "no test command (set [agent] test_command to run the repo's tests)"
        )
    run = run_repo_test_command(context, command)
    result = run.result
    if passed(command, result):
        note = f"; removed files it wrote: {', '.join(run.removed)}" if run.removed else ""
        return GateStep(NAME, True, False, f"{command.shown}: passed ({command.origin}){note}")
    failed_before = baseline is not None and baseline.repo_tests_failed
    if command.is_pytest and not result.timed_out:
        ids = failed_test_ids(result.output())
        known = baseline.failing_repo_tests if baseline is not None else set()
        if ids and failed_before and ids <= known:
            return GateStep(
                NAME,
                True,
                False,
                f"{command.shown}: only tests that failed before fail",
                preexisting=f"{plural(len(ids), 'failing test')}: {', '.join(sorted(ids))}",
            )
        if ids:
            new = sorted(ids - known)
            summary = f"{plural(len(new), 'test')} failed: {', '.join(new[:5])}"
            return GateStep(NAME, False, False, summary, evidence(command, result))
    if failed_before and not result.timed_out:
        return GateStep(
            NAME,
            True,
            False,
            f"{command.shown}: failed, as it did before the change (exit code {result.exit_code})",
            preexisting="the command failed before the change; new failures cannot be told apart",
        )
    status = f"timed out after {result.duration_s:.0f} s" if result.timed_out else "failed"
    return GateStep(NAME, False, False, f"{command.shown}: {status}", evidence(command, result))
