"""Projects of the ST fixtures of these tests, loaded from disk (real file positions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.prove import InputRange, Property, PropertyResult, check_properties

FIXTURES = Path(__file__).parent / "fixtures"


def project_of(*names: str) -> Project:
    paths = [FIXTURES / name for name in names]
    project, report = load_project(FIXTURES, paths)
    assert not report.skipped, report.skipped
    return project


def prop(
    pattern: str,
    *params: str,
    name: str = "P",
    ranges: dict[str, tuple[str, str]] | None = None,
    assume: tuple[str, ...] = (),
) -> Property:
    limits = tuple(InputRange(path, low, high) for path, (low, high) in (ranges or {}).items())
    return Property(name, pattern, tuple(params), assumptions=assume, ranges=limits)


def check_one(
    fixture: str,
    entry: str,
    pattern: str,
    *params: str,
    ranges: dict[str, tuple[str, str]] | None = None,
    assume: tuple[str, ...] = (),
    **options: Any,
) -> PropertyResult:
    """Check one property of ``entry`` in ``fixture`` (small runs: the tests stay fast)."""
    if "options" not in options:
        options.setdefault("runs", 60)
        options.setdefault("depth", 12)
        options.setdefault("timeout", 30.0)
    (result,) = check_properties(
        project_of(fixture),
        [prop(pattern, *params, ranges=ranges, assume=assume)],
        entry=entry,
        **options,
    )
    return result


def line_of(fixture: str, text: str) -> int:
    """The 1-based line of ``text`` in a fixture."""
    for number, line in enumerate((FIXTURES / fixture).read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {fixture}")
