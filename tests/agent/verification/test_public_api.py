from __future__ import annotations

import werk.agent.verification
from werk.agent.verification import GateResult, GateStep
from werk.agent.verification.result import STEP_ORDER


def test_the_public_api_is_pinned() -> None:
    assert sorted(werk.agent.verification.__all__) == [
        "GateBaseline",
        "GateResult",
        "GateStep",
        "capture_baseline",
        "run_gate",
    ]


def test_feedback_fences_the_evidence_of_failed_steps_only() -> None:
    result = GateResult(
        False,
        [
            GateStep("st-syntax", True, True, "no Structured Text file changed"),
            GateStep("st-rules", False, False, "1 new error finding", "a.st:1:1: error CP8 ..."),
        ],
        0.5,
    )
    feedback = result.feedback()
    assert "[st-rules] 1 new error finding" in feedback
    assert "a.st:1:1: error CP8" in feedback
    assert "st-syntax" not in feedback
    assert [step["name"] for step in result.to_json()["steps"]] == list(STEP_ORDER[:2])
