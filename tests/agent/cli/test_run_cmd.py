"""``werk run`` as a user runs it: a subprocess on fixture repositories with a scripted model.

Success, a budget used up, a run killed mid-way and resumed, usage errors,
a batch of runs, and (slow) the embedded SmolLM2 model on the bundled
example project.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.agent.run.repos import (
    PUMP,
    PUMP_TASK,
    branch_commits,
    call,
    committed_files,
    fixture_repo,
    git,
    planned,
    pump_script,
    python_tests_setting,
    replay_settings,
    show,
    user_state,
    write_script,
)
from werk.agent.run.events import read_events

ROOT = Path(__file__).parents[3]
PUMP_SCRIPT = pump_script()
FLOW = "src/flowcalc/__init__.py"
FLOW_SCRIPT = [
    planned("1. Fix the factor.", "read_file", path=FLOW),
    call(
        "edit_file",
        path=FLOW,
        search="return cubic_metres_per_hour * 100.0 / MINUTES_PER_HOUR",
        replace="return cubic_metres_per_hour * LITRES_PER_CUBIC_METRE / MINUTES_PER_HOUR",
    ),
    call("finish", summary="litres_per_minute used 100 l/m³ instead of 1000 l/m³."),
]


def environment(isolated: dict[str, str], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WERK_")}
    return {**env, **isolated, **extra}


def werk(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "werk.agent.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def scripted(tmp_path: Path, answers: list[Any], *extra: str) -> list[str]:
    """Global flags that make the profile ``script`` play ``answers``."""
    flags: list[str] = []
    for assignment in replay_settings(write_script(tmp_path, answers), *extra):
        flags += ["--set", assignment]
    return flags


def test_success_prints_the_summary_and_exits_0(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    flags = scripted(tmp_path, PUMP_SCRIPT)
    args = ["run", "--repo", str(repo), "--model", "script", PUMP_TASK]
    result = werk(environment(isolated_env), *flags, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# werk run ")
    assert "delivered: verified and committed" in result.stdout
    assert "| st-tests | passed |" in result.stdout
    assert "step 2: edit_file" in result.stderr
    assert "verification passed" in result.stderr
    assert "Traceback" not in result.stderr
    (folder,) = (repo / ".werk" / "runs").iterdir()
    report = json.loads((folder / "report.json").read_text())
    assert report["status"] == "delivered"
    assert branch_commits(repo, report["branch"]) == [f"werk: {PUMP_TASK}"]
    assert committed_files(repo, report["branch"]) == [PUMP]
    assert user_state(repo) == before


def test_json_report_and_an_events_file(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    task_file = tmp_path / "task.txt"
    task_file.write_text(PUMP_TASK + "\n\nMore detail on a second line.\n")
    events = tmp_path / "events.jsonl"
    flags = scripted(tmp_path, PUMP_SCRIPT)
    result = werk(
        environment(isolated_env),
        "-q",
        *flags,
        "run",
        "--repo",
        str(repo),
        "--model",
        "script",
        "--task-file",
        str(task_file),
        "--json",
        "--events",
        str(events),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["format"] == "werk.run-report/1"
    assert report["status"] == "delivered"
    assert report["task"].endswith("More detail on a second line.")
    copied = read_events(events)
    assert copied == read_events(repo / ".werk" / "runs" / report["run_id"] / "events.jsonl")
    assert copied[-1]["kind"] == "run" and copied[-1]["status"] == "delivered"
    message = git(repo, "log", "-1", "--format=%B", report["branch"])
    assert "More detail on a second line." in message
    assert f"Werk-Run: {report['run_id']}" in message


def test_a_used_up_budget_exits_1_without_a_commit(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    repo = fixture_repo(tmp_path, "st_project")
    before = user_state(repo)
    flags = scripted(tmp_path, PUMP_SCRIPT)
    result = werk(
        environment(isolated_env),
        *flags,
        "run",
        "--repo",
        str(repo),
        "--model",
        "script",
        "--max-steps",
        "1",
        "--task",
        PUMP_TASK,
    )
    assert result.returncode == 1, result.stderr
    assert "stopped: a budget was used up" in result.stdout
    assert "the steps budget was used up" in result.stdout
    assert "budget used up: steps" in result.stderr
    (folder,) = (repo / ".werk" / "runs").iterdir()
    report = json.loads((folder / "report.json").read_text())
    assert branch_commits(repo, report["branch"]) == []
    assert user_state(repo) == before


def test_a_killed_run_resumes_from_its_last_checkpoint(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    """The run is killed (SIGKILL) while the gate runs the repository's tests; resumed, it
    verifies again and delivers."""
    repo = fixture_repo(tmp_path, "python_package")
    before = user_state(repo)
    marker = tmp_path / "tests-started"
    events = tmp_path / "events.jsonl"
    env = environment(isolated_env, FLOWCALC_PAUSE_ONCE=str(marker))
    flags = scripted(tmp_path, FLOW_SCRIPT, python_tests_setting())
    command = [sys.executable, "-m", "werk.agent.cli.main", *flags, "run", "--repo", str(repo)]
    command += ["--model", "script", "--events", str(events), "litres_per_minute is 10x too low"]
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists() or not marker.read_text():
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "the run never reached its tests"
            time.sleep(0.2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        tests_pid = int(marker.read_text() or 0) if marker.exists() else 0
        if tests_pid:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(os.getpgid(tests_pid), signal.SIGKILL)
    run_id = read_events(events)[0]["run_id"]
    crashed = [e for e in read_events(events) if e["kind"] == "verify"]
    assert crashed and crashed[0]["phase"] == "start"  # killed inside the gate

    result = werk(environment(isolated_env), "run", "--repo", str(repo), "--resume", run_id)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "resuming" in result.stderr
    report = json.loads((repo / ".werk" / "runs" / run_id / "report.json").read_text())
    assert report["status"] == "delivered"
    assert report["usage"]["steps"] == 3  # the model was not asked again
    assert [attempt["passed"] for attempt in report["verification"]["attempts"]] == [True]
    assert committed_files(repo, report["branch"]) == [FLOW]
    assert "* LITRES_PER_CUBIC_METRE /" in show(repo, report["branch"], FLOW)
    resumed = [e for e in read_events(events) if e["kind"] == "run" and e.get("phase") == "resume"]
    assert len(resumed) == 1
    assert user_state(repo) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--repo", "{repo}"], "give the task once"),
        (["run", "--repo", "{repo}", "--task", "a", "b"], "give the task once"),
        (["run", "--repo", "{repo}", "--resume", "../../etc"], "is not a run id"),
        (["run", "--repo", "{repo}", "--resume", "20260101-000000-abcdef"], "no run"),
        (["run", "--repo", "{repo}", "--approve", "x"], "use them with --resume"),
        (["run", "--repo", "{tmp}", "do it"], "is not in a git repository"),
        (["run", "--repo", "{tmp}/missing", "do it"], "no such folder"),
        (["run", "--repo", "{repo}", "--model", "nope", "x"], "no model profile named 'nope'"),
        (["run", "--batch", "{tmp}/missing.yaml"], "cannot read the batch file"),
    ],
)
def test_usage_errors_exit_2_with_one_message(
    tmp_path: Path, isolated_env: dict[str, str], args: list[str], message: str
) -> None:
    repo = fixture_repo(tmp_path, "st_project", user_changes=False)
    outside = tmp_path / "plain"
    outside.mkdir()
    filled = [arg.format(repo=repo, tmp=outside) for arg in args]
    result = werk(environment(isolated_env), *filled)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / ".werk" / "runs").exists() or "--resume" in args


def test_batch_runs_in_parallel_and_exits_with_the_worst_code(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    first = fixture_repo(tmp_path / "a", "st_project")
    second = fixture_repo(tmp_path / "b", "st_project")
    good = write_script(tmp_path, PUMP_SCRIPT, "good.json")
    short = write_script(tmp_path, PUMP_SCRIPT[:1], "short.json")
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        f"- repo: {first.relative_to(tmp_path)}\n  task: {json.dumps(PUMP_TASK)}\n  model: good\n"
        f"- repo: {second}\n  task_file: task.txt\n  model: short\n"
    )
    (tmp_path / "task.txt").write_text(PUMP_TASK)
    flags: list[str] = []
    for name, script in (("good", good), ("short", short)):
        flags += ["--set", f'models.{name}.provider="replay"']
        flags += ["--set", f"models.{name}.script={json.dumps(str(script))}"]
    result = werk(environment(isolated_env), *flags, "run", "--batch", str(batch), "-j", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "werk run --batch" in result.stdout
    assert "delivered" in result.stdout and "stopped" in result.stdout
    assert "[1] delivered (exit 0)" in result.stderr
    assert "[2] stopped (exit 1)" in result.stderr
    (report_a,) = (first / ".werk" / "runs").glob("*/report.json")
    assert json.loads(report_a.read_text())["status"] == "delivered"


@pytest.mark.slow
@pytest.mark.timeout(660)
def test_the_embedded_model_finishes_with_an_honest_report(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    """SmolLM2-135M on the bundled example, within ten minutes on two cores, whatever it does."""
    pytest.importorskip("llama_cpp")
    repo = tmp_path / "filling-line"
    shutil.copytree(
        ROOT / "examples" / "filling-line", repo, ignore=shutil.ignore_patterns(".werk")
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "filling line")
    before = user_state(repo)
    started = time.monotonic()
    result = werk(
        environment(isolated_env),
        "--set",
        "models.embedded.n_threads=2",
        "run",
        "--repo",
        str(repo),
        "--max-steps",
        "3",
        "--max-wall",
        "360",
        "--json",
        "FB_Valve: add an input bReset that clears bAlarm",
        timeout=600,
    )
    elapsed = time.monotonic() - started
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert elapsed < 600
    assert report["model"]["provider"] == "llamacpp"
    assert report["usage"]["steps"] <= 3
    assert report["status"] in (
        "delivered",
        "unverified",
        "no_changes",
        "budget_exhausted",
        "stopped",
    )
    commits = branch_commits(repo, report["branch"])
    if report["status"] == "delivered":
        assert report["verification"]["passed"] and len(commits) == 1
    else:
        assert commits == [] and not report["committed"]
    assert user_state(repo) == before
