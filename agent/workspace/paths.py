"""Which paths the agent may touch: those inside its worktree, and nothing of git's.

A model names files as text, and text can say ``../../.ssh/id_rsa``,
``/etc/passwd``, ``C:\\Users`` or a harmless-looking ``docs/link`` that is a
symlink to the user's home. Every path a tool reads or writes goes through
``inside``: relative, no ``..``, not into ``.git`` (a hook written there would
run on the user's next commit), and, after following symlinks, still inside
the worktree. Backslashes are read as separators, because engineers coming
from Windows tools (TwinCAT, CODESYS) write paths that way.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from werk.agent.workspace.errors import PathRefused

_DRIVE = re.compile(r"^[A-Za-z]:")
GIT_FOLDER = ".git"


def normalised(relative: str) -> str:
    """The path as werk shows it: POSIX separators, no ``./`` or doubled slashes."""
    text = relative.strip().replace("\\", "/")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    return "/".join(parts) or "."


def inside(root: Path, relative: str) -> Path:
    """The real path of ``relative`` in ``root``, or ``PathRefused`` saying why not.

    The file need not exist (``create_file``): the deepest existing folder on
    the way is what symlinks are followed from.
    """
    if not isinstance(relative, str):
        raise PathRefused(f"a path must be text, got {type(relative).__name__}")
    text = relative.strip()
    if not text:
        raise PathRefused("the path is empty; give a path relative to the repository root")
    if "\0" in text:
        raise PathRefused("the path contains a NUL character")
    if text.startswith(("/", "\\", "~")) or _DRIVE.match(text):
        raise PathRefused(
            f"{relative!r} is absolute; give a path relative to the repository root "
            "(e.g. src/main.st)"
        )
    parts = PurePosixPath(normalised(text)).parts
    if ".." in parts:
        raise PathRefused(
            f"{relative!r} leads out of the repository ('..'); "
            "give a path relative to the repository root"
        )
    if any(part.lower() == GIT_FOLDER for part in parts):
        raise PathRefused(f"{relative!r} is inside .git: git's own files are off limits")
    real_root = root.resolve()
    real = (real_root / Path(*parts)).resolve()
    if real != real_root and not real.is_relative_to(real_root):
        raise PathRefused(
            f"{relative!r} is a symlink (or inside one) that points outside the repository"
        )
    if any(part.lower() == GIT_FOLDER for part in real.relative_to(real_root).parts):
        raise PathRefused(f"{relative!r} is a symlink into .git: git's own files are off limits")
    return real


def relative_to_root(root: Path, path: Path) -> str:
    """``path`` as the POSIX path relative to ``root`` that the model and the user see."""
    real_root = root.resolve()
    try:
        return path.resolve().relative_to(real_root).as_posix() or "."
    except ValueError:
        return path.as_posix()
