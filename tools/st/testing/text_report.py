"""The text report of a test run: one line per test, and for each failure what diverged.

::

    PASS   tests/valve.trace.yaml::opens on command  (FB_Valve, 4 cycles, 1 ms)
    FAIL   tests/valve.trace.yaml::alarm  (FB_Valve, 201 cycles, 6 ms)
           cycle 201 (t=2000ms): bAlarm expected TRUE, got FALSE
           at tests/valve.trace.yaml:14
             cycle    time | bOpen  wStatus | bSolenoid  bAlarm
               199  1980ms | TRUE   2       | TRUE       FALSE
               200  1990ms | TRUE   2       | TRUE       FALSE
           >   201  2000ms | TRUE   2       | TRUE       *FALSE*
               202  2010ms | TRUE   2       | TRUE       TRUE
             (*: expected bAlarm = TRUE)
    ERROR  tests/pump.scenario.yaml::dry run  (FB_Pump, 3 cycles, 0 ms)
           division by zero: ... at plc/fb_pump.st:12
             in FB_Pump (FB_Pump) at plc/fb_pump.st:12:15

    1 passed, 1 failed, 1 error in 0.01 s
"""

from __future__ import annotations

from pathlib import Path

from werk.tools.st.testing.observe import show_ms
from werk.tools.st.testing.results import Status, TestResult, TestRun, TraceWindow

INDENT = " " * 7
LABELS = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.ERROR: "ERROR"}


def render_text(run: TestRun, *, root: Path | None = None, show_passed: bool = True) -> str:
    lines: list[str] = []
    for result in run.results:
        if result.status is Status.PASS and not show_passed:
            continue
        lines.extend(render_result(result, root=root))
    if lines:
        lines.append("")
    lines.append(summary(run))
    return "\n".join(lines) + "\n"


def summary(run: TestRun) -> str:
    if not run.results:
        return f"no tests ran ({run.duration_s:.2f} s)"
    parts = [f"{run.passed} passed"]
    if run.failed:
        parts.append(f"{run.failed} failed")
    if run.errors:
        parts.append(f"{run.errors} error{'s' if run.errors != 1 else ''}")
    return f"{', '.join(parts)} in {run.duration_s:.2f} s"


def render_result(result: TestResult, *, root: Path | None = None) -> list[str]:
    test = result.test
    facts = [test.pou] if test.pou else []
    facts.append(f"{result.cycles} cycle{'s' if result.cycles != 1 else ''}")
    facts.append(f"{result.duration_s * 1000:.0f} ms")
    lines = [f"{LABELS[result.status]:6} {test.name}  ({', '.join(facts)})"]
    lines.extend(INDENT + line for line in details(result, root=root))
    return lines


def details(result: TestResult, *, root: Path | None = None) -> list[str]:
    """Why a test did not pass, as indented-free lines (empty for a pass)."""
    lines: list[str] = []
    failure = result.failure
    if failure is not None:
        lines.append(failure.message)
        lines.extend(f"also: {detail}" for detail in failure.details)
        if failure.position is not None:
            lines.append(f"at {failure.position.render(root)}")
        if failure.window is not None:
            lines.extend(render_window(failure.window))
    fault = result.fault
    if fault is not None:
        where = f" at {fault.position.render(root)}" if fault.position is not None else ""
        cycle = f" in cycle {fault.cycle} (t={show_ms(fault.time_ms)})" if fault.cycle else ""
        lines.append(f"{fault.kind}: {fault.message}{where}{cycle}")
        lines.extend(f"  in {frame}" for frame in fault.frames(root))
    if result.error is not None:
        lines.append(result.error)
    return lines


def render_window(window: TraceWindow) -> list[str]:
    """The trace around a failure as a table, the diverging cells marked ``*like this*``."""
    inputs, outputs = window.inputs, window.outputs
    header = ["cycle", "time", *inputs, *outputs]
    rows: list[list[str]] = []
    for record in window.rows:
        cells = [str(record.cycle), show_ms(record.time_ms)]
        for name in [*inputs, *outputs]:
            value = record.values.get(name, "")
            if record.cycle == window.failing_cycle and name in window.expected:
                value = f"*{value}*"
            cells.append(value)
        rows.append(cells)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    split = [2 + len(inputs)] if inputs and outputs else []

    def line(cells: list[str], marker: str) -> str:
        parts = []
        for index, cell in enumerate(cells):
            if index in split:
                parts.append("|")
            text = cell.rjust(widths[index]) if index < 2 else cell.ljust(widths[index])
            parts.append(text)
            if index == 1:
                parts.append("|")
        return f"{marker} " + " ".join(parts).rstrip()

    lines = [line(header, " ")]
    for record, cells in zip(window.rows, rows, strict=True):
        lines.append(line(cells, ">" if record.cycle == window.failing_cycle else " "))
    expected = ", ".join(f"{name} = {value}" for name, value in window.expected.items())
    if expected:
        lines.append(f"  (*: expected {expected})")
    return lines
