"""Trace tests: reading the YAML and CSV forms, running them, and what a failure says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.tools.st.testing.support import line_of, plant, run_all, write
from werk.tools.st.testing import Status, TestDefinitionError
from werk.tools.st.testing.results import Place
from werk.tools.st.testing.text_report import render_result
from werk.tools.st.testing.trace import read_traces

DELAY_TRACE = """\
pou: FB_Delay
cycle: T#10ms
name: delay of 30 ms
inputs: [bStart, tDelay]
outputs: [bDone, tElapsed, eMode]
rows:
  - [FALSE, T#30ms, FALSE, T#0ms, E_Mode.Idle]
  - [TRUE, -, FALSE, T#0ms, Running]
  - [-, -, FALSE, 10, -]
  - {tElapsed: T#20ms, repeat: 1}
  - {bDone: TRUE, eMode: E_Mode#Done}
  - [FALSE, -, FALSE, T#0MS, 0]
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = plant(tmp_path / "project")
    monkeypatch.chdir(folder)  # messages show paths relative to the current folder
    return folder


def test_passing_trace_with_literals_dont_cares_and_held_inputs(root: Path) -> None:
    write(root, "delay.trace.yaml", DELAY_TRACE)
    run = run_all(root)
    (result,) = run.results
    assert result.test.name == "delay.trace.yaml::delay of 30 ms"
    assert result.test.pou == "FB_Delay"
    assert (result.status, result.cycles) == (Status.PASS, 6), result.failure


def test_first_diverging_cycle_signal_and_row(root: Path) -> None:
    trace = write(root, "delay.trace.yaml", DELAY_TRACE.replace("{bDone: TRUE", "{bDone: FALSE"))
    (result,) = run_all(root).results
    assert result.status is Status.FAIL
    failure = result.failure
    assert failure is not None
    assert (failure.cycle, failure.time_ms, failure.signal) == (5, 40.0, "bDone")
    assert (failure.expected, failure.actual) == ("FALSE", "TRUE")
    assert failure.message == "cycle 5 (t=40ms): bDone expected FALSE, got TRUE"
    assert failure.position == Place(trace, line_of(trace, "{bDone: FALSE"))
    # The last row ran for the context, no more: the trace had 6 rows.
    assert result.cycles == 5
    window = failure.window
    assert window is not None
    assert [row.cycle for row in window.rows] == [2, 3, 4, 5, 6]
    assert window.expected == {"bDone": "FALSE"}


def test_failure_report_shows_the_trace_around_it(root: Path) -> None:
    write(root, "delay.trace.yaml", DELAY_TRACE.replace("{bDone: TRUE", "{bDone: FALSE"))
    (result,) = run_all(root).results
    lines = render_result(result, root=root)
    assert lines[1:] == [
        "       cycle 5 (t=40ms): bDone expected FALSE, got TRUE",
        "       at delay.trace.yaml:11",
        "         cycle time | bStart tDelay | bDone  tElapsed eMode",
        "             2 10ms | TRUE   T#30ms | FALSE  T#0ms    E_Mode.Running",
        "             3 20ms | TRUE   T#30ms | FALSE  T#10ms   E_Mode.Running",
        "             4 30ms | TRUE   T#30ms | FALSE  T#20ms   E_Mode.Running",
        "       >     5 40ms | TRUE   T#30ms | *TRUE* T#30ms   E_Mode.Done",
        "             6 50ms | FALSE  T#30ms | FALSE  T#0ms    E_Mode.Idle",
        "         (*: expected bDone = FALSE)",
    ]
    assert lines[0].startswith("FAIL   delay.trace.yaml::delay of 30 ms  (FB_Delay, 5 cycles, ")


def test_several_diverging_signals_in_one_cycle(root: Path) -> None:
    write(
        root,
        "classify.trace.yaml",
        "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\nrows:\n  - [5, 1]\n  - [-7, 0]\n",
    )
    (result,) = run_all(root).results
    assert result.failure is not None
    assert result.failure.message == "cycle 2 (t=10ms): nClass expected 0, got -1"


FILTER = """\
pou: FB_Filter
inputs: [rIn, aIn]
outputs: [rOut, nSum, stLast, sText]
{tolerance}rows:
  - [2.1, [1, 2, 3], 1.0, 6, {{rValue: 2.1, bValid: TRUE}}, 'positive']
  - [-1.0, [-5, -1, 3], -0.5, -3, {{bValid: FALSE}}, "'not positive'"]
"""


def test_real_outputs_are_exact_unless_a_tolerance_says_otherwise(root: Path) -> None:
    write(root, "filter.trace.yaml", FILTER.format(tolerance=""))
    (result,) = run_all(root).results
    assert result.failure is not None
    assert result.failure.message == "cycle 1 (t=0ms): rOut expected 1.0, got 1.05"


@pytest.mark.parametrize("tolerance", ["0.06", "5%", "6%"])
def test_absolute_and_relative_tolerances(root: Path, tolerance: str) -> None:
    write(root, "filter.trace.yaml", FILTER.format(tolerance=f"tolerance: {{rOut: {tolerance}}}\n"))
    (result,) = run_all(root).results
    assert result.status is Status.PASS, result.failure


def test_a_tolerance_too_tight_names_itself(root: Path) -> None:
    write(root, "filter.trace.yaml", FILTER.format(tolerance="tolerance: {rOut: 0.04}\n"))
    (result,) = run_all(root).results
    assert result.failure is not None
    assert result.failure.message == (
        "cycle 1 (t=0ms): rOut expected 1.0 (tolerance 0.04), got 1.05"
    )


def test_time_tolerance(root: Path) -> None:
    text = DELAY_TRACE.replace("tElapsed: T#20ms", "tElapsed: T#25ms")
    write(root, "delay.trace.yaml", text)
    assert run_all(root).results[0].status is Status.FAIL
    write(root, "delay.trace.yaml", text.replace("rows:", "tolerance: {tElapsed: T#5ms}\nrows:"))
    assert run_all(root).results[0].status is Status.PASS


def test_partial_arrays_keep_the_other_elements(root: Path) -> None:
    # Row 2 writes only aIn[1]: aIn is [-5, 2, 3], the sum 0, the text 'not positive'.
    write(
        root,
        "filter.trace.yaml",
        "pou: FB_Filter\ninputs: [aIn]\noutputs: [nSum, sText]\nrows:\n"
        "  - [[1, 2, 3], 6, positive]\n  - [[-5], 0, 'not positive']\n",
    )
    assert run_all(root).results[0].status is Status.PASS


def test_program_under_test_with_addresses_and_globals(root: Path) -> None:
    write(
        root,
        "count.trace.yaml",
        "pou: PRG_Count\ninputs: ['%IX0.0']\noutputs: [nCount, nTotal, rtPulse.Q]\nrows:\n"
        "  - [TRUE, 1, 10, TRUE]\n  - [TRUE, 1, 10, FALSE]\n  - [FALSE, 1, 10, FALSE]\n"
        "  - [TRUE, 2, 20, TRUE]\n",
    )
    (result,) = run_all(root).results
    assert result.status is Status.PASS, result.failure


def test_function_under_test(root: Path) -> None:
    write(
        root,
        "limit.trace.yaml",
        "pou: F_Limit\ninputs: [nIn, nMax]\noutputs: [F_Limit, bClipped]\nrows:\n"
        "  - [5, 10, 5, FALSE]\n  - [15, -, 10, TRUE]\n  - [-, 20, 15, FALSE]\n",
    )
    (result,) = run_all(root).results
    assert result.status is Status.PASS, result.failure


def test_in_out_parameters_are_signals(root: Path) -> None:
    write(
        root,
        "push.trace.yaml",
        "pou: FB_Push\ninputs: [bPush, nItem]\noutputs: [nTop, aStack, bFull]\nrows:\n"
        "  - [TRUE, 7, 0, [7, 0, 0, 0], FALSE]\n"
        "  - [TRUE, 8, 1, [7, 8], FALSE]\n"
        "  - {nItem: 9, nTop: 2, repeat: 1}\n"
        "  - {nItem: 1, nTop: 3}\n"
        "  - {nItem: 2, nTop: 3, bFull: TRUE, aStack: [7, 8, 9, 1]}\n",
    )
    (result,) = run_all(root).results
    assert result.status is Status.PASS, result.failure


def test_csv_trace(root: Path) -> None:
    write(
        root,
        "delay.trace.csv",
        "# pou: FB_Delay\n# cycle: 10ms\n# tolerance: tElapsed T#5ms\n"
        "bStart,tDelay,=> bDone,=> tElapsed\n"
        "FALSE,T#30ms,FALSE,T#0ms\nTRUE,-,FALSE,T#4ms\nTRUE,-,FALSE,T#10ms\n"
        "TRUE,-,FALSE,T#20ms\nTRUE,-,TRUE,-\n",
    )
    (result,) = run_all(root).results
    assert (result.test.name, result.status) == ("delay.trace.csv::delay", Status.PASS)
    write(root, "delay.trace.csv", "# pou: FB_Delay\nbStart,=> bDone\nTRUE\n")
    with pytest.raises(TestDefinitionError, match=r"delay.trace.csv:3: 1 cells for 2 columns"):
        run_all(root)


def test_several_traces_in_one_file(root: Path) -> None:
    path = write(
        root,
        "classify.trace.yaml",
        "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\ntraces:\n"
        "  - name: negative\n    rows: [[-1, -1]]\n"
        "  - name: zero\n    rows: [[0, 0]]\n"
        "  - name: delay\n    pou: FB_Delay\n    inputs: [bStart]\n    outputs: [bDone]\n"
        "    rows: [[TRUE, FALSE]]\n",
    )
    traces = read_traces(path)
    assert [(t.name, t.pou, t.line) for t in traces] == [
        ("negative", "FB_Classify", 5),
        ("zero", "FB_Classify", 7),
        ("delay", "FB_Delay", 9),
    ]
    assert [r.status for r in run_all(root).results] == [Status.PASS] * 3


def test_fault_is_an_error_with_position_and_stack(root: Path) -> None:
    write(
        root,
        "divide.trace.yaml",
        "pou: FB_Divide\ninputs: [nBy]\noutputs: [nResult]\nrows: [[5, 20], [0, 0]]\n",
    )
    (result,) = run_all(root).results
    assert result.status is Status.ERROR
    fault = result.fault
    assert fault is not None
    assert (fault.kind, fault.cycle, fault.time_ms) == ("division by zero", 2, 10.0)
    assert fault.position is not None
    assert fault.position.line == line_of(root / "plant.st", "nResult := 100 / nBy;")
    assert fault.frames(root) == [
        f"FB_Divide (FB_Divide) at plant.st:{fault.position.line}:{fault.position.column}"
    ]


def test_unsupported_code_is_an_error_even_when_not_reached(root: Path) -> None:
    write(
        root,
        "pointer.trace.yaml",
        "pou: FB_Pointer\ninputs: [bReach]\noutputs: [nCalls]\nrows: [[FALSE, 1]]\n",
    )
    (result,) = run_all(root).results
    assert result.status is Status.ERROR
    line = line_of(root / "plant.st", "pValue := ADR(nValue) + 2;")
    assert result.error is not None
    assert result.error.startswith("not supported by the simulator: ")
    assert result.error == (
        f"not supported by the simulator: pointer arithmetic 'ADR(nValue) + 2' at plant.st:{line}"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "pou: FB_Delai\nrows: [[]]\n",
            r":1: no FUNCTION_BLOCK, PROGRAM or FUNCTION 'FB_Delai' "
            r"in the project \(did you mean FB_Delay\?\)",
        ),
        ("pou: E_Mode\nrows: [[]]\n", r":1: no FUNCTION_BLOCK, PROGRAM or FUNCTION 'E_Mode'"),
        (
            "pou: FB_Delay\ninputs:\n  - bStrat\nrows: [[TRUE]]\n",
            r":3: FB_Delay has no variable 'bStrat' \(did you mean bStart\?\)",
        ),
        (
            "pou: FB_Delay\ninputs: [bStart]\nrows:\n  - [TRUE]\n  - [5]\n",
            r":5: '5' is not of type BOOL \(TRUE or FALSE\)",
        ),
        ("pou: FB_Delay\ninputs: [tDelay]\nrows:\n  - [T#1x]\n", r":4: .*cannot read the duration"),
        (
            "pou: FB_Classify\ninputs: [nValue]\nrows:\n  - [40000]\n",
            r":4: 40000 is outside the range of INT \(-32768..32767\)",
        ),
        (
            "pou: FB_Delay\noutputs: [bDone]\ntolerance: {bStart: 1}\nrows: [[TRUE]]\n",
            r":3: a tolerance for bStart, which is not among the outputs",
        ),
        (
            "pou: FB_Delay\noutputs: [bDone]\ntolerance: {bDone: 1}\nrows: [[TRUE]]\n",
            r":3: tolerance of bDone: a tolerance needs a number or TIME signal, not BOOL",
        ),
        (
            "pou: FB_Delay\noutputs: [tonDelay]\nrows: [[TRUE]]\n",
            r":2: tonDelay is a TON instance: name one of its members",
        ),
    ],
)
def test_bad_definitions_are_reported_with_file_and_line(
    root: Path, text: str, message: str
) -> None:
    write(root, "bad.trace.yaml", text)
    (result,) = run_all(root).results
    assert (result.status, result.bad_definition) == (Status.ERROR, True)
    assert result.error is not None
    assert result.error.startswith("bad.trace.yaml:"), result.error
    assert re.search(message, result.error), result.error


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pou: FB_Delay\nrows:\n  - [TRUE\n", r"bad.trace.yaml:4:1: malformed YAML: expected ','"),
        ("pou: FB_Delay\npou: FB_Classify\nrows: []\n", r"bad.trace.yaml:2: duplicate key 'pou'"),
        ("pou: FB_Delay\nrow: []\n", r"bad.trace.yaml:2: unknown key 'row' in a trace file"),
        ("inputs: [a]\nrows: [[1]]\n", r"bad.trace.yaml:1: the trace does not say which POU"),
        (
            "pou: FB_Delay\ninputs: [bStart]\nrows:\n  - [TRUE, FALSE]\n",
            r"bad.trace.yaml:4: 2 cells for 1 columns \(bStart\)",
        ),
        (
            "pou: FB_Delay\ninputs: [bStart]\nrows:\n  - {bStrat: TRUE}\n",
            r"bad.trace.yaml:4: bStrat is not among the trace's inputs and outputs \(bStart\)",
        ),
        ("pou: FB_Delay\ncycle: 0ms\nrows: [[]]\n", r"bad.trace.yaml:2: the cycle time must be"),
        ("pou: FB_Delay\ncycle: 500us\nrows: [[]]\n", r":2: the cycle time must be a whole number"),
        ("pou: FB_Delay\ninputs: [a, A]\nrows: [[1, 2]]\n", r"bad.trace.yaml:2: A is listed twice"),
        ("", r"bad.trace.yaml:1: the file is empty"),
    ],
)
def test_malformed_files_stop_discovery(root: Path, text: str, message: str) -> None:
    write(root, "bad.trace.yaml", text)
    with pytest.raises(TestDefinitionError, match=message):
        run_all(root)
