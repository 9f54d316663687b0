"""``werk run`` in process, end to end: real git, real worktree, real tools and gate, real graph
with its SQLite checkpointer, and a scripted (replay) model.

Each test builds a fixture repository with an uncommitted change of the
user's, runs a task, and checks the branch, the commit's content, the
user's untouched checkout and the report.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.agent.run.repos import (
    branch_commits,
    call,
    committed_files,
    fixture_repo,
    git,
    planned,
    python_tests_setting,
    replay_settings,
    show,
    user_state,
    write_script,
)
from werk.agent.run.events import read_events
from werk.agent.run.manifest import RunManifest
from werk.agent.run.runner import RunHooks, RunRequest, RunResult, resume_run, start_run

PUMP_TASK = "FB_Pump must not run dry: keep bRun FALSE while bLevelLow is TRUE"
PUMP = "plc/fb_pump.st"
PLAN = "1. Read FB_Pump.\n2. Drop bRun while bLevelLow is TRUE.\n3. Finish."
READ_PUMP = {"content": PLAN, "tool_calls": [{"name": "read_file", "args": {"path": PUMP}}]}
FIX_PUMP = call(
    "edit_file", path=PUMP, search="bRun := bStart;", replace="bRun := bStart AND NOT bLevelLow;"
)
FINISH_PUMP = call(
    "finish", summary="FB_Pump now drops bRun while bLevelLow is TRUE (dry-run protection)."
)


@pytest.fixture(autouse=True)
def _isolated(isolated_env: dict[str, str]) -> None:
    """No user configuration or WERK_* variables of the machine running the tests."""


def run(
    tmp_path: Path,
    repo: Path,
    task: str,
    answers: list[Any],
    *extra: str,
    hooks: RunHooks | None = None,
    **request: Any,
) -> RunResult:
    script = write_script(tmp_path, answers)
    settings = replay_settings(script, *extra)
    return start_run(
        RunRequest(repo=repo, task=task, model="script", settings=settings, **request), hooks
    )


def messages_of(repo: Path, run_id: str) -> list[Any]:
    """The conversation as the checkpoint holds it (what the model was shown)."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    with sqlite3.connect(repo / ".werk" / "checkpoints.sqlite", check_same_thread=False) as db:
        saved = SqliteSaver(db).get_tuple({"configurable": {"thread_id": run_id}})
    assert saved is not None
    return list(saved.checkpoint["channel_values"]["messages"])


def test_clean_success_on_an_st_project(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    result = run(tmp_path, repo, PUMP_TASK, [READ_PUMP, FIX_PUMP, FINISH_PUMP])
    report = result.report
    assert (result.status, result.exit_code) == ("delivered", 0), report
    branch = report["branch"]
    assert branch == "werk/fb-pump-must-not-run-dry-keep-brun-false-while"
    assert branch_commits(repo, branch) == [f"werk: {PUMP_TASK}"]
    assert committed_files(repo, branch) == [PUMP]
    assert "bRun := bStart AND NOT bLevelLow;" in show(repo, branch, PUMP)
    assert user_state(repo) == before
    assert report["commit"] == git(repo, "rev-parse", branch).strip()
    assert report["verified"] and report["committed"]
    assert report["plan"] == [
        "Read FB_Pump.",
        "Drop bRun while bLevelLow is TRUE.",
        "Finish.",
    ]
    assert report["summary"].startswith("FB_Pump now drops bRun")
    assert report["changes"]["files"] == [PUMP]
    (attempt,) = report["verification"]["attempts"]
    steps = {step["name"]: step for step in attempt["steps"]}
    assert steps["st-tests"]["passed"] and not steps["st-tests"]["skipped"]
    assert steps["st-properties"]["passed"] and not steps["st-properties"]["skipped"]
    assert steps["st-syntax"]["passed"]
    assert report["usage"]["steps"] == 3
    assert report["usage"]["tokens"] > 0 and not report["usage"]["tokens_estimated"]
    assert report["usage"]["cost"] is None
    assert any("uncommitted change" in note for note in report["notes"])
    assert (  # the dry-run requirement failed before the change: reported, not blamed
        "Already so before the change (not blamed on it): properties that did not hold: "
        "tests/fb_pump.props.yaml::never-runs-dry" in report["notes"]
    )
    assert any("no prices" in note for note in report["notes"])
    folder = result.paths.folder
    assert json.loads((folder / "report.json").read_text()) == report
    markdown = (folder / "report.md").read_text()
    assert "delivered: verified and committed" in markdown
    assert "| st-tests | passed |" in markdown
    patch = (folder / "changes.patch").read_text()
    assert patch.startswith("From ") and "+bRun := bStart AND NOT bLevelLow;" in patch
    kinds = [event["kind"] for event in read_events(folder / "events.jsonl")]
    assert kinds[0] == "run" and kinds[-1] == "run"
    assert {"context", "model", "tool", "verify", "deliver"} <= set(kinds)
    assert RunManifest.load(folder / "run.json").status == "delivered"


def test_first_attempt_fails_verification_and_is_repaired_from_the_counterexample(
    tmp_path: Path,
) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    wrong = call("edit_file", path=PUMP, search="bRun := bStart;", replace="bRun := NOT bLevelLow;")
    right = call(
        "edit_file",
        path=PUMP,
        search="bRun := NOT bLevelLow;",
        replace="bRun := bStart AND NOT bLevelLow;",
    )
    result = run(tmp_path, repo, PUMP_TASK, [READ_PUMP, wrong, FINISH_PUMP, right, FINISH_PUMP])
    report = result.report
    assert result.status == "delivered", report
    first, second = report["verification"]["attempts"]
    assert not first["passed"] and second["passed"]
    failed = {step["name"]: step for step in first["steps"] if not step["passed"]}
    assert list(failed) == ["st-tests", "st-properties"]
    assert "bRun expected FALSE, got TRUE" in failed["st-tests"]["evidence"]
    assert "runs-only-on-request" in failed["st-properties"]["evidence"]
    assert "<- here" in failed["st-properties"]["evidence"]  # the failing cycle, marked
    assert report["repairs"] == 1
    repair = [
        m for m in messages_of(repo, result.run_id) if "Verification failed" in str(m.content)
    ]
    assert len(repair) == 1
    assert "bRun expected FALSE, got TRUE" in str(repair[0].content)
    assert "runs-only-on-request" in str(repair[0].content)  # the property's counterexample
    assert "<<<DATA" in str(repair[0].content)
    assert "bRun := bStart AND NOT bLevelLow;" in show(repo, report["branch"], PUMP)
    assert len(branch_commits(repo, report["branch"])) == 1
    assert user_state(repo) == before


@pytest.mark.parametrize(
    ("limit", "reason"),
    [({"max_steps": 2}, "steps"), ({"budget_tokens": 10}, "tokens")],
)
def test_budget_exhaustion_stops_with_an_honest_partial_report(
    tmp_path: Path, limit: dict[str, int], reason: str
) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    answers = [READ_PUMP, FIX_PUMP, *[call("read_file", path="plc/main.st")] * 5]
    result = run(tmp_path, repo, PUMP_TASK, answers, **limit)
    report = result.report
    assert (result.status, result.exit_code) == ("budget_exhausted", 1)
    assert report["stop_reason"] == f"budget: {reason}"
    assert not report["committed"] and report["commit"] is None
    assert branch_commits(repo, report["branch"]) == []
    assert report["verification"]["attempts"] == []
    assert any(f"the {reason} budget was used up" in note for note in report["notes"])
    assert "Verification did not run." in report["notes"]
    if reason == "steps":
        assert report["usage"]["steps"] == 2
        assert report["changes"]["files"] == [PUMP]  # the partial work is in the patch
        assert "+bRun := bStart AND NOT bLevelLow;" in result.paths.patch.read_text()
    else:
        assert report["usage"]["steps"] == 1
    assert user_state(repo) == before


def test_commit_unverified_commits_a_partial_change_and_says_so(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    answers = [READ_PUMP, FIX_PUMP, call("read_file", path="plc/main.st")]
    result = run(tmp_path, repo, PUMP_TASK, answers, max_steps=2, commit_unverified=True)
    assert (result.status, result.exit_code) == ("budget_exhausted", 1)
    assert result.report["committed"] and not result.report["verified"]
    (subject,) = branch_commits(repo, result.report["branch"])
    assert subject.startswith("werk (unverified): FB_Pump must not run dry")
    assert len(subject) <= 72
    assert any("Committed although unverified" in note for note in result.report["notes"])


def test_interrupted_run_resumes_without_repeating_its_edits(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    both = {
        "content": PLAN,
        "tool_calls": [
            FIX_PUMP["tool_calls"][0],
            {"name": "read_file", "args": {"path": "plc/main.st"}},
        ],
    }

    def stop_at_the_second_call(event: dict[str, Any]) -> None:
        if event["kind"] == "tool" and event.get("name") == "read_file" and "ok" in event:
            raise KeyboardInterrupt

    hooks = RunHooks(listeners=[stop_at_the_second_call])
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, repo, PUMP_TASK, [both, FINISH_PUMP], hooks=hooks)
    (folder,) = (repo / ".werk" / "runs").iterdir()
    interrupted = json.loads((folder / "report.json").read_text())
    assert interrupted["status"] == "interrupted"
    assert interrupted["resume"] == f"werk run --repo {repo} --resume {folder.name}"
    assert RunManifest.load(folder / "run.json").status == "interrupted"

    result = resume_run(repo, folder.name)
    report = result.report
    assert result.status == "delivered", report
    assert [edit["ok"] for edit in report["edits"]] == [True]  # replayed, not made twice
    fixed = show(repo, report["branch"], PUMP)
    assert fixed.count("bRun := bStart AND NOT bLevelLow;") == 1
    replayed = [e for e in read_events(folder / "events.jsonl") if e.get("replayed")]
    assert [event["name"] for event in replayed] == ["edit_file", "read_file"]
    assert user_state(repo) == before


def test_a_finished_run_cannot_be_resumed(tmp_path: Path) -> None:
    from werk.tools.errors import UsageError

    repo = fixture_repo(tmp_path, "st_project")
    result = run(tmp_path, repo, PUMP_TASK, [READ_PUMP, FIX_PUMP, FINISH_PUMP])
    with pytest.raises(UsageError, match="already finished"):
        resume_run(repo, result.run_id)


def test_malformed_tool_calls_become_errors_the_model_can_act_on(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    unparsable = {
        "type": "ai",
        "data": {
            "content": "",
            "invalid_tool_calls": [
                {
                    "type": "invalid_tool_call",
                    "name": "edit_file",
                    "args": '{"path": "plc/fb',
                    "id": "call_broken",
                    "error": "Unterminated string",
                }
            ],
        },
    }
    answers = [
        call("rewrite_everything", how="quickly"),
        call("edit_file", file_name_typo=PUMP),
        unparsable,
        READ_PUMP,
        FIX_PUMP,
        FINISH_PUMP,
    ]
    result = run(tmp_path, repo, PUMP_TASK, answers)
    assert result.status == "delivered", result.report
    assert result.report["usage"]["malformed_calls"] == 3
    answers_seen = [m for m in messages_of(repo, result.run_id) if m.type == "tool"]
    assert "no tool named 'rewrite_everything'" in answers_seen[0].content
    assert "invalid arguments for edit_file" in answers_seen[1].content
    assert "could not be read (Unterminated string)" in answers_seen[2].content
    assert all(m.status == "error" for m in answers_seen[:3])
    assert committed_files(repo, result.report["branch"]) == [PUMP]
    assert "bRun := bStart AND NOT bLevelLow;" in show(repo, result.report["branch"], PUMP)
    assert user_state(repo) == before


def test_too_many_malformed_calls_stop_the_run(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    answers = [call(f"no_such_tool_{number}") for number in range(3)] + ["I am done."] * 3
    result = run(tmp_path, repo, PUMP_TASK, answers, "agent.max_malformed_calls=3")
    assert (result.status, result.exit_code) == ("stopped", 1)
    assert result.report["stop_reason"] == "no usable tool calls"
    assert result.report["usage"]["malformed_calls"] == 4
    assert "Stopped early: no usable tool calls." in result.report["notes"]
    assert branch_commits(repo, result.report["branch"]) == []


def test_writes_outside_the_worktree_are_refused(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    outside = tmp_path / "outside.txt"
    answers = [
        call("create_file", path="../../../../outside.txt", content="escaped"),
        call("create_file", path=str(outside), content="escaped"),
        call("create_file", path=".git/hooks/pre-commit", content="#!/bin/sh\nexit 1\n"),
        call("edit_file", path="../../../../README.md", search="# Feed", replace="# Pwned"),
        READ_PUMP,
        FIX_PUMP,
        FINISH_PUMP,
    ]
    result = run(tmp_path, repo, PUMP_TASK, answers)
    assert result.status == "delivered", result.report
    replies = [m for m in messages_of(repo, result.run_id) if m.type == "tool"][:4]
    assert all(str(m.content).startswith("ERROR:") for m in replies)
    assert not outside.exists()
    assert not list(tmp_path.glob("**/outside.txt"))
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    assert (repo / "README.md").read_text().startswith("# Feed")
    assert committed_files(repo, result.report["branch"]) == [PUMP]
    assert user_state(repo) == before


def test_an_edit_that_does_not_match_shows_the_real_lines_and_repeating_it_stops(
    tmp_path: Path,
) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    miss = call("edit_file", path=PUMP, search="bRun := bStart AND bEnable;", replace="x")
    result = run(tmp_path, repo, PUMP_TASK, [READ_PUMP, miss, miss, miss, FINISH_PUMP])
    report = result.report
    assert (result.status, result.exit_code) == ("stopped", 1)
    assert report["stop_reason"] == "the same failing tool call was repeated 3 times"
    assert [edit["ok"] for edit in report["edits"]] == [False, False, False]
    assert report["changes"]["files"] == []
    reply = [m for m in messages_of(repo, result.run_id) if m.type == "tool"][1]
    assert "not found" in str(reply.content)
    assert "bRun := bStart;" in str(reply.content)  # the closest real line, numbered
    assert branch_commits(repo, report["branch"]) == []
    assert user_state(repo) == before


def test_approval_pauses_a_verified_run_until_a_person_answers(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    answers = [READ_PUMP, FIX_PUMP, FINISH_PUMP]
    paused = run(tmp_path, repo, PUMP_TASK, answers, 'agent.approval="before-commit"')
    assert (paused.status, paused.exit_code) == ("awaiting_approval", 1)
    assert branch_commits(repo, paused.report["branch"]) == []
    assert paused.report["resume"] is not None
    asked: list[dict[str, Any]] = []

    def approve(request: dict[str, Any]) -> bool:
        asked.append(request)
        return True

    approved = resume_run(repo, paused.run_id, RunHooks(approve=approve))
    assert approved.status == "delivered"
    assert asked[0]["changed_files"] == [PUMP]
    assert "+bRun := bStart AND NOT bLevelLow;" in asked[0]["diff"]
    assert len(branch_commits(repo, approved.report["branch"])) == 1


def test_a_rejected_change_is_not_committed(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    answers = [READ_PUMP, FIX_PUMP, FINISH_PUMP]
    paused = run(tmp_path, repo, PUMP_TASK, answers, 'agent.approval="before-commit"')
    rejected = resume_run(repo, paused.run_id, approval=False)
    assert (rejected.status, rejected.exit_code) == ("rejected", 1)
    assert branch_commits(repo, rejected.report["branch"]) == []
    assert rejected.report["changes"]["note"] == "not committed: rejected at approval"


def test_twincat_project_edited_inside_its_xml(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "twincat_project")
    before = user_state(repo)
    pou = "Plc/POUs/FB_Conveyor.TcPOU"
    answers = [
        planned("1. Stop on a jam.", "read_file", path=pou),
        call(
            "edit_file",
            path=pou,
            search="bMotor := bEnable;",
            replace="bMotor := bEnable AND NOT bJam;",
        ),
        call("finish", summary="FB_Conveyor stops the motor while bJam is TRUE."),
    ]
    result = run(tmp_path, repo, "FB_Conveyor: stop the motor while bJam is TRUE", answers)
    assert result.status == "delivered", result.report
    text = show(repo, result.report["branch"], pou)
    assert "bMotor := bEnable AND NOT bJam;]]></ST>" in text
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert committed_files(repo, result.report["branch"]) == [pou]
    assert "FB_Conveyor" in result.report["context"]["pous"]
    assert user_state(repo) == before


def test_python_package_fixed_and_its_tests_run(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "python_package")
    before = user_state(repo)
    source = "src/flowcalc/__init__.py"
    answers = [
        planned("1. Fix the factor.", "read_file", path=source),
        call(
            "edit_file",
            path=source,
            search="return cubic_metres_per_hour * 100.0 / MINUTES_PER_HOUR",
            replace="return cubic_metres_per_hour * LITRES_PER_CUBIC_METRE / MINUTES_PER_HOUR",
        ),
        call("finish", summary="litres_per_minute used 100 l/m³ instead of 1000 l/m³."),
    ]
    result = run(
        tmp_path,
        repo,
        "litres_per_minute is off by a factor of ten",
        answers,
        python_tests_setting(),
    )
    report = result.report
    assert result.status == "delivered", report
    steps = {s["name"]: s for s in report["verification"]["attempts"][0]["steps"]}
    assert steps["repo-tests"]["passed"] and not steps["repo-tests"]["skipped"]
    assert any("Already so before the change" in note for note in report["notes"])
    assert committed_files(repo, report["branch"]) == [source]
    assert "* LITRES_PER_CUBIC_METRE /" in show(repo, report["branch"], source)
    assert user_state(repo) == before


def test_an_exhausted_script_is_a_model_error_not_a_crash(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    result = run(tmp_path, repo, PUMP_TASK, [READ_PUMP])
    assert (result.status, result.exit_code) == ("stopped", 1)
    assert result.report["stop_reason"] == "model error"
    assert "exhausted" in result.report["error"]
