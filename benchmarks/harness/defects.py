"""Whether a defective property is the benchmark's fault or the attempt's.

The prover calls a property defective when it cannot be judged on the code
at all, for instance because it names a variable the code does not declare.
On a feature task that asks for a new output, a property about that output is
"defective" on every attempt that never added it: the attempt failed, the
benchmark did not. So a property counts as defective only when it is
defective on the task's reference solution as well. Tasks without a
solution (some imported Agents4PLC tasks) keep the prover's word.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from werk.benchmarks.harness.check_result import CheckResult
from werk.benchmarks.harness.checks import run_property_checks
from werk.benchmarks.harness.task import BenchTask
from werk.tools.errors import WerkError


def judge_defects(results: list[CheckResult], task: BenchTask) -> list[CheckResult]:
    """``results`` with the defective properties the reference solution can judge failed."""
    suspects = [r for r in results if r.defective and r.kind == "property"]
    if not suspects or not task.solution.is_dir():
        return results
    benchmark_faults = reference_defects(task.repo, task.solution, task.checks)
    return [
        _attempts_fault(result)
        if result.defective and result.kind == "property" and result.name not in benchmark_faults
        else result
        for result in results
    ]


@cache
def reference_defects(repo: Path, solution: Path, checks: Path) -> frozenset[str]:
    """The property checks that are defective on the reference solution (once per process)."""
    with tempfile.TemporaryDirectory(prefix="werk-bench-reference-") as scratch:
        root = Path(scratch) / "reference"
        shutil.copytree(repo, root)
        shutil.copytree(solution, root, dirs_exist_ok=True)
        try:
            results = run_property_checks(root, checks)
        except WerkError:
            return frozenset()
    return frozenset(result.name for result in results if result.defective)


def _attempts_fault(result: CheckResult) -> CheckResult:
    detail = f"{result.detail} (the reference solution declares it: the task asked for it)"
    return replace(result, detail=detail, defective=False)
