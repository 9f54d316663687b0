"""Which paths of a repository git would ignore, plus werk's own exclude globs.

Follows gitignore(5): patterns come from ``.git/info/exclude`` and from a
``.gitignore`` in any folder, each relative to the folder it sits in; a
deeper file overrides a shallower one, the last matching pattern of a file
wins, ``!pattern`` re-includes, and nothing inside an ignored folder can be
re-included (the walker never enters one). Patterns are matched with
``pathspec``'s ``GitIgnoreSpec``, which implements git's pattern syntax.
The user's global excludes file (``core.excludesFile``) is not read: the
index should be the same for everyone working on the repository.

Exclude globs from werk's configuration use the same syntax, relative to the
indexed root, and win over everything (a ``.gitignore`` cannot re-include
what the configuration excludes).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Level:
    """The patterns of one ignore file and the folder (relative to the work tree) they apply to."""

    base: str  # "" for the work tree's top, else "dir/sub/"
    spec: GitIgnoreSpec


@dataclass(frozen=True)
class IgnoreRules:
    """The ignore rules in force in one folder: its own ``.gitignore`` and its ancestors'."""

    prefix: str
    """The indexed root's path inside the git work tree (``""`` or ``"sub/dir/"``)."""
    levels: tuple[_Level, ...]
    """Shallowest first; consulted deepest first."""
    exclude: GitIgnoreSpec | None = None

    @classmethod
    def for_root(cls, root: Path, exclude: Sequence[str] = ()) -> IgnoreRules:
        """Rules at ``root``: ``.git/info/exclude`` and the ``.gitignore`` files above it."""
        top = find_work_tree(root)
        levels: list[_Level] = []
        prefix = ""
        if top is not None:
            git_dir = _git_dir(top)
            if git_dir is not None:
                levels.extend(_level("", _read_lines(git_dir / "info" / "exclude")))
            relative = root.resolve().relative_to(top.resolve())
            folder = top
            levels.extend(_level("", _read_lines(folder / ".gitignore")))
            for part in relative.parts:
                folder = folder / part
                prefix += part + "/"
                levels.extend(_level(prefix, _read_lines(folder / ".gitignore")))
        else:
            levels.extend(_level("", _read_lines(root / ".gitignore")))
        spec = GitIgnoreSpec.from_lines(list(exclude)) if exclude else None
        return cls(prefix, tuple(levels), spec)

    def entering(self, folder: Path, relative: str) -> IgnoreRules:
        """The rules inside ``folder`` (``relative`` to the root, ending in ``/``), which has a
        ``.gitignore`` of its own."""
        new = tuple(_level(self.prefix + relative, _read_lines(folder / ".gitignore")))
        if not new:
            return self
        return IgnoreRules(self.prefix, self.levels + new, self.exclude)

    def ignores(self, relative: str, is_folder: bool) -> bool:
        """Whether the path (relative to the root, POSIX) is excluded or git-ignored."""
        candidate = relative + "/" if is_folder else relative
        if self.exclude is not None and self.exclude.match_file(candidate):
            return True
        in_tree = self.prefix + candidate
        for level in reversed(self.levels):
            if not in_tree.startswith(level.base):
                continue
            decided = level.spec.check_file(in_tree[len(level.base) :]).include
            if decided is not None:
                return decided
        return False


def find_work_tree(start: Path) -> Path | None:
    """The top of the git work tree containing ``start`` (the folder holding ``.git``)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _git_dir(top: Path) -> Path | None:
    """The git directory of a work tree; for a linked worktree, the common one (holding info/)."""
    dot_git = top / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        text = dot_git.read_text("utf-8", "replace").strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    git_dir = (top / text.removeprefix("gitdir:").strip()).resolve()
    try:
        common = (git_dir / "commondir").read_text("utf-8").strip()
    except OSError:
        return git_dir
    return (git_dir / common).resolve()


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        log.warning("cannot read %s (%s): its ignore patterns are not applied", path, exc.strerror)
        return []


def _level(base: str, lines: Iterable[str]) -> list[_Level]:
    patterns = [line for line in lines if line.strip() and not line.startswith("#")]
    return [_Level(base, GitIgnoreSpec.from_lines(patterns))] if patterns else []
