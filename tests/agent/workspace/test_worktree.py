from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from tests.agent.workspace.repos import git, make_repo
from werk.agent.workspace import NothingToCommitError, PathRefused, Workspace, WorkspaceError

FILES = {
    "src/main.st": "PROGRAM Main\nVAR x : INT; END_VAR\nx := x + 1;\nEND_PROGRAM\n",
    "README.md": "# plant\n",
    "old.txt": "to be deleted\n",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", FILES)


def _user_state(repo: Path) -> dict[str, object]:
    """Everything about the user's checkout a run must leave alone."""
    index = repo / ".git" / "index"
    return {
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "index": hashlib.sha256(index.read_bytes()).hexdigest(),
        "index_mtime": index.stat().st_mtime_ns,
        "head": git(repo, "rev-parse", "--symbolic-full-name", "HEAD"),
        "stash": git(repo, "stash", "list"),
        "readme": (repo / "README.md").read_text(),
    }


def test_a_run_never_touches_the_users_checkout_index_or_stash(repo: Path) -> None:
    (repo / "README.md").write_text("# stashed work\n")
    git(repo, "stash", "push", "--quiet", "-m", "user stash")
    (repo / "README.md").write_text("# plant, edited by the user\n")
    (repo / "staged.txt").write_text("staged by the user\n")
    git(repo, "add", "staged.txt")
    (repo / "scratch.txt").write_text("untracked user file\n")
    before = _user_state(repo)

    workspace = Workspace.create(repo, "run-1", "Fix the pump")
    assert (workspace.root / "README.md").read_text() == "# plant\n"  # from HEAD, not the user's
    assert not (workspace.root / "staged.txt").exists()
    (workspace.root / "src" / "main.st").write_text("PROGRAM Main\nEND_PROGRAM\n")
    (workspace.root / "new.st").write_text("FUNCTION F : INT\nF := 1;\nEND_FUNCTION\n")
    workspace.changed_files()
    workspace.diff()
    workspace.commit("Fix the pump")
    workspace.write_patch(repo.parent / "out.patch")
    workspace.remove()

    assert _user_state(repo) == before


def test_create_makes_a_worktree_on_a_new_branch(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    workspace = Workspace.create(repo, "run-1", "Fix the pump's dry-run protection!")
    assert workspace.branch == "werk/fix-the-pumps-dry-run-protection"
    assert workspace.root == (repo / ".werk" / "worktrees" / "run-1").resolve()
    assert workspace.base_commit == head
    assert workspace.repo == repo.resolve()
    assert (workspace.root / "src" / "main.st").read_text() == FILES["src/main.st"]
    assert git(workspace.root, "rev-parse", "--abbrev-ref", "HEAD").strip() == workspace.branch
    # The worktrees folder does not show up in the user's status.
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_a_taken_branch_name_gets_a_number(repo: Path) -> None:
    git(repo, "branch", "werk/fix-pump")
    first = Workspace.create(repo, "run-1", "fix pump")
    second = Workspace.create(repo, "run-2", "fix pump")
    assert first.branch == "werk/fix-pump-2"
    assert second.branch == "werk/fix-pump-3"


def test_create_is_idempotent_and_open_reattaches(repo: Path) -> None:
    created = Workspace.create(repo, "run-1", "task")
    (created.root / "README.md").write_text("changed\n")
    again = Workspace.create(repo, "run-1", "another slug")
    opened = Workspace.open(repo / "src", "run-1")  # from a subfolder of the repository
    assert again == created
    assert opened == created
    assert opened.changed_files() == ["README.md"]


def test_base_can_be_another_commit(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    (repo / "README.md").write_text("second\n")
    git(repo, "commit", "--quiet", "-am", "second")
    workspace = Workspace.create(repo, "run-1", "task", base=first)
    assert workspace.base_commit == first
    assert (workspace.root / "README.md").read_text() == "# plant\n"


def test_changed_files_cover_edits_additions_deletions_but_not_tool_state(repo: Path) -> None:
    workspace = Workspace.create(repo, "run-1", "task")
    root = workspace.root
    assert workspace.changed_files() == []
    (root / "src" / "main.st").write_text("PROGRAM Main\nEND_PROGRAM\n")
    (root / "lib" / "util.py").parent.mkdir()
    (root / "lib" / "util.py").write_text("X = 1\n")
    (root / "old.txt").unlink()
    (root / "lib" / "__pycache__").mkdir()
    (root / "lib" / "__pycache__" / "util.cpython-311.pyc").write_bytes(b"\0\1")
    (root / ".pytest_cache").mkdir()
    (root / ".pytest_cache" / "README.md").write_text("cache")
    (root / ".werk").mkdir()
    (root / ".werk" / "index.sqlite").write_bytes(b"db")
    assert workspace.changed_files() == ["lib/util.py", "old.txt", "src/main.st"]
    # Listing staged nothing into the worktree's own index.
    assert git(root, "diff", "--cached", "--name-only") == ""


def test_the_diff_applies_to_a_fresh_checkout_of_the_base(repo: Path, tmp_path: Path) -> None:
    workspace = Workspace.create(repo, "run-1", "task")
    (workspace.root / "src" / "main.st").write_text("PROGRAM Main\nEND_PROGRAM\n")
    (workspace.root / "image.bin").write_bytes(bytes(range(256)))
    (workspace.root / "old.txt").unlink()
    patch = tmp_path / "change.patch"
    patch.write_text(workspace.diff())
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(repo), str(clone))
    git(clone, "apply", "--binary", str(patch))
    assert (clone / "src" / "main.st").read_text() == "PROGRAM Main\nEND_PROGRAM\n"
    assert (clone / "image.bin").read_bytes() == bytes(range(256))
    assert not (clone / "old.txt").exists()


def test_commit_records_the_change_on_the_branch_and_is_idempotent(repo: Path) -> None:
    workspace = Workspace.create(repo, "run-1", "task")
    with pytest.raises(NothingToCommitError):
        workspace.commit("nothing yet")
    (workspace.root / "README.md").write_text("# plant\nmore\n")
    (workspace.root / "lib").mkdir()
    (workspace.root / "lib" / "__pycache__").mkdir()
    (workspace.root / "lib" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    sha = workspace.commit("Document the plant\n\nLonger text.")
    assert workspace.commit("again") == sha
    assert git(repo, "rev-parse", workspace.branch).strip() == sha
    assert git(repo, "log", "-1", "--format=%s%n%b%an", sha).splitlines() == [
        "Document the plant",
        "Longer text.",
        "Test User",
    ]
    assert git(repo, "show", "--name-only", "--format=", sha).split() == ["README.md"]
    (workspace.root / "README.md").write_text("# plant\nmore\nand more\n")
    second = workspace.commit("More")
    assert second != sha
    assert git(repo, "rev-parse", f"{second}^").strip() == sha


def test_commit_works_without_a_configured_identity_and_ignores_hooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", FILES)
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\necho hook ran > "$(git rev-parse --show-toplevel)/HOOK"\nexit 1\n')
    hook.chmod(0o755)
    workspace = Workspace.create(repo, "run-1", "task")
    (workspace.root / "README.md").write_text("changed\n")
    sha = workspace.commit("Change")
    assert git(repo, "log", "-1", "--format=%an <%ae>", sha).strip() == "werk <werk@localhost>"
    assert not (workspace.root / "HOOK").exists()


def test_write_patch_exports_the_commit_or_the_pending_diff(repo: Path, tmp_path: Path) -> None:
    workspace = Workspace.create(repo, "run-1", "task")
    (workspace.root / "README.md").write_text("changed\n")
    pending = tmp_path / "pending.patch"
    workspace.write_patch(pending)
    assert pending.read_text().startswith("diff --git a/README.md b/README.md")
    workspace.commit("Change the readme")
    committed = tmp_path / "out" / "committed.patch"
    workspace.write_patch(committed)
    text = committed.read_text()
    assert text.startswith("From ")
    assert "Subject: [PATCH] Change the readme" in text
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(repo), str(clone))
    git(clone, "config", "user.name", "Reviewer")
    git(clone, "config", "user.email", "r@example.com")
    git(clone, "checkout", "--quiet", workspace.base_commit)
    git(clone, "am", "--quiet", str(committed))
    assert (clone / "README.md").read_text() == "changed\n"


def test_remove_deletes_the_worktree_but_keeps_the_branch(repo: Path) -> None:
    workspace = Workspace.create(repo, "run-1", "task")
    (workspace.root / "README.md").write_text("changed\n")
    sha = workspace.commit("Change")
    workspace.remove()
    assert not workspace.root.exists()
    assert git(repo, "rev-parse", workspace.branch).strip() == sha
    assert "run-1" not in git(repo, "worktree", "list")
    with pytest.raises(WorkspaceError, match="no werk worktree for run 'run-1'"):
        Workspace.open(repo, "run-1")


def test_the_workspace_resolves_paths_inside_itself_only(repo: Path) -> None:
    workspace = Workspace.create(repo, "run-1", "task")
    assert workspace.resolve("src/main.st") == workspace.root / "src" / "main.st"
    with pytest.raises(PathRefused):
        workspace.resolve("../../../README.md")
    with pytest.raises(PathRefused):
        workspace.resolve(".git")


def test_git_location_variables_of_the_caller_do_not_redirect_the_run(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _user_state(repo)
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo / ".git" / "index"))
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    workspace = Workspace.create(repo, "run-1", "task")
    (workspace.root / "README.md").write_text("changed\n")
    workspace.commit("Change")
    monkeypatch.delenv("GIT_INDEX_FILE")
    monkeypatch.delenv("GIT_DIR")
    assert _user_state(repo) == before


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("plain folder", "not in a git repository"),
        ("empty repository", "has no commit yet"),
    ],
)
def test_unusable_repositories_are_clear_errors(tmp_path: Path, setup: str, message: str) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    if setup == "empty repository":
        subprocess.run(["git", "init", "--quiet"], cwd=folder, check=True)
    with pytest.raises(WorkspaceError, match=message):
        Workspace.create(folder, "run-1", "task")


def test_bad_run_ids_and_bases_are_clear_errors(repo: Path) -> None:
    with pytest.raises(WorkspaceError, match="cannot name a folder"):
        Workspace.create(repo, "../escape", "task")
    with pytest.raises(WorkspaceError, match="names no commit"):
        Workspace.create(repo, "run-1", "task", base="no-such-branch")
