"""The files of the worktree a model may look at: every file git would not ignore.

The walk follows ``.gitignore`` files, ``.git/info/exclude`` and werk's
exclude globs the same way the symbol index does (``werk.tools.code.ignore``),
but keeps every file, not only source files: a model asked to fix a build
needs to see ``Makefile`` and ``pyproject.toml`` too. Tool state folders
(``.werk/``, ``.venv/``, ``__pycache__/``...) are left out, and so are
symlinks that lead out of the worktree. The walk stops at ``limit`` files,
so a vendored tree of a million files cannot stall the agent.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from werk.tools.code.discovery import DEFAULT_EXCLUDES
from werk.tools.code.ignore import IgnoreRules

DEFAULT_LIMIT = 50_000


@dataclass(frozen=True)
class FileListing:
    files: list[str]  # POSIX paths relative to the root, sorted
    truncated: bool  # the walk stopped at its limit


def list_repository_files(
    root: Path, exclude: Sequence[str] = (), *, under: str = "", limit: int = DEFAULT_LIMIT
) -> FileListing:
    """The files below ``root/under`` that git would not ignore."""
    real_root = os.path.realpath(root)
    rules = IgnoreRules.for_root(Path(root), (*DEFAULT_EXCLUDES, *exclude))
    start = under.strip("/")
    pending: list[tuple[str, IgnoreRules]] = []
    if start:
        for parent in _ancestors(start):
            folder = Path(root, parent) if parent else Path(root)
            if parent and (folder / ".gitignore").exists():
                rules = rules.entering(folder, parent + "/")
        if (Path(root, start) / ".gitignore").exists():
            rules = rules.entering(Path(root, start), start + "/")
        pending.append((start + "/", rules))
    else:
        pending.append(("", rules))
    files: list[str] = []
    while pending:
        relative, folder_rules = pending.pop()
        try:
            with os.scandir(Path(root, relative) if relative else root) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        if relative and relative != start + "/" and any(e.name == ".gitignore" for e in entries):
            folder_rules = folder_rules.entering(Path(root, relative), relative)
        folders = []
        for entry in entries:
            if entry.name == ".git":
                continue
            path = relative + entry.name
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if target != real_root and not target.startswith(real_root + os.sep):
                    continue
            if entry.is_dir():
                if not entry.is_symlink() and not folder_rules.ignores(path, is_folder=True):
                    folders.append((path + "/", folder_rules))
                continue
            if not folder_rules.ignores(path, is_folder=False):
                files.append(path)
                if len(files) >= limit:
                    return FileListing(sorted(files), True)
        pending.extend(reversed(folders))
    return FileListing(sorted(files), False)


def is_ignored(root: Path, relative: str, exclude: Sequence[str] = ()) -> bool:
    """Whether git (or werk's excludes) ignores the file ``relative``, or a folder above it."""
    rules = IgnoreRules.for_root(Path(root), (*DEFAULT_EXCLUDES, *exclude))
    parts = PurePosixPath(relative).parts
    for count in range(1, len(parts)):
        folder = "/".join(parts[:count])
        if rules.ignores(folder, is_folder=True):
            return True
        if (Path(root, folder) / ".gitignore").exists():
            rules = rules.entering(Path(root, folder), folder + "/")
    return rules.ignores(relative, is_folder=False)


def _ancestors(relative: str) -> list[str]:
    parts = PurePosixPath(relative).parts
    return ["/".join(parts[:count]) for count in range(1, len(parts))]


def closest_paths(wanted: str, files: Sequence[str], count: int = 5) -> list[str]:
    """The files a mistyped or half-remembered path most likely meant.

    Files with the same name in another folder come first (the model knew
    the name, not the folder), then close spellings of the whole path and
    of the name.
    """
    name = PurePosixPath(wanted).name.lower()
    same_name = [f for f in files if PurePosixPath(f).name.lower() == name]
    by_path = difflib.get_close_matches(wanted, files, n=count, cutoff=0.5)
    names = {PurePosixPath(f).name.lower(): f for f in files}
    by_name = [names[n] for n in difflib.get_close_matches(name, list(names), n=count, cutoff=0.6)]
    found: list[str] = []
    for candidate in [*same_name, *by_path, *by_name]:
        if candidate not in found:
            found.append(candidate)
    return found[:count]
