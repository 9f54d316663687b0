"""What a test run found: per test a status, and for a failure exactly what diverged.

These are the structures the agent, the benchmark's scoring and the editor
read in-process, and that ``werk test --json`` writes (``TestRun.to_json``,
schema version 1)::

    {"version": 1,
     "summary": {"total", "passed", "failed", "errors", "duration_s"},
     "tests": [{"name", "kind", "file", "line", "pou", "status", "cycles", "duration_s",
                "failure": null | {"cycle", "time_ms", "signal", "expected", "actual",
                                   "message", "position", "step", "details"},
                "fault": null | {"kind", "message", "position", "stack", "cycle", "time_ms"},
                "error": null | "why the test could not run"}],
     "coverage": null | {...}}

``file`` and positions are relative to the project root (``path:line`` or
``path:line:column``); values are shown in ST syntax (``TRUE``, ``T#2s``,
``16#..`` is shown in decimal). A test is ``pass``, ``fail`` (it ran and
something diverged from the expectation) or ``error`` (it could not run to
a verdict: a fault of the program, a construct the simulator does not
support, a test that never finished, or a bad test definition).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werk.tools.st.testing.errors import shown

if TYPE_CHECKING:
    from werk.tools.st.testing.coverage_report import CoverageReport

JSON_VERSION = 1


class TestKind(StrEnum):
    __test__ = False  # not a pytest test class

    TRACE = "trace"
    SCENARIO = "scenario"
    AGENTS4PLC = "agents4plc"
    ST = "st"  # an ST unit test (a test FB or one of its Test methods)


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"


@dataclass(frozen=True)
class Place:
    """A position in a file: a test file's row or step, or an ST statement."""

    path: Path
    line: int | None = None
    column: int | None = None

    def render(self, root: Path | None = None) -> str:
        text = relative(self.path, root) if root is not None else shown(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


def relative(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` (POSIX separators) when it lies below it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return str(path)


@dataclass
class TestCase:
    """One test to run: where it is defined and what it is (``definition``)."""

    __test__ = False  # not a pytest test class

    name: str  # unique in a run: ``file::title`` (``-k`` matches it)
    kind: TestKind
    file: Path
    line: int
    pou: str | None  # the POU under test (for an ST test, the test FB)
    definition: Any  # a Trace, Scenario or UnitTest
    title: str = ""  # the name inside its file


@dataclass
class CycleRecord:
    """The watched signals after one cycle, shown in ST syntax."""

    cycle: int  # 1-based
    time_ms: float  # when the cycle started
    values: dict[str, str]


@dataclass
class TraceWindow:
    """The trace around a failure: a few cycles before and after the diverging one."""

    inputs: list[str]
    outputs: list[str]
    rows: list[CycleRecord]
    failing_cycle: int
    expected: dict[str, str]  # the diverging cells: signal -> what was expected


@dataclass
class Failure:
    """The first divergence: which cycle, which signal, what was expected and what came."""

    message: str
    cycle: int | None = None
    time_ms: float | None = None
    signal: str | None = None
    expected: str | None = None
    actual: str | None = None
    position: Place | None = None  # the test row or step, or the ST assertion
    step: str | None = None  # scenario step
    details: list[str] = field(default_factory=list)  # more divergences in the same cycle
    window: TraceWindow | None = None

    def to_json(self, root: Path | None) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "time_ms": self.time_ms,
            "signal": self.signal,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
            "position": self.position.render(root) if self.position is not None else None,
            "step": self.step,
            "details": list(self.details),
        }


@dataclass
class FaultInfo:
    """A fault of the simulated program (division by zero, array bound, watchdog...)."""

    kind: str
    message: str
    position: Place | None
    stack: list[tuple[str, Place | None]]  # innermost call first: ``MAIN.fbPump (FB_Pump)``
    cycle: int | None = None
    time_ms: float | None = None

    def frames(self, root: Path | None = None) -> list[str]:
        """The call stack, innermost first: ``MAIN.fbPump (FB_Pump) at plc/pump.st:12:5``."""
        return [
            f"{call} at {place.render(root)}" if place is not None else call
            for call, place in self.stack
        ]

    def to_json(self, root: Path | None) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "position": self.position.render(root) if self.position is not None else None,
            "stack": self.frames(root),
            "cycle": self.cycle,
            "time_ms": self.time_ms,
        }


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class

    test: TestCase
    status: Status
    cycles: int = 0
    duration_s: float = 0.0
    failure: Failure | None = None
    fault: FaultInfo | None = None
    error: str | None = None  # why an ERROR without a fault could not run
    bad_definition: bool = False  # the test itself is wrong (usage error, exit code 2)

    def to_json(self, root: Path | None) -> dict[str, Any]:
        test = self.test
        return {
            "name": test.name,
            "kind": test.kind.value,
            "file": relative(test.file, root),
            "line": test.line,
            "pou": test.pou,
            "status": self.status.value,
            "cycles": self.cycles,
            "duration_s": round(self.duration_s, 6),
            "failure": self.failure.to_json(root) if self.failure is not None else None,
            "fault": self.fault.to_json(root) if self.fault is not None else None,
            "error": self.error,
        }


@dataclass
class TestRun:
    """All results of one run, in the order the tests ran."""

    __test__ = False  # not a pytest test class

    results: list[TestResult] = field(default_factory=list)
    duration_s: float = 0.0
    root: Path | None = None
    coverage: CoverageReport | None = None

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status is status)

    @property
    def passed(self) -> int:
        return self.count(Status.PASS)

    @property
    def failed(self) -> int:
        return self.count(Status.FAIL)

    @property
    def errors(self) -> int:
        return self.count(Status.ERROR)

    @property
    def ok(self) -> bool:
        return all(result.status is Status.PASS for result in self.results)

    @property
    def bad_definitions(self) -> list[TestResult]:
        return [result for result in self.results if result.bad_definition]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "summary": {
                "total": len(self.results),
                "passed": self.passed,
                "failed": self.failed,
                "errors": self.errors,
                "duration_s": round(self.duration_s, 6),
            },
            "tests": [result.to_json(self.root) for result in self.results],
            "coverage": self.coverage.to_json(self.root) if self.coverage is not None else None,
        }
