"""Executable tests for PLC code, run on the scan-cycle simulator (``werk test``).

Four kinds of test, each documented in its module:

- traces (``trace``): per-cycle inputs and expected outputs, ``*.trace.yaml``
  or ``*.trace.csv``;
- Agents4PLC test cases (``agents4plc``): the benchmark's ``test_cases``,
  read as traces;
- scenarios (``scenario``): steps that set inputs, let time pass and expect
  outputs now, at a time, throughout a window or eventually;
- ST unit tests (``unit_tests``, ``assertions``): test FBs in ST calling
  ``ASSERT_EQUAL`` and friends (TcUnit's names too).

The agent, the benchmark and the editor call this API in-process::

    tests = discover_tests(root)                      # or discover_tests(root, [path])
    run = run_tests(project, select(tests, "valve"), coverage=True)
    run.ok; run.to_json(); render_text(run); render_junit(run)
    run_agents4plc_task(task, model_answer_st)       # a task's test_cases on given ST

A test is PASS, FAIL (it ran and diverged: the first diverging cycle, the
signal, expected and actual) or ERROR (a fault of the program, a construct
the simulator cannot run, a test that never finished, or a bad definition).
"""

from werk.tools.st.testing.agents4plc import (
    Agents4PlcTask,
    read_task_file,
    read_tasks,
    run_agents4plc_task,
)
from werk.tools.st.testing.coverage_report import CoverageReport, render_coverage
from werk.tools.st.testing.discovery import agents4plc_cases, discover_tests, select
from werk.tools.st.testing.errors import TestDefinitionError
from werk.tools.st.testing.junit import render_junit
from werk.tools.st.testing.results import (
    Failure,
    FaultInfo,
    Status,
    TestCase,
    TestKind,
    TestResult,
    TestRun,
)
from werk.tools.st.testing.runner import run_tests
from werk.tools.st.testing.text_report import render_text

__all__ = [
    "Agents4PlcTask",
    "CoverageReport",
    "Failure",
    "FaultInfo",
    "Status",
    "TestCase",
    "TestDefinitionError",
    "TestKind",
    "TestResult",
    "TestRun",
    "agents4plc_cases",
    "discover_tests",
    "read_task_file",
    "read_tasks",
    "render_coverage",
    "render_junit",
    "render_text",
    "run_agents4plc_task",
    "run_tests",
    "select",
]
