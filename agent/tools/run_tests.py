"""``run_tests``: the project's PLC tests (``werk test``) on the scan-cycle simulator.

Traces, scenarios and ST unit test FBs run in-process against the
worktree's code as it is now. Passing tests are counted, failing ones shown
with what diverged: the cycle, the signal, expected and actual, and the
cycles around it as a table, or the fault and where it happened in the ST.
Tests that failed before the run started are marked so.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from werk.agent.tools.base import ToolArguments, ToolSpec
from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import fence, plural

MAX_FAILURES = 5


class RunTestsArguments(ToolArguments):
    pattern: str | None = Field(
        None,
        description="Only tests whose name contains this text (or matches it as a glob), "
        "like werk test -k.",
        validation_alias=AliasChoices("pattern", "filter", "k", "name", "select", "test"),
    )


def run_tests(context: ToolContext, arguments: RunTestsArguments) -> str:
    """Run the project's PLC tests (trace files *.trace.yaml/*.trace.csv, scenarios
    *.scenario.yaml, ST test function blocks) on werk's scan-cycle simulator. Shows each
    failing test with the first diverging cycle: signal, expected and actual value."""
    from werk.agent.verification.st_tests import run_project_tests
    from werk.tools.st.testing import Status
    from werk.tools.st.testing.text_report import render_result, summary

    run = run_project_tests(context, arguments.pattern)
    if not run.results:
        if arguments.pattern:
            return f"no test matches {arguments.pattern!r}; run_tests without pattern runs all"
        return (
            "the project has no PLC tests (werk test finds *.trace.yaml, *.trace.csv, "
            "*.scenario.yaml and ST test function blocks)"
        )
    known = context.baseline.failing_tests if context.baseline is not None else set()
    failing = [r for r in run.results if r.status is not Status.PASS]
    lines: list[str] = []
    for result in failing[:MAX_FAILURES]:
        block = render_result(result, root=context.root)
        if result.test.name in known:
            block[0] += "  (failed before the change too)"
        lines.extend(block)
    if len(failing) > MAX_FAILURES:
        lines.append(f"... and {plural(len(failing) - MAX_FAILURES, 'more failing test')}")
    header = summary(run)
    if not failing:
        return f"all tests passed: {header}"
    return f"{header}\n{fence('test report', chr(10).join(lines))}"


TOOL = ToolSpec("run_tests", RunTestsArguments, run_tests)
