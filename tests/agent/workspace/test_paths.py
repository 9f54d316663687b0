from __future__ import annotations

from pathlib import Path

import pytest

from werk.agent.workspace.errors import PathRefused
from werk.agent.workspace.paths import inside, normalised, relative_to_root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "worktree"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "main.st").write_text("PROGRAM Main END_PROGRAM\n")
    (folder / ".git").write_text("gitdir: /elsewhere\n")
    return folder


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("../outside.txt", "leads out"),
        ("src/../../outside.txt", "leads out"),
        ("/etc/passwd", "absolute"),
        ("C:\\Users\\me\\file.st", "absolute"),
        ("~/.ssh/id_rsa", "absolute"),
        ("\\\\server\\share", "absolute"),
        (".git/hooks/pre-commit", ".git"),
        ("src/.GIT/config", ".git"),
        ("", "empty"),
        ("   ", "empty"),
        ("src/a\0b", "NUL"),
    ],
)
def test_paths_leading_out_or_into_git_are_refused(root: Path, given: str, reason: str) -> None:
    with pytest.raises(PathRefused, match=reason):
        inside(root, given)


def test_a_symlink_pointing_out_of_the_worktree_is_refused(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key").write_text("hunter2")
    (root / "docs").symlink_to(secret)
    with pytest.raises(PathRefused, match="symlink"):
        inside(root, "docs/key")
    with pytest.raises(PathRefused, match="symlink"):
        inside(root, "docs/new-file.txt")


def test_a_symlink_into_git_internals_is_refused(root: Path) -> None:
    (root / "innocent").symlink_to(root / ".git")
    with pytest.raises(PathRefused, match=r"\.git"):
        inside(root, "innocent")


def test_paths_inside_resolve_to_real_paths(root: Path) -> None:
    assert inside(root, "src/main.st") == (root / "src" / "main.st").resolve()
    assert inside(root, "./src//main.st") == (root / "src" / "main.st").resolve()
    assert inside(root, "src\\main.st") == (root / "src" / "main.st").resolve()
    assert inside(root, "new/folder/file.py") == (root / "new" / "folder" / "file.py").resolve()
    assert inside(root, ".") == root.resolve()
    (root / "alias").symlink_to(root / "src")
    assert inside(root, "alias/main.st") == (root / "src" / "main.st").resolve()


def test_paths_are_shown_relative_and_posix(root: Path) -> None:
    assert normalised(".\\src\\\\main.st") == "src/main.st"
    assert normalised("./") == "."
    assert relative_to_root(root, root / "src" / "main.st") == "src/main.st"
