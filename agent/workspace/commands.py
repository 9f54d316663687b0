"""Running a command for the agent: in the worktree, with a timeout, without credentials.

The command may be anything the repository configures (``make test``,
``pytest -q``) or a linter, running code a model wrote a minute ago. So it
runs in its own process group (a timeout ends the whole tree, not only the
shell), with no input, with the environment of ``environment`` (credentials
removed), and its output is spooled to temporary files rather than memory, so
a test that prints gigabytes cannot exhaust the agent. What comes back is
bounded: the head and the tail of each stream, with a note of what was cut in
between (the first error and the final summary are what a model needs).

A string is run by ``/bin/sh -c`` (configured commands are written for a
shell); a list is executed directly. A program that does not exist is a
result with exit code 127, like a shell's, not an exception: the model and
the verification gate both need to see it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from werk.agent.workspace.environment import stripped_environment

MAX_STREAM_CHARS = 20_000
HEAD_CHARS = 4_000
GRACE_S = 2.0
NOT_FOUND = 127


@dataclass(frozen=True)
class CommandResult:
    argv: list[str] | str
    exit_code: int
    stdout: str
    stderr: str
    timed_out: bool
    duration_s: float

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    @property
    def shown_command(self) -> str:
        return self.argv if isinstance(self.argv, str) else " ".join(self.argv)

    def output(self) -> str:
        """stdout then stderr, as one text (each already bounded)."""
        parts = [self.stdout.rstrip("\n"), self.stderr.rstrip("\n")]
        return "\n".join(part for part in parts if part)


def run_command(
    argv: list[str] | str,
    *,
    cwd: Path,
    timeout_s: float,
    env_extra: Mapping[str, str] | None = None,
    max_chars: int = MAX_STREAM_CHARS,
) -> CommandResult:
    """Run ``argv`` in ``cwd``; never raises for what the command does."""
    command = ["/bin/sh", "-c", argv] if isinstance(argv, str) else list(argv)
    environment = stripped_environment(extra=env_extra)
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            process = subprocess.Popen(
                command,
                cwd=cwd,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
            return CommandResult(
                argv, NOT_FOUND, "", f"cannot run {command[0]}: {exc.strerror or exc}", False, 0.0
            )
        timed_out = False
        try:
            exit_code = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            exit_code = _stop(process)
        duration = time.monotonic() - started
        stdout = _bounded(out, max_chars)
        stderr = _bounded(err, max_chars)
    if timed_out:
        stderr = (stderr + "\n" if stderr else "") + f"[werk: stopped after {timeout_s:g} s]"
    return CommandResult(argv, exit_code, stdout, stderr, timed_out, duration)


def _stop(process: subprocess.Popen[bytes]) -> int:
    """End the command's whole process group: politely, then for good."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            return process.wait(timeout=GRACE_S)
        except subprocess.TimeoutExpired:
            continue
    return process.wait()


def _bounded(stream: IO[bytes], max_chars: int) -> str:
    """The stream's text, or its head and tail around a note of what was left out."""
    size = stream.seek(0, os.SEEK_END)
    # Bytes are at least as many as characters: reading a little more than needed is enough.
    if size <= max_chars * 4:
        stream.seek(0)
        text = stream.read().decode("utf-8", "replace")
        return cut_middle(text, max_chars)
    stream.seek(0)
    head = stream.read(HEAD_CHARS).decode("utf-8", "replace")
    tail_bytes = max_chars - HEAD_CHARS
    stream.seek(size - tail_bytes)
    tail = stream.read().decode("utf-8", "replace")
    return f"{head}\n[... {size - HEAD_CHARS - tail_bytes} bytes left out ...]\n{tail}"


def cut_middle(text: str, max_chars: int, head_chars: int = HEAD_CHARS) -> str:
    """``text`` if short enough, else its head and tail with a note of what was left out."""
    if len(text) <= max_chars:
        return text
    head_chars = min(head_chars, max_chars // 2)
    tail_chars = max_chars - head_chars
    left_out = len(text) - head_chars - tail_chars
    return f"{text[:head_chars]}\n[... {left_out} characters left out ...]\n{text[-tail_chars:]}"
