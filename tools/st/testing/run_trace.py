"""Running a trace (and an Agents4PLC test case, which is read as one): row by row, cycle by cycle.

For each row: write its inputs, run one cycle, compare its expected
outputs. The first row with a difference fails the test: the failure names
the cycle (1-based), the time the cycle started, the first diverging signal
(in the order of the outputs), expected and actual value, and the row's
line; other signals diverging in the same cycle are listed as details. The
rows after it still run, up to three, only to show what came next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from werk.tools.st.sim import SimulationFault
from werk.tools.st.testing.bench import Signal, TestBench, find_pou_under_test
from werk.tools.st.testing.errors import TestDefinitionError
from werk.tools.st.testing.observe import (
    CycleWindow,
    fault_info,
    show_ms,
    time_ms,
    unsupported_message,
)
from werk.tools.st.testing.results import Failure, Place, Status, TestCase, TestResult
from werk.tools.st.testing.values import (
    EXACT,
    CellError,
    Tolerance,
    matches,
    parse_cell,
    parse_tolerance,
)

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project
    from werk.tools.st.testing.trace import Trace

# A row typed for its signals: its line, the inputs to write, the outputs to check.
_Row = tuple[int, list[tuple[Signal, Any]], list[tuple[Signal, Any]]]


def run_trace(
    test: TestCase, trace: Trace, project: Project, *, coverage: bool = False
) -> tuple[TestResult, TestBench]:
    pou = find_pou_under_test(project, trace.pou, trace.path, trace.pou_line)
    bench = TestBench(project, pou, cycle_ns=trace.cycle_ns, coverage=coverage)
    inputs = [bench.signal(name, trace.path, trace.line_of(name)) for name in trace.inputs]
    outputs = [bench.signal(name, trace.path, trace.line_of(name)) for name in trace.outputs]
    tolerances = _tolerances(trace, outputs)
    rows: list[_Row] = []
    typed: dict[int, _Row] = {}  # a repeated row is one object: typed once
    for row in trace.rows:
        known = typed.get(id(row))
        if known is not None:
            rows.append(known)
            continue
        try:
            written = [
                (s, parse_cell(row.inputs[s.name], s.layout))
                for s in inputs
                if s.name in row.inputs
            ]
            wanted = [
                (s, parse_cell(row.expected[s.name], s.layout))
                for s in outputs
                if s.name in row.expected
            ]
        except CellError as exc:
            raise TestDefinitionError(str(exc), trace.path, row.line) from None
        rows.append(typed.setdefault(id(row), (row.line, written, wanted)))
    if bench.unsupported:
        return TestResult(test, Status.ERROR, error=unsupported_message(bench.unsupported)), bench
    window = CycleWindow(bench, inputs, outputs)
    for index, (line, written, wanted) in enumerate(rows):
        for signal, value in written:
            signal.assign(value)
        try:
            bench.run_cycle()
        except SimulationFault as fault:
            info = fault_info(fault, bench)
            return TestResult(test, Status.ERROR, bench.cycles, fault=info), bench
        window.record()
        diverging = [
            (signal, expected, actual)
            for signal, expected in wanted
            if not matches(expected, actual := signal.read(), tolerances.get(signal.name, EXACT))
        ]
        if diverging:
            failure = _failure(bench, trace, line, diverging, tolerances)
            next_row = _context(bench, rows[index + 1 :])
            expected_cells = {
                signal.name: signal.show(expected) for signal, expected, _ in diverging
            }
            cycles = bench.cycles
            failure.window = window.window(expected_cells, next_row)
            return TestResult(test, Status.FAIL, cycles, failure=failure), bench
    return TestResult(test, Status.PASS, bench.cycles), bench


def _context(bench: TestBench, rows: list[_Row]) -> Callable[[], bool]:
    """Runs the rows after a failure, one per call, for the context of the report."""
    rest = iter(rows)

    def next_row() -> bool:
        following = next(rest, None)
        if following is None:
            return False
        for signal, value in following[1]:
            signal.assign(value)
        bench.run_cycle()
        return True

    return next_row


def _tolerances(trace: Trace, outputs: list[Signal]) -> dict[str, Tolerance]:
    by_key = {signal.name.lower(): signal for signal in outputs}
    found: dict[str, Tolerance] = {}
    for name, (raw, line) in trace.tolerances.items():
        signal = by_key.get(name.lower())
        if signal is None:
            raise TestDefinitionError(
                f"a tolerance for {name}, which is not among the outputs", trace.path, line
            )
        try:
            found[signal.name] = parse_tolerance(raw, signal.layout)
        except CellError as exc:
            raise TestDefinitionError(f"tolerance of {name}: {exc}", trace.path, line) from None
    return found


def _failure(
    bench: TestBench,
    trace: Trace,
    line: int,
    diverging: list[tuple[Signal, Any, Any]],
    tolerances: dict[str, Tolerance],
) -> Failure:
    when = time_ms(bench.last_cycle_ns)
    texts = []
    for signal, expected, actual in diverging:
        tolerance = tolerances.get(signal.name)
        within = f" (tolerance {tolerance.text})" if tolerance is not None else ""
        texts.append(
            f"{signal.name} expected {signal.show(expected)}{within}, got {signal.show(actual)}"
        )
    signal, expected, actual = diverging[0]
    return Failure(
        message=f"cycle {bench.cycles} (t={show_ms(when)}): {texts[0]}",
        cycle=bench.cycles,
        time_ms=when,
        signal=signal.name,
        expected=signal.show(expected),
        actual=signal.show(actual),
        position=Place(trace.path, line),
        details=texts[1:],
    )
