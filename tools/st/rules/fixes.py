"""Apply fixes to files, atomically: a file is rewritten whole or not at all.

Edits of one file are applied from the end so offsets stay valid; an edit
that overlaps one already taken is left for the next run (a second
``werk check --fix`` picks it up). Each file is written to a temporary file
beside it and moved over the original, so a crash or a full disk never
leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.errors import WerkError
from werk.tools.st.rules.finding import Finding, FixSafety, TextEdit


@dataclass
class FixReport:
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # overlapping another fix
    files: list[Path] = field(default_factory=list)


@dataclass
class FixPlan:
    """Fixes that can be applied together: no two edits overlap."""

    edits: dict[Path, list[TextEdit]] = field(default_factory=dict)  # per file, in order
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # overlapping another, or multi-file


def plan_fixes(findings: Iterable[Finding], *, unsafe: bool = False) -> FixPlan:
    """Choose the fixes to apply in one pass (``werk check --fix``, the editor's fix-all)."""
    plan = FixPlan()
    by_file: dict[Path, list[tuple[Finding, list[TextEdit]]]] = defaultdict(list)
    for finding in findings:
        fix = finding.fix
        if fix is None or (fix.safety is FixSafety.UNSAFE and not unsafe):
            continue
        paths = {edit.path for edit in fix.edits}
        if len(paths) != 1:  # multi-file fixes are not applied automatically
            plan.skipped.append(finding)
            continue
        by_file[paths.pop()].append((finding, sorted(fix.edits, key=lambda e: e.start)))
    for path, fixes in by_file.items():
        taken: list[TextEdit] = []
        for finding, edits in sorted(fixes, key=lambda item: item[1][0].start):
            if any(_overlaps(edit, other) for edit in edits for other in taken):
                plan.skipped.append(finding)
                continue
            taken.extend(edits)
            plan.applied.append(finding)
        if taken:
            plan.edits[path] = sorted(taken, key=lambda e: (e.start, e.end))
    return plan


def apply_fixes(findings: Iterable[Finding], *, unsafe: bool = False) -> FixReport:
    plan = plan_fixes(findings, unsafe=unsafe)
    report = FixReport(applied=plan.applied, skipped=plan.skipped)
    for path, edits in plan.edits.items():
        _rewrite(path, edits)
        report.files.append(path)
    return report


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def _rewrite(path: Path, edits: list[TextEdit]) -> None:
    try:
        data = path.read_bytes()
        mode = path.stat().st_mode
    except OSError as exc:
        raise WerkError(f"{path}: cannot read for fixing: {exc.strerror or exc}") from exc
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        data = data[: edit.start] + edit.replacement + data[edit.end :]
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".werk", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode & 0o7777)
        Path(temporary).replace(path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise WerkError(f"{path}: cannot write the fixed file: {exc.strerror or exc}") from exc
