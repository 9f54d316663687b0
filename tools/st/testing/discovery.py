"""Finding the tests of a project: test files by name, ST test FBs by convention.

Test files are found by their suffix anywhere under the project root,
honouring ``.gitignore`` (and werk's default excludes) as the repository
index does:

- ``*.trace.yaml``, ``*.trace.yml``, ``*.trace.csv``: traces (``trace``);
- ``*.scenario.yaml``, ``*.scenario.yml``: scenarios (``scenario``);
- ``*.agents4plc.json``, ``*.agents4plc.jsonl``: Agents4PLC tasks, whose
  ``test_cases`` run against the project's POU of the task's entry point;
  a ``.json``/``.jsonl`` file named explicitly is read as one too.

ST unit tests are the test FBs of the loaded project (``unit_tests``), those
in the given paths when paths are given. Test names are
``path::title`` with the path relative to the root, e.g.
``tests/valve.trace.yaml::opens on command`` or
``plc/test_valve.st::FB_TestValve.TestOpens``; ``select`` filters them as
``werk test -k`` does.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from werk.tools.code.discovery import DEFAULT_EXCLUDES
from werk.tools.code.ignore import IgnoreRules
from werk.tools.errors import UsageError
from werk.tools.st.testing.agents4plc import (
    AGENTS4PLC_SUFFIXES,
    Agents4PlcTask,
    read_task_file,
    task_traces,
)
from werk.tools.st.testing.results import TestCase, TestKind, relative
from werk.tools.st.testing.scenario import SCENARIO_SUFFIXES, read_scenarios
from werk.tools.st.testing.trace import DEFAULT_CYCLE_NS, TRACE_SUFFIXES, read_traces
from werk.tools.st.testing.unit_tests import find_unit_tests

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project


def kind_of(path: Path, *, explicit: bool = False) -> TestKind | None:
    """The kind of test file ``path`` is, by its name (None: not a test file)."""
    name = path.name.lower()
    if name.endswith(TRACE_SUFFIXES):
        return TestKind.TRACE
    if name.endswith(SCENARIO_SUFFIXES):
        return TestKind.SCENARIO
    if name.endswith(AGENTS4PLC_SUFFIXES):
        return TestKind.AGENTS4PLC
    if explicit and name.endswith((".json", ".jsonl")):
        return TestKind.AGENTS4PLC
    return None


def find_test_files(
    root: Path, paths: Sequence[Path] | None = None, *, exclude: Sequence[str] = ()
) -> list[tuple[Path, TestKind]]:
    """The test files under ``root`` (or of ``paths``: files, or folders to search)."""
    found: dict[Path, TestKind] = {}
    folders: list[Path] = []
    for path in paths or [root]:
        if path.is_dir():
            folders.append(path.resolve())
            continue
        kind = kind_of(path, explicit=True)
        if kind is not None:
            found[path.resolve()] = kind
    if folders:
        for path in _walk(root, exclude):
            resolved = path.resolve()
            if resolved in found or not any(_below(resolved, folder) for folder in folders):
                continue
            kind = kind_of(path)
            if kind is not None:
                found[resolved] = kind
    return sorted(found.items(), key=lambda item: str(item[0]))


def _below(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk(root: Path, exclude: Sequence[str]) -> list[Path]:
    """Every file under ``root`` that ``.gitignore`` and the excludes do not leave out."""
    files: list[Path] = []
    pending = [(os.fspath(root), "", IgnoreRules.for_root(root, (*DEFAULT_EXCLUDES, *exclude)))]
    while pending:
        folder, relative_folder, rules = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        if relative_folder and any(entry.name == ".gitignore" for entry in entries):
            rules = rules.entering(Path(folder), relative_folder)
        for entry in entries:
            if entry.name == ".git" or entry.is_symlink():
                continue
            path = relative_folder + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not rules.ignores(path, is_folder=True):
                    pending.append((entry.path, path + "/", rules))
            elif not rules.ignores(path, is_folder=False):
                files.append(Path(entry.path))
    return files


def discover_tests(
    root: Path,
    paths: Sequence[Path] | None = None,
    *,
    project: Project | None = None,
    exclude: Sequence[str] = (),
    cycle_ns: int = DEFAULT_CYCLE_NS,
) -> list[TestCase]:
    """Every test under ``root`` (or in ``paths``); raises ``TestDefinitionError`` for a bad file.

    ``project`` is the loaded ST project whose test FBs are the ST unit tests
    (loaded from ``root`` when not given). ``cycle_ns`` is the cycle time of
    Agents4PLC tasks, which name none.
    """
    tests: list[TestCase] = []
    for path, kind in find_test_files(root, paths, exclude=exclude):
        shown = relative(path, root)
        if kind is TestKind.TRACE:
            for trace in read_traces(path):
                tests.append(
                    TestCase(
                        f"{shown}::{trace.name}",
                        kind,
                        path,
                        trace.line,
                        trace.pou,
                        trace,
                        trace.name,
                    )
                )
        elif kind is TestKind.SCENARIO:
            for scenario in read_scenarios(path):
                tests.append(
                    TestCase(
                        f"{shown}::{scenario.name}",
                        kind,
                        path,
                        scenario.line,
                        scenario.pou,
                        scenario,
                        scenario.name,
                    )
                )
        else:
            for task in read_task_file(path):
                tests.extend(agents4plc_cases(task, cycle_ns=cycle_ns, shown=shown))
    if project is None:
        from werk.tools.st.loader import load_project

        project, _ = load_project(root, exclude=exclude)
    files = None
    if paths:
        files = [
            p for p in _walk(root, exclude) if any(_below(p.resolve(), q.resolve()) for q in paths)
        ]
        files += [p for p in paths if p.is_file()]
    for unit in find_unit_tests(project, files):
        shown = relative(unit.path, root)
        tests.append(
            TestCase(
                f"{shown}::{unit.title}",
                TestKind.ST,
                unit.path,
                unit.line,
                unit.fb,
                unit,
                unit.title,
            )
        )
    return tests


def agents4plc_cases(
    task: Agents4PlcTask,
    *,
    cycle_ns: int = DEFAULT_CYCLE_NS,
    pou: str | None = None,
    shown: str | None = None,
) -> list[TestCase]:
    """The test cases of one Agents4PLC task, as traces of ``pou`` (default: its entry point)."""
    return [
        TestCase(
            f"{shown}::{trace.name}" if shown else trace.name,
            TestKind.AGENTS4PLC,
            trace.path,
            trace.line,
            trace.pou,
            trace,
            trace.name,
        )
        for trace in task_traces(task, pou=pou, cycle_ns=cycle_ns)
    ]


def select(tests: Sequence[TestCase], pattern: str) -> list[TestCase]:
    """The tests whose name contains ``pattern`` (any case), or matches it as a glob."""
    wanted = pattern.lower()
    if any(char in wanted for char in "*?["):
        return [test for test in tests if fnmatch.fnmatch(test.name.lower(), wanted)]
    return [test for test in tests if wanted in test.name.lower()]


def check_paths(paths: Sequence[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
