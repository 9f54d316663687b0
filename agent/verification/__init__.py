"""The verification gate: what must hold before the agent may call a change done.

``capture_baseline(context)`` at the start of a run records what was
already broken; ``run_gate(context, baseline=...)`` checks the worktree
(syntax, rules, ST tests and properties, the repository's tests, the
linter) and returns a ``GateResult`` whose failed steps carry the evidence
a model needs to repair them.
"""

from werk.agent.verification.gate import capture_baseline, run_gate
from werk.agent.verification.result import GateBaseline, GateResult, GateStep

__all__ = ["GateBaseline", "GateResult", "GateStep", "capture_baseline", "run_gate"]
