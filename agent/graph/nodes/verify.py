"""Node ``verify``: the verification gate on the worktree, against the run's baseline.

The gate (``werk.agent.verification``) parses the changed ST, compares rule
findings with the baseline, runs the ST tests and properties, the
repository's tests and the Python linter. Its result is recorded step by
step, with the evidence a model needs to repair (diagnostics, the diverging
cycle, the counterexample, failing test output).

Re-running this node on resume runs the gate again: it only reads the
worktree, so that is safe.
"""

from __future__ import annotations

from typing import Any

from werk.agent.graph.deps import AgentDeps
from werk.agent.graph.ports import GateResultPort
from werk.agent.graph.state import AgentState, GateStepRecord, VerificationRecord

MAX_EVIDENCE_CHARS = 6_000


def verify(state: AgentState, deps: AgentDeps) -> dict[str, Any]:
    attempt = len(state.get("verifications", [])) + 1
    _, from_data = deps.baseline_codec
    baseline = from_data(state.get("baseline"))
    changed = deps.workspace.changed_files()
    deps.events("verify", {"attempt": attempt, "phase": "start", "changed_files": changed})
    result = deps.verify(baseline)
    record = verification_record(result, attempt, changed)
    for step in record["steps"]:
        deps.events(
            "verify",
            {
                "attempt": attempt,
                "phase": "step",
                "name": step["name"],
                "passed": step["passed"],
                "skipped": step["skipped"],
                "summary": step["summary"],
            },
        )
    deps.events(
        "verify",
        {
            "attempt": attempt,
            "phase": "end",
            "passed": record["passed"],
            "seconds": record["duration_s"],
        },
    )
    return {"verifications": [record]}


def verification_record(
    result: GateResultPort, attempt: int, changed: list[str]
) -> VerificationRecord:
    steps: list[GateStepRecord] = [
        {
            "name": step.name,
            "passed": step.passed,
            "skipped": step.skipped,
            "summary": step.summary,
            "evidence": _bounded(step.evidence),
            "preexisting": str(getattr(step, "preexisting", "") or ""),
        }
        for step in result.steps
    ]
    return {
        "attempt": attempt,
        "passed": result.passed,
        "steps": steps,
        "duration_s": round(result.duration_s, 3),
        "changed_files": changed,
    }


def _bounded(text: str) -> str:
    if len(text) <= MAX_EVIDENCE_CHARS:
        return text
    half = MAX_EVIDENCE_CHARS // 2
    left_out = len(text) - MAX_EVIDENCE_CHARS
    return f"{text[:half]}\n… ({left_out} characters left out) …\n{text[-half:]}"
