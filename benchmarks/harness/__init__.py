"""The benchmark harness behind ``werk bench``: tasks, attempts, hidden checks, pass@k.

Public API::

    tasks = load_suite(TASKS_ROOT, "fix-*")
    records = run_suite(tasks, BenchOptions(models=["local"], out=Path("bench-out"), jobs=2))
    print(render_summary(records, samples=1))
    run_attempt(AttemptSpec(task, ORACLE))      # the reference solution, same pipeline
    pass_at_k(n=10, c=3, k=5)
"""

from werk.benchmarks.harness.attempt import NOOP, ORACLE, AttemptSpec, run_attempt
from werk.benchmarks.harness.check_result import CheckResult, failure_category
from werk.benchmarks.harness.checks import run_checks
from werk.benchmarks.harness.pass_at_k import pass_at_k
from werk.benchmarks.harness.records import AttemptRecord, append_record, read_records
from werk.benchmarks.harness.suite import BenchOptions, plan_attempts, run_suite
from werk.benchmarks.harness.summary import mean_pass_at_k, render_summary, suite_validity
from werk.benchmarks.harness.task import TASKS_ROOT, BenchTask, load_suite, load_task

__all__ = [
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
