"""The benchmark packages' public names, pinned: a change here is a change of the API."""

from __future__ import annotations

import werk.benchmarks.agents4plc as agents4plc
import werk.benchmarks.harness as harness


def test_harness_api() -> None:
    assert sorted(harness.__all__) == sorted(
        [
            "NOOP",
            "ORACLE",
            "TASKS_ROOT",
            "AttemptRecord",
            "AttemptSpec",
            "BenchOptions",
            "BenchTask",
            "CheckResult",
            "append_record",
            "failure_category",
            "load_suite",
            "load_task",
            "mean_pass_at_k",
            "pass_at_k",
            "plan_attempts",
            "read_records",
            "render_summary",
            "run_attempt",
            "run_checks",
            "run_suite",
            "suite_validity",
        ]
    )
    assert all(hasattr(harness, name) for name in harness.__all__)


def test_agents4plc_api() -> None:
    assert sorted(agents4plc.__all__) == ["find_task_files", "import_suite", "write_task"]
    assert all(hasattr(agents4plc, name) for name in agents4plc.__all__)
