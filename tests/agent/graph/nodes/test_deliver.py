"""Node ``deliver``: the outcome, a commit only for a verified change, the patch always."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.agent.graph.harness import LIMITS, advance, harness
from tests.agent.run.repos import branch_commits, show
from werk.agent.graph.nodes.deliver import commit_message, deliver, outcome_of
from werk.agent.graph.settings import AgentSettings
from werk.agent.graph.state import AgentState

PUMP = "plc/fb_pump.st"
PASSED = {
    "attempt": 1,
    "passed": True,
    "steps": [
        {"name": "st-syntax", "passed": True, "skipped": False, "summary": "", "evidence": ""},
        {"name": "repo-tests", "passed": True, "skipped": True, "summary": "", "evidence": ""},
    ],
    "duration_s": 0.5,
    "changed_files": [PUMP],
}


def edited(tmp_path: Path, settings: AgentSettings | None = None) -> tuple[Any, AgentState]:
    deps, state, _ = harness(tmp_path, [], settings=settings)
    pump = deps.workspace.root / PUMP
    pump.write_text(pump.read_text().replace("bRun := bStart;", "bRun := FALSE;"))
    return deps, state


def test_a_verified_change_is_committed_once_even_when_delivered_twice(tmp_path: Path) -> None:
    deps, state = edited(tmp_path)
    state = advance(
        state, {"verifications": [PASSED], "finished": True, "finish_summary": "Fixed."}
    )
    first = deliver(state, deps)
    again = deliver(state, deps)  # a resumed run re-runs the node
    assert first["outcome"] == again["outcome"] == "delivered"
    assert first["delivery"]["commit"] == again["delivery"]["commit"]
    repo = deps.workspace.repo
    assert branch_commits(repo, deps.workspace.branch) == ["werk: FB_Pump must not run dry"]
    assert "bRun := FALSE;" in show(repo, deps.workspace.branch, PUMP)
    patch = Path(str(first["delivery"]["patch"])).read_text()
    assert patch.startswith("From ") and "Werk-Run: " in patch


def test_an_unverified_change_is_kept_as_a_patch_only(tmp_path: Path) -> None:
    deps, state = edited(tmp_path)
    failed = {**PASSED, "passed": False}
    update = deliver(advance(state, {"verifications": [failed], "finished": True}), deps)
    assert update["outcome"] == "unverified"
    assert update["delivery"]["committed"] is False
    assert update["delivery"]["note"] == "not committed: verification did not pass"
    assert "+bRun := FALSE;" in Path(str(update["delivery"]["patch"])).read_text()
    assert branch_commits(deps.workspace.repo, deps.workspace.branch) == []


def test_commit_unverified_on_request(tmp_path: Path) -> None:
    settings = AgentSettings(limits=LIMITS, commit_unverified=True)
    deps, state = edited(tmp_path, settings)
    update = deliver(advance(state, {"stop_reason": "budget: steps"}), deps)
    assert update["outcome"] == "budget_exhausted" and update["delivery"]["committed"]
    (subject,) = branch_commits(deps.workspace.repo, deps.workspace.branch)
    assert subject == "werk (unverified): FB_Pump must not run dry"


@pytest.mark.parametrize(
    ("values", "changed", "expected"),
    [
        ({"stop_reason": "budget: tokens"}, [PUMP], "budget_exhausted"),
        ({"stop_reason": "model error"}, [PUMP], "stopped"),
        ({}, [], "no_changes"),
        ({"approval": "rejected"}, [PUMP], "rejected"),
        ({"verifications": [PASSED], "finished": True}, [PUMP], "delivered"),
        ({"verifications": [PASSED], "finished": False}, [PUMP], "unverified"),
    ],
)
def test_outcomes(values: dict[str, Any], changed: list[str], expected: str) -> None:
    from werk.agent.graph.nodes.deliver import is_verified

    state: AgentState = values
    assert outcome_of(state, changed, is_verified(state)) == expected


def test_the_commit_message_says_what_was_verified() -> None:
    state: AgentState = {
        "task": "Fix the pump\n\nIt runs dry.",
        "finish_summary": "FB_Pump checks bLevelLow.",
        "verifications": [PASSED],
        "workspace": {"repo": "", "root": "", "branch": "b", "run_id": "r1", "base_commit": ""},
    }
    assert commit_message(state, verified=True) == (
        "werk: Fix the pump\n\nFB_Pump checks bLevelLow.\n\nTask:\nFix the pump\n\nIt runs dry.\n\n"
        "Verification: st-syntax passed, repo-tests skipped\nWerk-Run: r1\n"
    )
