"""``run_check``: werk's rules (``werk check``) on the changed files or the whole project.

Findings come one per line, ``file:line:col: severity CODE message``,
errors first, then in file order, capped; findings the project had before
the run are marked ``(before the change)`` when the run captured a baseline,
so the model does not chase a legacy project's warnings. Syntax errors of
the files checked are listed first: rules cannot see code that does not
parse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator

from werk.agent.tools.base import ToolArguments, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence, plural
from werk.agent.tools.positions import SourcePositions
from werk.agent.tools.repo_map import as_list
from werk.agent.tools.st_syntax import is_st_file, syntax_problems
from werk.agent.workspace.paths import relative_to_root
from werk.tools.st.rules.finding import Severity

MAX_FINDINGS = 50
MAX_SYNTAX = 20


class RunCheckArguments(ToolArguments):
    paths: list[str] = Field(
        default_factory=list,
        description="Files or folders to report on (default: see scope).",
        validation_alias=AliasChoices("paths", "files", "path", "file"),
    )
    scope: Literal["changed", "all"] = Field(
        "changed",
        description="Without paths: 'changed' reports on the files changed in this run, 'all' "
        "on the whole project.",
    )

    _lists = field_validator("paths", mode="before")(as_list)


def run_check(context: ToolContext, arguments: RunCheckArguments) -> str:
    """Run werk's static analysis rules (PLCopen, CODESYS-style, werk's own) on Structured
    Text and list the findings as file:line:col: severity CODE message, errors first.
    Checks the files changed in this run unless paths or scope='all' say otherwise."""
    from werk.agent.verification.st_rules import check_project, describe, fingerprints

    if arguments.paths:
        targets = [context.workspace.resolve(p) for p in arguments.paths]
        scope = ", ".join(arguments.paths)
    elif arguments.scope == "changed":
        changed = context.workspace.changed_files()
        targets = [context.root / p for p in changed if (context.root / p).is_file()]
        scope = "the changed files"
        if not targets:
            return "no file changed yet in this run; use scope='all' to check the whole project"
    else:
        targets = None
        scope = "the whole project"
    files = None if targets is None else _expanded(targets)
    syntax_lines = _syntax(context, files if files is not None else _unparsed(context))
    result = check_project(context, files)
    findings = sorted(
        result.findings, key=lambda f: (f.severity is not Severity.ERROR, f.sort_key())
    )
    known = context.baseline.error_findings.copy() if context.baseline is not None else None
    positions = SourcePositions(context.root)
    lines = []
    for finding, mark in zip(findings, fingerprints(context, findings), strict=True):
        line = describe(finding, positions)
        if known is not None and known[mark] > 0:
            known[mark] -= 1
            line += " (before the change)"
        lines.append(line)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    header = f"{plural(len(findings), 'finding')} ({plural(errors, 'error')}) in {scope}"
    parts = [header]
    if syntax_lines:
        parts.append(f"{plural(len(syntax_lines), 'syntax error')} (fix these first):")
        parts.append(fence("syntax errors", "\n".join(syntax_lines[:MAX_SYNTAX])))
    if lines:
        shown = lines[:MAX_FINDINGS]
        if len(lines) > len(shown):
            shown.append(f"... and {len(lines) - len(shown)} more")
        parts.append(fence("findings", "\n".join(shown)))
    return "\n".join(parts)


def _expanded(targets: list[Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(p for p in target.rglob("*") if p.is_file() and ".git" not in p.parts)
        else:
            files.append(target)
    return files


def _unparsed(context: ToolContext) -> list[Path]:
    """The project's files with syntax errors, or that could not be read at all."""
    paths = {unit.path for unit in context.project().units() if unit.issues}
    paths.update(path for path, _ in context.load_report().skipped)
    return sorted(paths)


def _syntax(context: ToolContext, files: list[Path]) -> list[str]:
    found: list[str] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if is_st_file(path, data, context.dialect):
            shown = relative_to_root(context.root, path)
            found.extend(p.describe(shown) for p in syntax_problems(path, data, context.dialect))
    return found


TOOL = ToolSpec("run_check", RunCheckArguments, run_check)
