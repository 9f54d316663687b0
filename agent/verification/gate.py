"""The verification gate: what must hold before a run may call its change done.

Steps, in order (each in its own module):

1. ``st-syntax``: every changed ST file parses cleanly after lowering;
2. ``st-rules``: no new rule finding at error severity;
3. ``st-tests`` and ``st-properties``: the project's ST tests (``werk
   test``) pass and its properties (``werk prove``) are not violated;
4. ``repo-tests``: the repository's own test command passes;
5. ``python-lint``: the changed Python files pass the project's linter.

Every step runs even when an earlier one failed, so one round of feedback
tells the model everything that is wrong; a step that has nothing to check
is ``skipped`` (and passes). A step that crashes inside werk fails with the
error as its evidence rather than ending the run. ``capture_baseline``
records, at the start of a run, what was already broken, so the gate
blames the agent only for what it changed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from werk.agent.tools.context import ToolContext
from werk.agent.tools.formatting import plural
from werk.agent.verification import (
    python_lint,
    repo_tests,
    st_properties,
    st_rules,
    st_syntax,
    st_tests,
)
from werk.agent.verification.result import GateBaseline, GateResult, GateStep
from werk.tools.errors import WerkError

log = logging.getLogger(__name__)


def run_gate(context: ToolContext, *, baseline: GateBaseline | None) -> GateResult:
    """Check the worktree as it is now; ``baseline`` from ``capture_baseline`` (or ``None``:
    everything found is blamed on the change)."""
    started = time.monotonic()
    if baseline is not None and context.baseline is None:
        context.baseline = baseline  # a resumed run: the tools mark what was there before
    context.invalidate()  # judge the files as they are on disk, not a model kept in memory
    changed = context.workspace.changed_files()
    steps = [
        _guarded(st_syntax.NAME, lambda: st_syntax.check_syntax(context, changed, baseline)),
        _guarded(st_rules.NAME, lambda: st_rules.check_rules(context, baseline)),
        _guarded(st_tests.NAME, lambda: st_tests.check_tests(context, baseline)),
        _guarded(st_properties.NAME, lambda: st_properties.check_properties(context, baseline)),
        _guarded(repo_tests.NAME, lambda: repo_tests.check_repo_tests(context, baseline)),
        _guarded(python_lint.NAME, lambda: python_lint.check_lint(context, changed, baseline)),
    ]
    result = GateResult(all(step.passed for step in steps), steps, time.monotonic() - started)
    context.events(
        "gate",
        {
            "passed": result.passed,
            "failed": [step.name for step in result.failed_steps],
            "duration_s": round(result.duration_s, 3),
        },
    )
    return result


def capture_baseline(context: ToolContext) -> GateBaseline:
    """What is broken before the agent changes anything (run it on the fresh worktree)."""
    started = time.monotonic()
    baseline = GateBaseline()
    context.invalidate()
    parts: list[tuple[str, Callable[[], None]]] = [
        ("syntax", lambda: baseline.syntax.update(st_syntax.baseline_syntax(context))),
        ("rules", lambda: baseline.error_findings.update(st_rules.baseline_findings(context))),
        ("tests", lambda: baseline.failing_tests.update(st_tests.baseline_tests(context))),
        (
            "properties",
            lambda: baseline.failing_properties.update(st_properties.baseline_properties(context)),
        ),
        ("repo tests", lambda: repo_tests.baseline_repo_tests(context, baseline)),
        ("lint", lambda: python_lint.baseline_lint(context, baseline)),
    ]
    for name, capture in parts:
        try:
            capture()
        except WerkError as exc:
            baseline.notes.append(f"{name}: could not be checked before the change: {exc.message}")
        except Exception as exc:  # a bug in a check must not stop the run before it starts
            log.exception("baseline of %s failed", name)
            baseline.notes.append(f"{name}: werk failed while checking ({type(exc).__name__})")
    if baseline.syntax:
        baseline.notes.append(
            f"{plural(sum(baseline.syntax.values()), 'syntax error')} in ST files"
        )
    if baseline.error_findings:
        count = sum(baseline.error_findings.values())
        baseline.notes.append(f"{plural(count, 'rule finding')} at error severity")
    if baseline.failing_tests:
        baseline.notes.append(f"failing ST tests: {', '.join(sorted(baseline.failing_tests))}")
    if baseline.failing_properties:
        names = ", ".join(sorted(baseline.failing_properties))
        baseline.notes.append(f"properties that did not hold: {names}")
    context.baseline = baseline
    context.events(
        "baseline", {**baseline.to_json(), "duration_s": round(time.monotonic() - started, 3)}
    )
    return baseline


def _guarded(name: str, step: Callable[[], GateStep]) -> GateStep:
    try:
        return step()
    except WerkError as exc:
        return GateStep(name, False, False, f"could not be checked: {exc.message}", str(exc))
    except Exception as exc:  # a bug in a check must not end the run or pass the gate
        log.exception("verification step %s failed", name)
        return GateStep(
            name, False, False, f"werk failed while checking ({type(exc).__name__})", repr(exc)
        )
