"""Runs a task's hidden checks on a finished attempt's files.

The checks folder is copied into the attempt's files as ``.bench_checks/``
only now, after the agent ended, so the model never saw them. What runs:

- every ST file of the attempt must parse (else: did not compile);
- ``werk test`` files (traces, scenarios, ST unit tests, Agents4PLC test
  cases) through ``werk.tools.st.testing``;
- property files (``*.props.yaml``) and the properties of Agents4PLC tasks
  through ``werk.tools.st.prove``; a defective property is recorded as such
  and not held against the model;
- differential checks (``*.diff.yaml``) for refactorings; a spec that is itself broken
  (an unknown input, a malformed range, an original that does not simulate) is recorded
  as defective, like a defective property;
- pytest files (``test_*.py``) in a separate interpreter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from werk.benchmarks.harness.check_result import CheckResult
from werk.benchmarks.harness.differential import DiffSpecError, read_diff_spec, run_differential
from werk.tools.errors import WerkError
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project

CHECKS_FOLDER = ".bench_checks"
REFERENCE_FOLDER = "differential"
"""Sources the differential checks compare against; not part of the checked project."""
PROPERTY_DEPTH = 12
PROPERTY_TIMEOUT_S = 60.0
PYTEST_TIMEOUT_S = 300.0


def run_checks(root: Path, checks: Path) -> list[CheckResult]:
    """Copy ``checks`` into ``root`` and run every check found there."""
    target = root / CHECKS_FOLDER
    shutil.copytree(checks, target, dirs_exist_ok=True)
    project, report = load_project(root, exclude=[f"{CHECKS_FOLDER}/{REFERENCE_FOLDER}/"])
    results = _syntax(project, report.skipped)
    results += _st_tests(root, target, project)
    results += _properties(target, project)
    results += [_differential(path, project, root) for path in sorted(target.rglob("*.diff.yaml"))]
    if any(target.rglob("test_*.py")):
        results.append(_pytest(root, target))
    return results


def run_property_checks(root: Path, checks: Path) -> list[CheckResult]:
    """Only the property checks of ``checks``, on the files in ``root``."""
    target = root / CHECKS_FOLDER
    shutil.copytree(checks, target, dirs_exist_ok=True)
    project, _ = load_project(root, exclude=[f"{CHECKS_FOLDER}/{REFERENCE_FOLDER}/"])
    return _properties(target, project)


def _syntax(project: Project, skipped: list[tuple[Path, str]]) -> list[CheckResult]:
    results = [
        CheckResult(f"load {path.name}", "syntax", False, reason) for path, reason in skipped
    ]
    for unit in project.units():
        if unit.issues:
            issue = unit.issues[0]
            results.append(CheckResult(f"parse {unit.path.name}", "syntax", False, issue.message))
    return results


def _st_tests(root: Path, target: Path, project: Project) -> list[CheckResult]:
    from werk.tools.st.testing import TestDefinitionError, discover_tests, run_tests

    # Messages name files relative to the attempt (``.bench_checks/x.scenario.yaml:7``),
    # not the temporary folder it ran in, so that results read the same on every machine.
    scratch = f"{root}{os.sep}"
    try:
        tests = discover_tests(root, [target], project=project)
    except TestDefinitionError as exc:
        return [CheckResult("st tests", "st-test", False, str(exc).replace(scratch, ""))]
    if not tests:
        return []
    run = run_tests(project, tests, root=root)
    return [
        CheckResult(
            result.test.name,
            "st-test",
            result.status.value == "pass",
            _test_detail(result).replace(scratch, ""),
        )
        for result in run.results
    ]


def _test_detail(result: object) -> str:
    from werk.tools.st.testing import TestResult

    assert isinstance(result, TestResult)
    if result.failure is not None:
        return result.failure.message
    if result.fault is not None:
        return result.fault.message
    return result.error or ""


def _properties(target: Path, project: Project) -> list[CheckResult]:
    from werk.tools.st.prove import (
        Property,
        Verdict,
        check_properties,
        properties_from_agents4plc,
        read_property_file,
        read_tasks,
    )

    jobs: list[tuple[str, str | None, list[Property], int, int]] = []
    for path in sorted(target.rglob("*.props.yaml")):
        spec = read_property_file(path)
        jobs.append(
            (
                path.name,
                spec.entry,
                spec.properties,
                spec.depth or PROPERTY_DEPTH,
                spec.cycle_ms or 10,
            )
        )
    for path in sorted(target.rglob("*.agents4plc.json")):
        for task in read_tasks(path):
            properties = properties_from_agents4plc(task)
            if properties:
                jobs.append((task.id, task.entry_point, properties, PROPERTY_DEPTH, 10))
    results: list[CheckResult] = []
    for label, entry, properties, depth, cycle_ms in jobs:
        if entry is None:
            results += [
                CheckResult(f"{label}::{p.name}", "property", False, "no entry point", True)
                for p in properties
            ]
            continue
        try:
            verdicts = check_properties(
                project,
                properties,
                entry=entry,
                depth=depth,
                timeout=PROPERTY_TIMEOUT_S,
                cycle_ms=cycle_ms,
            )
        except WerkError as exc:
            results += [
                CheckResult(f"{label}::{p.name}", "property", False, exc.message)
                for p in properties
            ]
            continue
        for verdict in verdicts:
            results.append(
                CheckResult(
                    f"{label}::{verdict.property.name}",
                    "property",
                    verdict.verdict is Verdict.PROVED or verdict.held_to_bound,
                    f"{verdict.verdict.value}: {verdict.reason}".strip(": "),
                    verdict.verdict is Verdict.DEFECTIVE,
                )
            )
    return results


def _differential(path: Path, project: Project, root: Path) -> CheckResult:
    name = str(path.relative_to(root))
    try:
        spec = read_diff_spec(path)
        difference = run_differential(spec, project)
    except DiffSpecError as exc:
        return CheckResult(name, "differential", False, exc.message, defective=True)
    except WerkError as exc:
        return CheckResult(name, "differential", False, exc.message)
    return CheckResult(name, "differential", difference is None, difference or "")


def _pytest(root: Path, target: Path) -> CheckResult:
    # Plugins installed next to werk (hypothesis, langsmith, ...) are not the task's: without
    # them the checks run the same everywhere, and start in a fifth of the time.
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target)]
    try:
        done = subprocess.run(
            command,
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=PYTEST_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return CheckResult("pytest", "pytest", False, f"timed out after {PYTEST_TIMEOUT_S:.0f} s")
    tail = "\n".join(done.stdout.strip().splitlines()[-3:])
    return CheckResult("pytest", "pytest", done.returncode == 0, tail)
