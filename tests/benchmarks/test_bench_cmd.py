"""``werk bench`` as a user runs it: a subprocess, exit codes, the summary and the JSONL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.agents4plc.test_importer import LATCH_TASK
from werk.benchmarks.harness import TASKS_ROOT


def werk(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("WERK_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "werk.agent.cli.main", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_oracle_and_noop_validate_the_suite_in_parallel(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    done = werk(
        tmp_path, isolated_env, "bench", "--oracle", "--noop", "--tasks", "fix-*", "-j", "2",
        "--out", "out",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "oracle: every reference solution passes" in done.stdout
    assert "no-op: every untouched fixture fails" in done.stdout
    lines = (tmp_path / "out" / "results.jsonl").read_text().splitlines()
    assert len(lines) == 2 * len(list(TASKS_ROOT.glob("fix-*/task.yaml")))
    assert (tmp_path / "out" / "summary.md").read_text() == done.stdout
    assert "oracle fix-off-by-one #0: PASS" in done.stderr


def test_an_invalid_suite_exits_1(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    suite = tmp_path / "suite"
    shutil.copytree(TASKS_ROOT / "fix-missing-else", suite / "fix-missing-else")
    broken = suite / "fix-missing-else"
    shutil.copytree(broken / "solution", broken / "repo", dirs_exist_ok=True)  # already fixed
    done = werk(tmp_path, isolated_env, "bench", "--suite", str(suite), "--noop", "--out", "o")
    assert done.returncode == 1
    assert "no-op: INVALID, untouched fixtures pass: fix-missing-else" in done.stdout


def test_agents4plc_suite_from_a_path(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    (tmp_path / "a4p.json").write_text(json.dumps(LATCH_TASK, indent=2), encoding="utf-8")
    done = werk(
        tmp_path, isolated_env, "bench", "--suite", "agents4plc", "--path", "a4p.json",
        "--oracle", "--out", "o",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "| oracle | 1 | 1 | 100.0 % |" in done.stdout
    assert "| 1 |" in done.stdout.splitlines()[6]  # the defective property, counted apart


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "which model?"),
        (("--oracle", "--model", "x"), "--oracle and --noop run no model"),
        (("--suite", "agents4plc", "--oracle"), "--suite agents4plc needs --path"),
        (("--suite", "nowhere", "--oracle"), "unknown suite 'nowhere'"),
        (("--path", "x", "--oracle"), "--path is for --suite agents4plc"),
        (("--tasks", "no-such-*", "--oracle"), "no task matches"),
        (("--report", "--out", "empty"), "no results to report in empty/results.jsonl"),
        (("--report", "-j", "2", "--suite", "x"), "--report runs nothing, so --suite, --jobs"),
        (("--oracle", "--ray-address", "h:1"), "--ray-address is for --executor ray"),
        (("--oracle", "--executor", "dask"), "Invalid value for '--executor'"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, isolated_env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    done = werk(tmp_path, isolated_env, "bench", *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
