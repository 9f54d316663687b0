from __future__ import annotations

from pathlib import Path

from tests.agent.workspace.repos import make_repo
from werk.agent.tools.repository_files import closest_paths, is_ignored, list_repository_files


def _repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "repo",
        {
            ".gitignore": "*.log\n",
            "plc/main.st": "PROGRAM MAIN END_PROGRAM\n",
            "plc/.gitignore": "generated/\n",
            "plc/generated/auto.st": "PROGRAM G END_PROGRAM\n",
            "plc/run.log": "log\n",
            "docs/readme.md": "# docs\n",
        },
    )


def test_nested_gitignores_and_tool_folders_are_honoured(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / ".venv" / "lib").mkdir(parents=True)
    (repo / ".venv" / "lib" / "x.py").write_text("")
    listing = list_repository_files(repo)
    assert listing.files == [".gitignore", "docs/readme.md", "plc/.gitignore", "plc/main.st"]
    assert not listing.truncated
    assert list_repository_files(repo, under="plc").files == ["plc/.gitignore", "plc/main.st"]
    assert list_repository_files(repo, exclude=["docs/"]).files == [
        ".gitignore",
        "plc/.gitignore",
        "plc/main.st",
    ]
    assert list_repository_files(repo, limit=2).truncated


def test_symlinks_leading_out_are_not_listed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (repo / "link.txt").symlink_to(outside)
    (repo / "inner.md").symlink_to(repo / "docs" / "readme.md")
    files = list_repository_files(repo).files
    assert "link.txt" not in files
    assert "inner.md" in files


def test_is_ignored_follows_nested_rules(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert is_ignored(repo, "plc/generated/new.st")
    assert is_ignored(repo, "build.log")
    assert not is_ignored(repo, "plc/new.st")


def test_closest_paths_prefer_the_same_name_elsewhere() -> None:
    files = ["plc/fb_valve.st", "plc/fb_pump.st", "tests/test_valve.py", "README.md"]
    assert closest_paths("fb_valve.st", files)[0] == "plc/fb_valve.st"
    assert closest_paths("plc/fb_vlave.st", files)[0] == "plc/fb_valve.st"
    assert closest_paths("nothing/like/it.cfg", files) == []
