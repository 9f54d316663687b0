"""Gate step 1: every changed ST file parses cleanly after dialect lowering.

The files are read as every werk feature reads them (TwinCAT and PLCopen
containers included), so "parses" means what the simulator, the rules and
the editor will see. A syntax error that the file had before the change
(say, a dialect construct werk does not lower yet) is not the agent's: an
error is identified by file, message and the text of its line, and only
errors beyond those the baseline counted fail the step.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.tools.st_syntax import SyntaxProblem, is_st_file, syntax_problems
from werk.agent.verification.result import GateBaseline, GateStep
from werk.agent.workspace.paths import relative_to_root

NAME = "st-syntax"
MAX_SHOWN = 30


def fingerprint(relative: str, problem: SyntaxProblem, data: bytes) -> str:
    lines = data.decode("utf-8", "replace").splitlines()
    text = lines[problem.line - 1].strip() if 0 < problem.line <= len(lines) else ""
    parts = [relative, problem.message, text]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def file_problems(
    context: ToolContext, relative: str
) -> tuple[list[SyntaxProblem], list[str]] | None:
    """The syntax errors of one worktree file and their fingerprints; ``None`` if it is not
    an ST file (or no longer exists)."""
    path = context.root / relative
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not is_st_file(path, data, context.dialect):
        return None
    problems = syntax_problems(path, data, context.dialect)
    return problems, [fingerprint(relative, p, data) for p in problems]


def baseline_syntax(context: ToolContext) -> Counter[str]:
    """Fingerprints of the syntax errors of every ST file of the project, before the change."""
    counted: Counter[str] = Counter()
    report = context.load_report()
    paths: set[Path] = {unit.path for unit in context.project().units() if unit.issues}
    paths.update(path for path, _ in report.skipped)
    for path in sorted(paths):
        found = file_problems(context, relative_to_root(context.root, path))
        if found is not None:
            counted.update(found[1])
    return counted


def check_syntax(
    context: ToolContext, changed: list[str], baseline: GateBaseline | None
) -> GateStep:
    known = Counter(baseline.syntax) if baseline is not None else Counter()
    new: list[str] = []
    old: list[str] = []
    checked = 0
    for relative in changed:
        found = file_problems(context, relative)
        if found is None:
            continue
        checked += 1
        for problem, mark in zip(*found, strict=True):
            if known[mark] > 0:
                known[mark] -= 1
                old.append(problem.describe(relative))
            else:
                new.append(problem.describe(relative))
    if checked == 0:
        return GateStep(NAME, True, True, "no Structured Text file changed")
    preexisting = f"{plural(len(old), 'syntax error')} in changed files" if old else ""
    if not new:
        return GateStep(
            NAME,
            True,
            False,
            f"{plural(checked, 'changed ST file')} parse",
            preexisting=preexisting,
        )
    shown = new[:MAX_SHOWN]
    if len(new) > len(shown):
        shown.append(f"... and {len(new) - len(shown)} more")
    return GateStep(
        NAME,
        False,
        False,
        f"{plural(len(new), 'syntax error')} in {plural(checked, 'changed ST file')}",
        "\n".join(shown),
        preexisting,
    )
