"""What the I/O-list rules (WERK601-WERK607) share: the lists, read once, compared once.

The lists and their columns come from ``[plant]`` in ``werk.toml``;
``werk check`` passes them to each of these rules as its options (``io_lists``
with absolute paths, ``sheet``, ``columns``, ``addressing``). Without lists
the rules find nothing. The comparison itself is ``werk.tools.plant.iolist_check``;
its result is kept for the units of the project it was made for and the
list files as they were, so the seven rules of one check compare once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from werk.tools.plant.iolist import IoList, read_io_list
from werk.tools.plant.iolist_check import IoListIssue, compare
from werk.tools.plant.model import SystemModel
from werk.tools.st.document import Dialect
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Location
from werk.tools.st.rules.finding import Finding
from werk.tools.st.rules.rule import Rule

IO_LIST_OPTIONS: Mapping[str, Any] = {
    "io_lists": [],
    "sheet": None,
    "columns": {},
    "addressing": "auto",
}

_last: dict[str, tuple[tuple[Any, ...], list[IoListIssue]]] = {}


class IoListRule(Rule):
    """Base of WERK601-WERK607: each reports its own code's issues of one comparison."""

    message = "{detail}"
    default_options: ClassVar[Mapping[str, Any]] = IO_LIST_OPTIONS

    def check_project(self) -> Iterator[Finding]:
        return io_list_findings(self)


def io_list_findings(rule: Rule) -> Iterator[Finding]:
    for issue in io_list_issues(rule.project, rule.options):
        if issue.code != rule.code:
            continue
        if isinstance(issue.anchor, Location):
            yield rule.finding(issue.anchor, None, related=issue.related, detail=issue.message)
        else:
            row = issue.anchor
            yield Finding(
                code=rule.code,
                message=rule.message.format(detail=issue.message),
                path=row.path,
                start=row.start,
                end=row.end,
                severity=rule.effective_severity,
                rule=rule.name,
                related=issue.related,
            )


def io_list_issues(project: Project, options: Mapping[str, Any]) -> list[IoListIssue]:
    paths = [Path(p) for p in options.get("io_lists") or ()]
    if not paths:
        return []
    sheet = options.get("sheet")
    columns = dict(options.get("columns") or {})
    addressing = str(options.get("addressing") or "auto")
    units = tuple(project.units())
    stamps = tuple((path, path.stat().st_mtime_ns if path.exists() else None) for path in paths)
    token = (units, stamps, sheet, tuple(sorted(columns.items())), addressing)
    cached = _last.get("issues")
    if cached is not None and same_token(cached[0], token):
        return cached[1]
    lists: list[IoList] = [read_io_list(path, sheet=sheet, columns=columns) for path in paths]
    if addressing == "auto":
        scl = any(unit.document.dialect is Dialect.SCL for unit in units)
        addressing = "byte" if scl else "codesys"
    issues = compare(SystemModel.build(project).io, lists, addressing)
    _last["issues"] = (token, issues)
    return issues


def same_token(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Units compare by identity (an edit replaces them), the rest by value."""
    old_units, new_units = old[0], new[0]
    return (
        len(old_units) == len(new_units)
        and all(a is b for a, b in zip(old_units, new_units, strict=True))
        and old[1:] == new[1:]
    )
