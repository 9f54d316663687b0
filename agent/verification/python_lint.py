"""Gate step 5: the changed Python files pass the linter the project uses.

``[agent] lint_command`` when configured (the changed files are appended to
it; any non-zero exit fails the step). Otherwise ruff, when the project
configures it (``[tool.ruff]`` in ``pyproject.toml``, or ``ruff.toml``),
run from the project's environment if it has one, else from ``PATH`` or
werk's own environment. Ruff reports JSON, so each problem is identified
by file, code and message, not line: problems the files had before the
change (counted over the whole repository when the run starts) are not
blamed on the agent.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.verification.result import GateBaseline, GateStep
from werk.agent.workspace.commands import CommandResult, cut_middle, run_command

NAME = "python-lint"
MAX_SHOWN = 30
EVIDENCE_CHARS = 6_000
RUFF_ERROR = 2


def ruff_configured(root: Path) -> bool:
    if (root / "ruff.toml").is_file() or (root / ".ruff.toml").is_file():
        return True
    pyproject = root / "pyproject.toml"
    try:
        return "[tool.ruff" in pyproject.read_text(encoding="utf-8")
    except OSError:
        return False


def ruff_executable(context: ToolContext) -> str | None:
    for candidate in (
        context.workspace.repo / ".venv" / "bin" / "ruff",
        context.workspace.repo / "venv" / "bin" / "ruff",
    ):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    return found


def changed_python(context: ToolContext, changed: list[str]) -> list[str]:
    return [p for p in changed if p.endswith(".py") and (context.root / p).is_file()]


def ruff_problems(
    context: ToolContext, targets: list[str]
) -> tuple[list[dict[str, Any]], CommandResult] | None:
    """Ruff's problems in ``targets`` (files or folders), or ``None`` if ruff is not there."""
    ruff = ruff_executable(context)
    if ruff is None:
        return None
    result = run_command(
        [ruff, "check", "--no-cache", "--output-format=json", "--", *targets],
        cwd=context.root,
        timeout_s=context.settings.command_timeout_s,
    )
    try:
        problems = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        problems = []
    return (problems if isinstance(problems, list) else []), result


def fingerprint(context: ToolContext, problem: dict[str, Any]) -> str:
    filename = _relative(context, str(problem.get("filename", "")))
    parts = [filename, str(problem.get("code")), str(problem.get("message"))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def describe(context: ToolContext, problem: dict[str, Any]) -> str:
    filename = _relative(context, str(problem.get("filename", "?")))
    location = problem.get("location") or {}
    return (
        f"{filename}:{location.get('row', '?')}:{location.get('column', '?')}: "
        f"{problem.get('code')} {problem.get('message')}"
    )


def _relative(context: ToolContext, filename: str) -> str:
    try:
        return Path(filename).resolve().relative_to(context.root.resolve()).as_posix()
    except ValueError:
        return filename


def baseline_lint(context: ToolContext, baseline: GateBaseline) -> None:
    if context.settings.lint_command or not ruff_configured(context.root):
        return
    found = ruff_problems(context, ["."])
    if found is None:
        return
    problems, _ = found
    baseline.lint.update(fingerprint(context, p) for p in problems)
    if problems:
        baseline.notes.append(f"ruff found {plural(len(problems), 'problem')} before the change")


def check_lint(context: ToolContext, changed: list[str], baseline: GateBaseline | None) -> GateStep:
    files = changed_python(context, changed)
    if not files:
        return GateStep(NAME, True, True, "no Python file changed")
    configured = context.settings.lint_command
    if configured:
        return _configured_lint(context, configured, files)
    if not ruff_configured(context.root):
        return GateStep(NAME, True, True, "the project configures no linter")
    found = ruff_problems(context, files)
    if found is None:
        return GateStep(NAME, True, True, "ruff is configured but not installed; not checked")
    problems, result = found
    if result.exit_code == RUFF_ERROR or result.timed_out:
        return GateStep(
            NAME,
            False,
            False,
            "ruff could not check the files",
            cut_middle(result.output(), EVIDENCE_CHARS),
        )
    known = Counter(baseline.lint) if baseline is not None else Counter()
    new, old = [], []
    for problem in problems:
        mark = fingerprint(context, problem)
        if known[mark] > 0:
            known[mark] -= 1
            old.append(problem)
        else:
            new.append(problem)
    preexisting = f"{plural(len(old), 'ruff problem')} in changed files" if old else ""
    if not new:
        return GateStep(
            NAME,
            True,
            False,
            f"ruff: {plural(len(files), 'changed file')} clean",
            preexisting=preexisting,
        )
    shown = [describe(context, p) for p in new[:MAX_SHOWN]]
    if len(new) > len(shown):
        shown.append(f"... and {len(new) - len(shown)} more")
    return GateStep(
        NAME,
        False,
        False,
        f"ruff: {plural(len(new), 'new problem')}",
        "\n".join(shown),
        preexisting,
    )


def _configured_lint(context: ToolContext, command: str | list[str], files: list[str]) -> GateStep:
    if isinstance(command, str):
        import shlex

        argv: list[str] | str = command + " " + " ".join(shlex.quote(f) for f in files)
    else:
        argv = [*command, *files]
    result = run_command(argv, cwd=context.root, timeout_s=context.settings.command_timeout_s)
    shown = argv if isinstance(argv, str) else " ".join(argv)
    if result.succeeded:
        return GateStep(NAME, True, False, f"{shown}: passed")
    status = "timed out" if result.timed_out else f"exit code {result.exit_code}"
    evidence = f"$ {shown}\n({status})\n{cut_middle(result.output(), EVIDENCE_CHARS)}"
    return GateStep(NAME, False, False, f"lint failed ({status})", evidence)
