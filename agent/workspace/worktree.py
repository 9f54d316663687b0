"""The agent's workspace: a git worktree on a new branch, one per run.

``Workspace.create(repo, run_id, slug)`` checks out ``base`` (default
``HEAD``) into ``<repo>/.werk/worktrees/<run_id>`` on a new branch
``werk/<slug>``; the agent reads, edits and tests there; ``commit`` records
the result on that branch and ``write_patch`` exports it. The user's
checkout, index, stash and uncommitted changes are never touched: git
commands on the user's repository only add a worktree and a branch, and run
with ``GIT_OPTIONAL_LOCKS=0`` so that not even a stat refresh of the user's
index is written. Uncommitted changes of the user are therefore *not* in the
worktree; the run's report says so.

What is staged, listed as changed and committed is the same set everywhere:
every change under the worktree except tool state (``.werk/``,
``__pycache__/``, ``.pytest_cache/``, ``.ruff_cache/``, ``.mypy_cache/``,
``*.pyc``), so a test run cannot smuggle caches into the commit. Listing
and diffing stage into a temporary copy of the worktree's index, so they
change nothing; ``commit`` stages into the worktree's own index.

Git hooks do not run (``core.hooksPath=/dev/null``, ``--no-verify``) and
commits are not signed: the agent's git operations must not depend on, or
trigger, whatever the user's hooks and signing agent do. Nothing is pushed.
Each run keeps a small record next to its worktree
(``<run_id>.json``: branch and base commit), so ``Workspace.open`` can
re-attach to it after a crash or for a resumed run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git

from werk.agent.workspace.branches import free_branch, valid_run_id
from werk.agent.workspace.errors import NothingToCommitError, WorkspaceError
from werk.agent.workspace.paths import inside

WORKTREES = Path(".werk") / "worktrees"
TOOL_STATE = (".werk", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache")
_EXCLUDED = (
    *(f":(exclude,glob)**/{folder}/**" for folder in TOOL_STATE),
    *(f":(exclude,glob){folder}/**" for folder in TOOL_STATE),
    ":(exclude,glob)**/*.pyc",
)
# Variables that point git at another repository, index or work tree: set in a hook's
# environment, they would make werk's git commands act on the user's files.
_LOCATION_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)
_NO_HOOKS = ("-c", "core.hooksPath=/dev/null")
DEFAULT_AUTHOR = ("werk", "werk@localhost")


@dataclass
class Workspace:
    repo: Path
    """The user's repository (the top of its work tree)."""
    root: Path
    """The worktree the agent works in."""
    branch: str
    run_id: str
    base_commit: str

    # --- making and finding ------------------------------------------------------------------

    @classmethod
    def create(cls, repo: Path, run_id: str, slug: str, *, base: str = "HEAD") -> Workspace:
        """A new worktree for ``run_id``; the existing one if this run already has one."""
        user_repo = _open_repository(repo)
        top = Path(str(user_repo.working_tree_dir)).resolve()
        if not valid_run_id(run_id):
            raise WorkspaceError(
                f"run id {run_id!r} cannot name a folder: use letters, digits, '.', '_', '-'"
            )
        if _record_path(top, run_id).exists():
            return cls.open(top, run_id)
        try:
            base_commit = user_repo.commit(base).hexsha
        except (git.BadName, ValueError) as exc:
            if not user_repo.head.is_valid():
                raise WorkspaceError(
                    f"{top} has no commit yet", hint="commit once: werk works from a commit"
                ) from exc
            raise WorkspaceError(f"{base!r} names no commit in {top}") from exc
        root = top / WORKTREES / run_id
        if root.exists():
            raise WorkspaceError(
                f"{root} exists but is not a werk worktree",
                hint="remove it, or choose another run id",
            )
        _ignore_worktrees_folder(top)
        branch = free_branch(slug, lambda name: _branch_exists(user_repo, name))
        with _clean_git_environment():
            try:
                user_repo.git.execute(
                    ["git", *_NO_HOOKS, "worktree", "add", "-b", branch, str(root), base_commit],
                    env={"GIT_OPTIONAL_LOCKS": "0"},
                )
            except git.GitCommandError as exc:
                raise WorkspaceError(
                    f"cannot create the worktree {root}: {_git_message(exc)}"
                ) from exc
        record = {"run_id": run_id, "branch": branch, "base_commit": base_commit}
        _record_path(top, run_id).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        return cls(top, root.resolve(), branch, run_id, base_commit)

    @classmethod
    def open(cls, repo: Path, run_id: str) -> Workspace:
        """Re-attach to the worktree of ``run_id`` (a resumed run)."""
        user_repo = _open_repository(repo)
        top = Path(str(user_repo.working_tree_dir)).resolve()
        record_path = _record_path(top, run_id)
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise WorkspaceError(
                f"no werk worktree for run {run_id!r} in {top}",
                hint="start a new run; `git worktree list` shows what exists",
            ) from None
        except (OSError, json.JSONDecodeError) as exc:
            raise WorkspaceError(f"{record_path}: unreadable run record: {exc}") from exc
        root = (top / WORKTREES / run_id).resolve()
        if not (root / ".git").is_file():
            raise WorkspaceError(
                f"the worktree of run {run_id!r} is gone ({root})",
                hint=f"its branch {record.get('branch')} is kept; start a new run from it",
            )
        return cls(top, root, str(record["branch"]), run_id, str(record["base_commit"]))

    # --- paths --------------------------------------------------------------------------------

    def resolve(self, relative: str) -> Path:
        """The real path of ``relative`` inside the worktree; ``PathRefused`` if it leads out."""
        return inside(self.root, relative)

    @property
    def state_dir(self) -> Path:
        """A folder for the run's tool state (caches), outside the worktree so never committed."""
        folder = self.repo / WORKTREES / f"{self.run_id}.state"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    # --- what changed ------------------------------------------------------------------------

    def changed_files(self) -> list[str]:
        """Files added, modified or deleted since the base commit (POSIX, sorted)."""
        with self._scratch_index() as env:
            names = self._git(
                "diff", "--cached", "--name-only", "-z", "--no-renames", self.base_commit, env=env
            )
        return sorted(name for name in names.split("\0") if name)

    def diff(self) -> str:
        """The whole change since the base commit as a patch (``git apply`` can use it)."""
        return self._diff_bytes().decode("utf-8", "replace")

    def commit(self, message: str) -> str:
        """Commit every change on the branch; the sha of the commit holding them.

        Idempotent: with nothing new since the last commit, that commit's sha.
        Raises ``NothingToCommitError`` when nothing changed since the base commit.
        """
        self._stage(None)
        worktree = self._worktree_repo()
        head = worktree.head.commit.hexsha
        pending = self._git("diff", "--cached", "--name-only", "HEAD")
        if not pending.strip():
            if head != self.base_commit:
                return head
            raise NothingToCommitError(
                "nothing changed since the base commit; there is nothing to commit"
            )
        name, email = _identity(worktree)
        self._git(
            "-c",
            f"user.name={name}",
            "-c",
            f"user.email={email}",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--no-verify",
            "--quiet",
            "-F",
            "-",
            istream_text=message,
        )
        return str(worktree.head.commit.hexsha)

    def write_patch(self, path: Path) -> None:
        """The change as a patch file: ``git format-patch`` output when it is all committed
        (author and message included), else a plain diff against the base commit."""
        worktree = self._worktree_repo()
        head = worktree.head.commit.hexsha
        if head != self.base_commit and not self._uncommitted():
            data = self._git_bytes(
                "format-patch", "--stdout", "--binary", f"{self.base_commit}..{head}"
            )
        else:
            data = self._diff_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def remove(self) -> None:
        """Delete the worktree and its record; the branch (and any commit on it) stays."""
        user_repo = _open_repository(self.repo)
        with _clean_git_environment():
            try:
                if self.root.exists():
                    user_repo.git.execute(
                        ["git", *_NO_HOOKS, "worktree", "remove", "--force", str(self.root)],
                        env={"GIT_OPTIONAL_LOCKS": "0"},
                    )
                user_repo.git.execute(["git", "worktree", "prune"], env={"GIT_OPTIONAL_LOCKS": "0"})
            except git.GitCommandError as exc:
                raise WorkspaceError(f"cannot remove {self.root}: {_git_message(exc)}") from exc
        _record_path(self.repo, self.run_id).unlink(missing_ok=True)
        shutil.rmtree(self.repo / WORKTREES / f"{self.run_id}.state", ignore_errors=True)

    # --- git ----------------------------------------------------------------------------------

    def _worktree_repo(self) -> git.Repo:
        return git.Repo(self.root)

    def _uncommitted(self) -> bool:
        with self._scratch_index() as env:
            return bool(self._git("diff", "--cached", "--name-only", "HEAD", env=env).strip())

    def _diff_bytes(self) -> bytes:
        with self._scratch_index() as env:
            return self._git_bytes("diff", "--cached", "--binary", self.base_commit, env=env)

    def _stage(self, env: dict[str, str] | None) -> None:
        """Stage all but tool state into the index ``env`` names (default: the worktree's)."""
        self._git("add", "--all", "--", ".", *_EXCLUDED, env=env)

    @contextlib.contextmanager
    def _scratch_index(self) -> Iterator[dict[str, str]]:
        """A staged copy of the worktree in a throw-away index (seeded from the real one, whose
        file stat data spares git from hashing every file again)."""
        real_index = Path(self._git("rev-parse", "--git-path", "index"))
        if not real_index.is_absolute():
            real_index = self.root / real_index
        with tempfile.TemporaryDirectory(prefix="werk-index-") as folder:
            scratch = Path(folder) / "index"
            if real_index.exists():
                shutil.copyfile(real_index, scratch)
            env = {"GIT_INDEX_FILE": str(scratch)}
            if not real_index.exists():
                self._git("read-tree", "HEAD", env=env)
            self._stage(env)
            yield env

    def _git(
        self, *args: str, env: dict[str, str] | None = None, istream_text: str | None = None
    ) -> str:
        return self._git_bytes(*args, env=env, istream_text=istream_text).decode("utf-8", "replace")

    def _git_bytes(
        self, *args: str, env: dict[str, str] | None = None, istream_text: str | None = None
    ) -> bytes:
        """Run git in the worktree; its errors become ``WorkspaceError``."""
        command = ["git", *_NO_HOOKS, *args]
        options: dict[str, Any] = {
            "env": env or {},
            "stdout_as_string": False,
            "strip_newline_in_stdout": False,
        }
        with _clean_git_environment():
            try:
                if istream_text is None:
                    output = git.Git(self.root).execute(command, **options)
                else:
                    with tempfile.TemporaryFile() as stream:
                        stream.write(istream_text.encode("utf-8"))
                        stream.seek(0)
                        output = git.Git(self.root).execute(command, istream=stream, **options)
            except git.GitCommandError as exc:
                raise WorkspaceError(
                    f"git {args[0]} failed in {self.root}: {_git_message(exc)}"
                ) from exc
        return output if isinstance(output, bytes) else str(output).encode()


def _open_repository(path: Path) -> git.Repo:
    with _clean_git_environment():
        try:
            repository = git.Repo(Path(path), search_parent_directories=True)
        except git.NoSuchPathError:
            raise WorkspaceError(f"{path}: no such folder") from None
        except git.InvalidGitRepositoryError:
            raise WorkspaceError(
                f"{path} is not in a git repository",
                hint="werk works on a git checkout: run `git init` and commit first",
            ) from None
    if repository.bare or repository.working_tree_dir is None:
        raise WorkspaceError(f"{path} is a bare repository: werk needs a checkout")
    return repository


def _branch_exists(repository: git.Repo, name: str) -> bool:
    with _clean_git_environment():
        try:
            repository.git.execute(
                ["git", "show-ref", "--verify", "--quiet", f"refs/heads/{name}"],
                env={"GIT_OPTIONAL_LOCKS": "0"},
            )
        except git.GitCommandError:
            return False
    return True


def _identity(repository: git.Repo) -> tuple[str, str]:
    """The user's configured name and e-mail, else werk's own."""
    reader = repository.config_reader()
    name = reader.get_value("user", "name", default="") or DEFAULT_AUTHOR[0]
    email = reader.get_value("user", "email", default="") or DEFAULT_AUTHOR[1]
    return str(name), str(email)


def _record_path(top: Path, run_id: str) -> Path:
    return top / WORKTREES / f"{run_id}.json"


def _ignore_worktrees_folder(top: Path) -> None:
    """Keep the worktrees out of the user's ``git status`` (a ``*`` .gitignore ignores itself)."""
    folder = top / WORKTREES
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# werk's worktrees and run records\n*\n", encoding="utf-8")


@contextlib.contextmanager
def _clean_git_environment() -> Iterator[None]:
    """Without the variables that would point git elsewhere (they are rarely set: then this
    changes nothing); GitPython passes a copy of ``os.environ`` to every git process."""
    saved = {name: os.environ.pop(name) for name in _LOCATION_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def _git_message(exc: git.GitCommandError) -> str:
    stderr = exc.stderr
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else str(stderr or exc)
    return " ".join(text.replace("stderr:", "").split()).strip(" '") or str(exc)
