"""Gate step 3a: the project's ST tests pass (``werk test``, in-process, with ``[test]``'s
paths, cycle time and cycle limit).

Trace tests, scenarios and ST unit test FBs are found and run by
``werk.tools.st.testing`` on the scan-cycle simulator against the
worktree's project. A test that failed before the change is not blamed on
the agent (the report lists it); every other test that does not pass fails
the step, and the evidence is the test report of those tests: for a trace,
the first diverging cycle, the signal, expected and actual value, and the
cycles around it as a table; for a fault, where in the ST it happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.verification.result import GateBaseline, GateStep
from werk.tools.errors import UsageError

if TYPE_CHECKING:  # the simulator loads when tests run, not on import
    from werk.tools.st.testing import TestRun

NAME = "st-tests"
DISCOVERY = "<discovery>"
MAX_SHOWN = 5


def run_project_tests(context: ToolContext, pattern: str | None = None) -> TestRun:
    """Run the project's tests (those whose name contains ``pattern``, if given).

    Raises ``UsageError`` (``TestDefinitionError``) when a test file cannot be read.
    """
    from werk.tools.st.testing import discover_tests, run_tests, select

    settings = context.config.config.test
    paths = [context.workspace.resolve(path) for path in settings.paths] or None
    missing = [path for path in paths or [] if not path.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or folder ([test] paths)")
    tests = discover_tests(context.root, paths, project=context.project(), exclude=context.exclude)
    if pattern:
        tests = select(tests, pattern)
    return run_tests(
        context.project(),
        tests,
        root=context.root,
        cycle_ms=settings.cycle_ms,
        max_cycles=settings.max_cycles,
    )


def failing(run: TestRun) -> list[str]:
    from werk.tools.st.testing import Status

    return [result.test.name for result in run.results if result.status is not Status.PASS]


def baseline_tests(context: ToolContext) -> set[str]:
    try:
        return set(failing(run_project_tests(context)))
    except UsageError as exc:
        return {f"{DISCOVERY} {exc.message}"}


def check_tests(context: ToolContext, baseline: GateBaseline | None) -> GateStep:
    from werk.tools.st.testing import Status
    from werk.tools.st.testing.text_report import render_result

    known = baseline.failing_tests if baseline is not None else set()
    try:
        run = run_project_tests(context)
    except UsageError as exc:
        if f"{DISCOVERY} {exc.message}" in known:
            return GateStep(
                NAME,
                True,
                True,
                "the tests could not be read before the change either",
                preexisting=exc.message,
            )
        return GateStep(NAME, False, False, "a test file cannot be read", exc.message)
    if not run.results:
        return GateStep(NAME, True, True, "the project has no ST tests")
    new = [r for r in run.results if r.status is not Status.PASS and r.test.name not in known]
    old = [r.test.name for r in run.results if r.status is not Status.PASS and r.test.name in known]
    preexisting = f"{plural(len(old), 'test')} failing: {', '.join(old)}" if old else ""
    total = plural(len(run.results), "test")
    if not new:
        return GateStep(NAME, True, False, f"{total}: {run.passed} passed", preexisting=preexisting)
    evidence = []
    for result in new[:MAX_SHOWN]:
        evidence.extend(render_result(result, root=context.root))
    if len(new) > MAX_SHOWN:
        evidence.append(f"... and {len(new) - MAX_SHOWN} more failing tests")
    summary = f"{plural(len(new), 'test')} of {total} did not pass: " + ", ".join(
        r.test.name for r in new[:MAX_SHOWN]
    )
    return GateStep(NAME, False, False, summary, "\n".join(evidence), preexisting)
