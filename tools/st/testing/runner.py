"""Running tests: each in a fresh simulator, every outcome a result, never an exception.

``run_tests(project, tests)`` runs each test with the executor of its kind
(``run_trace``, ``run_scenario``, ``run_unit``) and turns everything that
can go wrong into the test's result: a fault of the simulated program, a
construct the simulator does not support (an ERROR, never a pass), a test
that never finishes, and a bad test definition (an unknown POU or signal, a
value that does not fit: ``bad_definition``, which the command line reports
as a usage error). With ``coverage`` the statement and branch counters of
every test are merged into ``TestRun.coverage``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from werk.tools.errors import UsageError
from werk.tools.st.testing.assertions import with_assertions
from werk.tools.st.testing.bench import CycleLimitReached, TestBench
from werk.tools.st.testing.coverage_report import CoverageCollector
from werk.tools.st.testing.results import Status, TestCase, TestResult, TestRun
from werk.tools.st.testing.run_scenario import run_scenario
from werk.tools.st.testing.run_trace import run_trace
from werk.tools.st.testing.run_unit import DEFAULT_MAX_CYCLES, run_unit_test
from werk.tools.st.testing.scenario import Scenario
from werk.tools.st.testing.trace import DEFAULT_CYCLE_NS, Trace
from werk.tools.st.testing.unit_tests import UnitTest

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project


def run_tests(
    project: Project,
    tests: Sequence[TestCase],
    *,
    coverage: bool = False,
    cycle_ms: int = DEFAULT_CYCLE_NS // 1_000_000,
    max_cycles: int = DEFAULT_MAX_CYCLES,
    root: Path | None = None,
) -> TestRun:
    """Run ``tests`` on ``project``; ``cycle_ms`` and ``max_cycles`` are for ST unit tests.

    ``root`` is the folder paths in the JSON form are relative to.
    """
    if cycle_ms <= 0:
        raise UsageError(f"the cycle time must be positive, not {cycle_ms} ms")
    if max_cycles <= 0:
        raise UsageError(f"max_cycles must be positive, not {max_cycles}")
    started = time.perf_counter()
    test_fbs = {
        test.definition.fb.lower() for test in tests if isinstance(test.definition, UnitTest)
    }
    if test_fbs:
        project = with_assertions(project)
    collector = CoverageCollector() if coverage else None

    def leave_out(pou: str) -> bool:
        return pou.split(".", 1)[0].lower() in test_fbs

    run = TestRun(root=root)
    for test in tests:
        result, bench = _run_one(
            test, project, coverage=coverage, cycle_ns=cycle_ms * 1_000_000, max_cycles=max_cycles
        )
        if collector is not None and bench is not None and bench.sim.coverage is not None:
            collector.add(bench.sim.coverage, leave_out)
        run.results.append(result)
    run.duration_s = time.perf_counter() - started
    if collector is not None:
        run.coverage = collector.report()
    return run


def _run_one(
    test: TestCase, project: Project, *, coverage: bool, cycle_ns: int, max_cycles: int
) -> tuple[TestResult, TestBench | None]:
    started = time.perf_counter()
    bench: TestBench | None = None
    try:
        definition = test.definition
        if isinstance(definition, Trace):
            result, bench = run_trace(test, definition, project, coverage=coverage)
        elif isinstance(definition, Scenario):
            result, bench = run_scenario(test, definition, project, coverage=coverage)
        elif isinstance(definition, UnitTest):
            result, bench = run_unit_test(
                test,
                definition,
                project,
                cycle_ns=cycle_ns,
                max_cycles=max_cycles,
                coverage=coverage,
            )
        else:
            raise UsageError(f"{test.name}: a {test.kind.value} test without a definition")
    except UsageError as exc:  # TestDefinitionError and wrong use of the simulator by the test
        result = TestResult(test, Status.ERROR, error=exc.message, bad_definition=True)
    except CycleLimitReached as exc:
        result = TestResult(test, Status.ERROR, exc.limit, error=str(exc))
    except RecursionError:
        result = TestResult(test, Status.ERROR, error="the code is nested too deeply to simulate")
    result.duration_s = time.perf_counter() - started
    return result, bench
