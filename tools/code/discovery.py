"""The source files of a repository that werk indexes, and why others were left out.

Walks the folder tree under a root, honouring ``.gitignore`` files (nested
ones too), ``.git/info/exclude`` and werk's exclude globs (see
``werk.tools.code.ignore``), and keeps the files whose extension selects a
registered language (``werk.tools.code.languages``). It never fails on what
it finds in the tree; each file it cannot index is reported with a reason:

- over the size limit (2 MB by default): ``too large: symbols skipped``;
- a NUL byte in the first 8 KB, git's own test: ``binary``;
- unreadable, broken or looping symlinks, sockets and pipes.

Symlinks that stay inside the repository are not followed: their targets are
indexed under their real paths, once. Symlinks leading out of it are skipped,
as are symlink loops, with a warning in the log.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.code.ignore import IgnoreRules
from werk.tools.code.languages import LanguageSupport, language_for_head, language_for_path

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
BINARY_PROBE_BYTES = 8 * 1024
TOO_LARGE = "too large: symbols skipped"

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".werk/",
    ".venv/",
    "venv/",
    "node_modules/",
    "__pycache__/",
    ".mypy_cache/",
    ".ruff_cache/",
    ".pytest_cache/",
    ".tox/",
)
"""Folders holding tools' state, not the project's code, even where no .gitignore says so."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    """POSIX path relative to the root: the file's name everywhere in the index."""
    absolute: Path
    language: str
    size: int


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class Discovery:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def discover(
    root: Path,
    *,
    exclude: Sequence[str] = DEFAULT_EXCLUDES,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> Discovery:
    """The indexable source files under ``root``, in path order, and the ones skipped."""
    root = Path(root)
    real_root = os.path.realpath(root)
    found = Discovery(root)
    pending: list[tuple[str, str, IgnoreRules]] = [
        (os.fspath(root), "", IgnoreRules.for_root(root, exclude))
    ]
    while pending:
        folder, relative, rules = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            _skip(found, relative.rstrip("/") or ".", f"unreadable folder: {_why(exc)}")
            continue
        if any(entry.name == ".gitignore" for entry in entries) and relative:
            rules = rules.entering(Path(folder), relative)
        folders: list[tuple[str, str, IgnoreRules]] = []
        for entry in entries:
            if entry.name == ".git":
                continue
            path = relative + entry.name
            if entry.is_symlink():
                _check_symlink(found, entry, path, real_root, rules)
                continue
            if entry.is_dir(follow_symlinks=False):
                if not rules.ignores(path, is_folder=True):
                    folders.append((entry.path, path + "/", rules))
                continue
            language = language_for_path(entry.name)
            if language is None or rules.ignores(path, is_folder=False):
                continue
            source = _inspect(found, entry.path, path, language, max_file_size)
            if source is not None:
                found.files.append(source)
        pending.extend(reversed(folders))
    found.files.sort(key=lambda source: source.path)
    return found


def _inspect(
    found: Discovery, absolute: str, path: str, language: LanguageSupport, max_file_size: int
) -> SourceFile | None:
    try:
        info = Path(absolute).stat()
        if not stat.S_ISREG(info.st_mode):
            found.skipped.append(SkippedFile(path, "not a regular file"))
            return None
        if info.st_size > max_file_size:
            found.skipped.append(SkippedFile(path, TOO_LARGE))
            return None
        with Path(absolute).open("rb") as stream:
            probe = stream.read(BINARY_PROBE_BYTES)
    except OSError as exc:
        _skip(found, path, f"unreadable: {_why(exc)}")
        return None
    if b"\0" in probe:
        found.skipped.append(SkippedFile(path, "binary"))
        return None
    if language_for_head(path, probe) is None:  # e.g. an .xml file that is not PLCopen
        return None
    return SourceFile(path, Path(absolute), language.name, info.st_size)


def _check_symlink(
    found: Discovery, entry: os.DirEntry[str], path: str, real_root: str, rules: IgnoreRules
) -> None:
    """Report the symlinks that hide something from the index; stay quiet about the rest."""
    try:
        is_folder = entry.is_dir()
    except OSError:
        is_folder = False
    if rules.ignores(path, is_folder=is_folder):
        return
    if not is_folder and language_for_path(entry.name) is None:
        try:
            Path(entry.path).stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                _skip(found, path, "symlink loop")
        return
    try:
        target = os.path.realpath(entry.path, strict=True)
    except OSError as exc:
        reason = "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
        _skip(found, path, reason)
        return
    if target != real_root and not target.startswith(real_root + os.sep):
        _skip(found, path, "symlink leads out of the repository")
        return
    here = os.path.realpath(Path(entry.path).parent)
    if is_folder and (here == target or here.startswith(target + os.sep)):
        _skip(found, path, "symlink loop")


def _skip(found: Discovery, path: str, reason: str) -> None:
    log.warning("%s: %s", path, reason)
    found.skipped.append(SkippedFile(path, reason))


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
