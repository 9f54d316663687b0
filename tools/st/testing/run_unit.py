"""Running an ST unit test: its method (or the test FB's body) once per cycle until it is done.

See ``unit_tests`` for when a test is done and ``assertions`` for what an
assertion records. A failed assertion fails the test at the end of its
cycle; the failure is the first assertion that failed, at its file:line,
with the others of the same cycle as details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werk.tools.st.sim import SimulationFault
from werk.tools.st.testing.assertions import AssertionFailure, AssertionRecorder, is_library
from werk.tools.st.testing.bench import TestBench, find_pou_under_test
from werk.tools.st.testing.observe import (
    fault_info,
    place_of,
    show_ms,
    time_ms,
    unsupported_message,
)
from werk.tools.st.testing.results import Failure, Status, TestCase, TestResult

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project
    from werk.tools.st.testing.unit_tests import UnitTest

DEFAULT_MAX_CYCLES = 10_000


def run_unit_test(
    test: TestCase,
    unit: UnitTest,
    project: Project,
    *,
    cycle_ns: int,
    max_cycles: int = DEFAULT_MAX_CYCLES,
    coverage: bool = False,
) -> tuple[TestResult, TestBench]:
    """Run ``unit`` on ``project``, which must hold the assertion library (``with_assertions``)."""
    recorder = AssertionRecorder(project)
    natives = {name: fn for name, fn in recorder.natives().items() if is_library(project, name)}
    pou = find_pou_under_test(project, unit.fb, unit.path, unit.line)
    bench = TestBench(
        project, pou, cycle_ns=cycle_ns, coverage=coverage, natives=natives, method=unit.method
    )
    if bench.unsupported:
        return TestResult(test, Status.ERROR, error=unsupported_message(bench.unsupported)), bench
    limit = max_cycles if unit.multi_cycle else 1
    for _ in range(limit):
        try:
            bench.run_cycle()
        except SimulationFault as fault:
            return TestResult(
                test, Status.ERROR, bench.cycles, fault=fault_info(fault, bench)
            ), bench
        if recorder.failures:
            failure = _failure(recorder.failures, bench)
            return TestResult(test, Status.FAIL, bench.cycles, failure=failure), bench
        if not unit.multi_cycle or recorder.finished:
            return TestResult(test, Status.PASS, bench.cycles), bench
    error = f"did not call TEST_FINISHED() within {limit} cycles"
    return TestResult(test, Status.ERROR, bench.cycles, error=error), bench


def describe(failed: AssertionFailure) -> str:
    """``ASSERT_EQUAL(nCount): expected 5, got 4 -- 'the count'``."""
    subject = f"({failed.subject})" if failed.subject else ""
    if failed.expected is not None and failed.actual is not None:
        what = f"expected {failed.expected}, got {failed.actual}"
        if failed.reason not in ("", "values differ", "values are equal"):
            what += f" ({failed.reason})"
    else:
        what = failed.reason
    text = f"{failed.function}{subject}: {what}"
    if failed.message:
        text += f" -- {failed.message!r}"
    if failed.position is not None:
        text += f" [line {failed.position.line}]"
    return text


def _failure(failures: list[AssertionFailure], bench: TestBench) -> Failure:
    first = failures[0]
    when = time_ms(bench.last_cycle_ns)
    prefix = f"cycle {bench.cycles} (t={show_ms(when)}): " if bench.cycles > 1 else ""
    return Failure(
        message=prefix + describe(first),
        cycle=bench.cycles,
        time_ms=when,
        signal=first.subject,
        expected=first.expected,
        actual=first.actual,
        position=place_of(first.position),
        details=[describe(other) for other in failures[1:]],
    )
