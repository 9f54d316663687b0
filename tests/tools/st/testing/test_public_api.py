"""werk.tools.st.testing's public names: the CLI, the agent and the benchmark use them."""

from __future__ import annotations

import werk.tools.st.testing as testing


def test_public_api() -> None:
    assert sorted(testing.__all__) == [
        "Agents4PlcTask", "CoverageReport", "Failure", "FaultInfo", "Status", "TestCase",
        "TestDefinitionError", "TestKind", "TestResult", "TestRun", "agents4plc_cases",
        "discover_tests", "read_task_file", "read_tasks", "render_coverage", "render_junit",
        "render_text", "run_agents4plc_task", "run_tests", "select",
    ]  # fmt: skip
    for name in testing.__all__:
        assert getattr(testing, name) is not None
