from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from werk.agent.workspace.commands import NOT_FOUND, cut_middle, run_command


def test_a_command_runs_in_the_given_folder_and_reports_its_output(tmp_path: Path) -> None:
    result = run_command(
        [sys.executable, "-c", "import os,sys; print(os.getcwd()); print('oops', file=sys.stderr)"],
        cwd=tmp_path,
        timeout_s=30,
    )
    assert result.exit_code == 0
    assert result.succeeded
    assert result.stdout.strip() == str(tmp_path)
    assert result.stderr.strip() == "oops"
    assert not result.timed_out


def test_a_string_is_a_shell_command_line(tmp_path: Path) -> None:
    result = run_command("echo one && exit 3", cwd=tmp_path, timeout_s=30)
    assert result.exit_code == 3
    assert result.stdout.strip() == "one"
    assert not result.succeeded
    assert result.shown_command == "echo one && exit 3"


def test_a_missing_program_is_exit_code_127_not_an_exception(tmp_path: Path) -> None:
    result = run_command(["no-such-program-werk"], cwd=tmp_path, timeout_s=30)
    assert result.exit_code == NOT_FOUND
    assert "cannot run no-such-program-werk" in result.stderr


def test_a_timeout_ends_the_whole_process_tree(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    result = run_command(f"sleep 60 & echo $! > {pid_file}; wait", cwd=tmp_path, timeout_s=1)
    assert result.timed_out
    assert not result.succeeded
    assert "stopped after 1 s" in result.stderr
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited: only its parent's wait is missing.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


def test_credentials_do_not_reach_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    monkeypatch.setenv("PLAIN_SETTING", "visible")
    result = run_command(["env"], cwd=tmp_path, timeout_s=30, env_extra={"EXTRA": "given"})
    assert "sk-secret-value" not in result.stdout
    assert "PLAIN_SETTING=visible" in result.stdout
    assert "EXTRA=given" in result.stdout


def test_long_output_keeps_its_head_and_tail(tmp_path: Path) -> None:
    script = "for i in range(100000): print(f'line {i}')"
    result = run_command([sys.executable, "-c", script], cwd=tmp_path, timeout_s=60, max_chars=5000)
    assert len(result.stdout) < 6000
    assert result.stdout.startswith("line 0\n")
    assert result.stdout.rstrip().endswith("line 99999")
    assert "left out" in result.stdout


def test_cut_middle_leaves_short_text_alone() -> None:
    assert cut_middle("short", 100) == "short"
    cut = cut_middle("a" * 50 + "b" * 50, 20, head_chars=5)
    assert cut.startswith("aaaaa\n[... 80 characters left out ...]\n")
    assert cut.endswith("b" * 15)
