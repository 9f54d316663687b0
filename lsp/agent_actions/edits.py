"""The agent's change, as edits of the files the user has open.

The agent works in its own git worktree, from the last commit; the user
may have changed the same files since, saved or not. Each changed file is
compared three ways: the text the agent started from (the base commit),
the agent's result, and the user's current text (the editor's buffer, else
the file). Where the user did not touch the lines the agent changed, the
agent's hunks are carried over to the user's line numbers; where both
changed the same lines, that file is left alone and reported as a conflict.
Edits are whole lines, so no position-encoding question arises.
"""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.errors import WerkError


@dataclass(frozen=True)
class LineEdit:
    """Replace the user's lines ``[start, end)`` by ``text`` (whole lines)."""

    start: int
    end: int
    text: str


@dataclass
class FileEdits:
    path: Path
    created: bool = False
    edits: list[LineEdit] = field(default_factory=list)


@dataclass
class Proposal:
    files: list[FileEdits] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    """Changed files left alone, with the reason."""


def carry_over(base: str, proposed: str, current: str) -> list[LineEdit] | None:
    """The hunks of ``base`` → ``proposed`` placed in ``current``; None when they collide."""
    base_lines = base.splitlines(keepends=True)
    proposed_lines = proposed.splitlines(keepends=True)
    current_lines = current.splitlines(keepends=True)
    mapping = _line_mapping(base_lines, current_lines)
    edits: list[LineEdit] = []
    matcher = difflib.SequenceMatcher(None, base_lines, proposed_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start = _mapped_boundary(mapping, i1, len(base_lines), len(current_lines))
        end = _mapped_boundary(mapping, i2, len(base_lines), len(current_lines))
        if start is None or end is None or end - start != i2 - i1:
            return None
        if any(mapping.get(line) is None for line in range(i1, i2)):
            return None
        edits.append(LineEdit(start, end, "".join(proposed_lines[j1:j2])))
    return edits


def _line_mapping(base: list[str], current: list[str]) -> dict[int, int]:
    """Base line → the same, untouched line in the user's text."""
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, base, current, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    return mapping


def _mapped_boundary(
    mapping: dict[int, int], line: int, base_len: int, current_len: int
) -> int | None:
    """Where the boundary before base line ``line`` lies in the user's text."""
    if line < base_len and line in mapping:
        return mapping[line]
    if line > 0 and line - 1 in mapping:
        return mapping[line - 1] + 1
    if line == 0:
        return 0
    if line == base_len and base_len == current_len:
        return current_len
    return None


def build_proposal(
    repo: Path,
    worktree: Path,
    base_commit: str,
    changed: list[str],
    current_text: Callable[[Path], str | None],
) -> Proposal:
    """``current_text(path)`` is the user's text of a file (None: it does not exist)."""
    proposal = Proposal()
    for relative in changed:
        user_path = (repo / relative).resolve()
        new_path = worktree / relative
        if not new_path.is_file():
            proposal.conflicts.append(f"{relative}: the agent deleted it (not applied)")
            continue
        proposed = new_path.read_text(encoding="utf-8", errors="replace")
        base = base_text(repo, base_commit, relative)
        current = current_text(user_path)
        if current is None:
            proposal.files.append(FileEdits(user_path, True, [LineEdit(0, 0, proposed)]))
            continue
        if base is None:
            proposal.conflicts.append(f"{relative}: the agent created it, but you have one too")
            continue
        edits = carry_over(base, proposed, current)
        if edits is None:
            proposal.conflicts.append(f"{relative}: you changed the same lines")
            continue
        proposal.files.append(FileEdits(user_path, False, edits))
    return proposal


def base_text(repo: Path, commit: str, relative: str) -> str | None:
    """The file as the agent found it; None for a file the agent created."""
    try:
        completed = subprocess.run(
            ["git", "show", f"{commit}:{relative}"],
            cwd=repo,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise WerkError(f"cannot read {relative} at {commit[:12]}: {exc}") from exc
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", errors="replace")
