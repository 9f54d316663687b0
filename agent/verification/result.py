"""What the verification gate decided, step by step, and what was already broken before.

A ``GateStep`` carries two texts: ``summary``, one line for the run's report,
and ``evidence``, what a model needs to repair the failure (diagnostics with
positions, the first diverging cycle of a trace as a table, a
counterexample, the failing tests' output). ``GateResult.feedback`` puts the
failed steps' evidence together for the model, fenced as data.

``GateBaseline`` is the state of the repository before the agent changed
anything, so problems that were there already are not blamed on it, and the
report can say which they were.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from werk.agent.tools.formatting import fence

STEP_ORDER = ("st-syntax", "st-rules", "st-tests", "st-properties", "repo-tests", "python-lint")


@dataclass(frozen=True)
class GateStep:
    name: str  # one of STEP_ORDER
    passed: bool
    skipped: bool
    summary: str
    evidence: str = ""
    preexisting: str = ""  # problems that were there before the change: not blamed, reported

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passed": self.passed,
            "skipped": self.skipped,
            "summary": self.summary,
            "evidence": self.evidence,
            "preexisting": self.preexisting,
        }


@dataclass
class GateResult:
    passed: bool
    steps: list[GateStep]
    duration_s: float

    @property
    def failed_steps(self) -> list[GateStep]:
        return [step for step in self.steps if not step.passed]

    def feedback(self) -> str:
        """The failed steps' evidence, for the model's next repair attempt."""
        if self.passed:
            return "verification passed: " + "; ".join(s.summary for s in self.steps)
        parts = ["verification failed; fix these problems, then finish again:"]
        for step in self.failed_steps:
            parts.append(f"[{step.name}] {step.summary}")
            if step.evidence:
                parts.append(fence(f"{step.name} evidence", step.evidence))
        return "\n".join(parts)

    def report(self) -> str:
        """One line per step, for people."""
        lines = []
        for step in self.steps:
            mark = "skipped" if step.skipped else ("passed" if step.passed else "FAILED")
            lines.append(f"{step.name:14} {mark:8} {step.summary}")
            if step.preexisting:
                lines.append(f"{'':14} {'':8} before the change already: {step.preexisting}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "duration_s": round(self.duration_s, 3),
            "steps": [step.to_json() for step in self.steps],
        }


@dataclass
class GateBaseline:
    """What was broken before the change, as fingerprints the gate compares against."""

    syntax: Counter[str] = field(default_factory=Counter)
    """Syntax errors: fingerprint (file, message, line text) -> count."""
    error_findings: Counter[str] = field(default_factory=Counter)
    """Rule findings at error severity, fingerprinted as ``werk check --baseline`` does."""
    failing_tests: set[str] = field(default_factory=set)
    """Names of the ST tests (``werk test``) that did not pass."""
    failing_properties: set[str] = field(default_factory=set)
    """Names of the properties (``werk prove``) that did not hold."""
    repo_tests_failed: bool = False
    failing_repo_tests: set[str] = field(default_factory=set)
    """Test ids the repository's own test command reported failing (pytest: ``path::test``)."""
    lint: Counter[str] = field(default_factory=Counter)
    """Linter problems: fingerprint (file, code, message) -> count."""
    notes: list[str] = field(default_factory=list)
    """What was already broken, for the report."""

    def to_json(self) -> dict[str, Any]:
        return {
            "syntax_errors": sum(self.syntax.values()),
            "error_findings": sum(self.error_findings.values()),
            "failing_tests": sorted(self.failing_tests),
            "failing_properties": sorted(self.failing_properties),
            "repo_tests_failed": self.repo_tests_failed,
            "failing_repo_tests": sorted(self.failing_repo_tests),
            "lint_problems": sum(self.lint.values()),
            "notes": list(self.notes),
        }
