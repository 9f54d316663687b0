"""Running a scenario: its steps in order, with the timing semantics described in ``scenario``.

The watched signals are every signal the scenario names, inputs (those it
sets) first. A failure stops the scenario; it names the step and its line,
the cycle, the time, the signal with expected and actual value, and the
expectation's timing; three more cycles run (inputs held) for the context.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    from werk.tools.st.testing.scenario import Scenario, Signals, Step

Typed = list[tuple[Signal, Any]]


class ScenarioFailed(Exception):  # noqa: N818 (a control-flow signal, not an error)
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass
class _Checks:
    """One step's expectations, typed for their signals."""

    set: Typed
    expect: Typed
    always: Typed
    never: Typed


class ScenarioRun:
    def __init__(
        self, test: TestCase, scenario: Scenario, project: Project, *, coverage: bool
    ) -> None:
        self.test = test
        self.scenario = scenario
        pou = find_pou_under_test(project, scenario.pou, scenario.path, scenario.pou_line)
        self.bench = TestBench(project, pou, cycle_ns=scenario.cycle_ns, coverage=coverage)
        self.signals: dict[str, Signal] = {}
        inputs: list[Signal] = []
        outputs: list[Signal] = []
        for step in scenario.steps:
            for group, target in (
                (step.set, inputs),
                (step.expect, outputs),
                (step.always, outputs),
                (step.never, outputs),
            ):
                if group is None:
                    continue
                for name in group.cells:
                    if name.lower() not in self.signals:
                        signal = self.bench.signal(name, scenario.path, group.line)
                        self.signals[name.lower()] = signal
                        target.append(signal)
        outputs = [signal for signal in outputs if signal not in inputs]
        self.window = CycleWindow(self.bench, inputs, outputs)
        self.tolerances = self._tolerances()
        self.checks = [self._typed(step) for step in scenario.steps]
        self.pending = False  # inputs written that no cycle has read yet
        self.step: Step | None = None
        self.guards: _Checks | None = None

    # --- preparation -----------------------------------------------------------------------

    def _tolerances(self) -> dict[str, Tolerance]:
        found: dict[str, Tolerance] = {}
        for name, (raw, line) in self.scenario.tolerances.items():
            signal = self.signals.get(name.lower())
            if signal is None:
                raise TestDefinitionError(
                    f"a tolerance for {name}, which no step checks", self.scenario.path, line
                )
            try:
                found[signal.name] = parse_tolerance(raw, signal.layout)
            except CellError as exc:
                raise TestDefinitionError(
                    f"tolerance of {name}: {exc}", self.scenario.path, line
                ) from None
        return found

    def _typed(self, step: Step) -> _Checks:
        def typed(group: Signals | None) -> Typed:
            if group is None:
                return []
            cells = []
            for name, raw in group.cells.items():
                signal = self.signals[name.lower()]
                try:
                    cells.append((signal, parse_cell(raw, signal.layout)))
                except CellError as exc:
                    raise TestDefinitionError(
                        f"{name}: {exc}", self.scenario.path, group.line
                    ) from None
            return cells

        return _Checks(typed(step.set), typed(step.expect), typed(step.always), typed(step.never))

    # --- running ---------------------------------------------------------------------------

    def run(self) -> TestResult:
        bench = self.bench
        if bench.unsupported:
            return TestResult(self.test, Status.ERROR, error=unsupported_message(bench.unsupported))
        try:
            for step, checks in zip(self.scenario.steps, self.checks, strict=True):
                self.run_step(step, checks)
        except SimulationFault as fault:
            return TestResult(self.test, Status.ERROR, bench.cycles, fault=fault_info(fault, bench))
        except ScenarioFailed as failed:
            cycles = bench.cycles
            expected = (
                {failed.failure.signal: failed.failure.expected or "?"}
                if failed.failure.signal
                else {}
            )

            def hold() -> bool:
                bench.run_cycle()
                return True

            failed.failure.window = self.window.window(expected, hold)
            return TestResult(self.test, Status.FAIL, cycles, failure=failed.failure)
        return TestResult(self.test, Status.PASS, bench.cycles)

    def run_step(self, step: Step, checks: _Checks) -> None:
        bench = self.bench
        self.step = step
        self.guards = checks if checks.always or checks.never else None
        for signal, value in checks.set:
            signal.assign(value)
        if checks.set:
            self.pending = True
        if step.advance_ns is not None:
            target = bench.now_ns + step.advance_ns
            while bench.next_tick_ns() < target:
                self.cycle()
            bench.now_ns = max(bench.now_ns, target)
        elif step.cycles is not None:
            for _ in range(step.cycles):
                self.cycle()
        if checks.expect:
            self.expect(step, checks.expect)
        self.guards = None

    def cycle(self) -> None:
        self.bench.run_cycle()
        self.pending = False
        self.window.record()
        guards = self.guards
        if guards is None:
            return
        for signal, expected in guards.always:
            actual = signal.read()
            if not self._matches(signal, expected, actual):
                raise self.failed(signal, expected, actual, "always")
        for signal, forbidden in guards.never:
            actual = signal.read()
            if self._matches(signal, forbidden, actual):
                raise self.failed(signal, forbidden, actual, "never", negated=True)

    def expect(self, step: Step, cells: Typed) -> None:
        bench = self.bench
        t0 = bench.now_ns
        timing = step.timing
        if step.at_ns is not None:
            self.run_until(t0 + step.at_ns)
            self.check(cells, timing)
        elif step.within_ns is not None:
            low, high = step.within_ns
            self.run_until(t0 + low)
            self.check(cells, timing)
            while bench.next_tick_ns() <= t0 + high:
                self.cycle()
                self.check(cells, timing)
        elif step.eventually_ns is not None:
            if self.pending:
                self.cycle()
            while not self.holds(cells):
                if bench.next_tick_ns() > t0 + step.eventually_ns:
                    self.check(cells, timing)  # raises: it never held
                self.cycle()
        else:
            if self.pending:
                self.cycle()
            self.check(cells, timing)

    def run_until(self, end_ns: int) -> None:
        while self.bench.next_tick_ns() <= end_ns:
            self.cycle()

    def holds(self, cells: Typed) -> bool:
        return all(self._matches(signal, value, signal.read()) for signal, value in cells)

    def check(self, cells: Typed, timing: str) -> None:
        for signal, expected in cells:
            actual = signal.read()
            if not self._matches(signal, expected, actual):
                raise self.failed(signal, expected, actual, f"expect {timing}".strip())

    def _matches(self, signal: Signal, expected: Any, actual: Any) -> bool:
        return matches(expected, actual, self.tolerances.get(signal.name, EXACT))

    def failed(
        self, signal: Signal, expected: Any, actual: Any, what: str, *, negated: bool = False
    ) -> ScenarioFailed:
        bench = self.bench
        step = self.step
        assert step is not None
        shown_expected = ("not " if negated else "") + signal.show(expected)
        when = time_ms(bench.last_cycle_ns) if bench.cycles else None
        at = f"cycle {bench.cycles} (t={show_ms(when)})" if bench.cycles else "before any cycle"
        message = (
            f"{step.label} (line {step.line}), {what}: at {at}, "
            f"{signal.name} expected {shown_expected}, got {signal.show(actual)}"
        )
        return ScenarioFailed(
            Failure(
                message=message,
                cycle=bench.cycles or None,
                time_ms=when,
                signal=signal.name,
                expected=shown_expected,
                actual=signal.show(actual),
                position=Place(self.scenario.path, step.line),
                step=step.label,
            )
        )


def run_scenario(
    test: TestCase, scenario: Scenario, project: Project, *, coverage: bool = False
) -> tuple[TestResult, TestBench]:
    run = ScenarioRun(test, scenario, project, coverage=coverage)
    return run.run(), run.bench
