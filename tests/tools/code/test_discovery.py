"""Discovery finds the indexable sources as git sees them and survives whatever else is there."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.tools.code.helpers import git_visible_files, write_files
from werk.tools.code.discovery import (
    DEFAULT_EXCLUDES,
    DEFAULT_MAX_FILE_SIZE,
    TOO_LARGE,
    discover,
)


def paths(
    root: Path,
    exclude: Sequence[str] = DEFAULT_EXCLUDES,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> list[str]:
    found = discover(root, exclude=exclude, max_file_size=max_file_size)
    return [source.path for source in found.files]


def reasons(root: Path, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> dict[str, str]:
    found = discover(root, max_file_size=max_file_size)
    return {skipped.path: skipped.reason for skipped in found.skipped}


def test_gitignore_rules_match_git_itself(git_repo: Path) -> None:
    write_files(
        git_repo,
        {
            ".gitignore": """
                build/
                *.gen.py
                !keep.gen.py
                /top_only.py
                """,
            "sub/.gitignore": """
                local.py
                !important.gen.py
                """,
            "a.py": "",
            "build/x.py": "",
            "lib/build/y.py": "",
            "gen/foo.gen.py": "",
            "gen/keep.gen.py": "",
            "top_only.py": "",
            "sub/top_only.py": "",
            "sub/local.py": "",
            "sub/deeper/local.py": "",
            "local.py": "",
            "sub/important.gen.py": "",
            "secret.py": "",
            "sub/secret.py": "",
        },
    )
    (git_repo / ".git" / "info").mkdir(exist_ok=True)
    (git_repo / ".git" / "info" / "exclude").write_text("secret.py\n")

    expected = sorted(path for path in git_visible_files(git_repo) if path.endswith(".py"))
    assert paths(git_repo) == expected
    assert expected == [
        "a.py",
        "gen/keep.gen.py",
        "local.py",
        "sub/important.gen.py",
        "sub/top_only.py",
    ]


def test_a_subfolder_of_a_work_tree_obeys_the_gitignore_files_above_it(git_repo: Path) -> None:
    write_files(
        git_repo,
        {".gitignore": "*_test.c\nout/\n", "fw/main.c": "", "fw/main_test.c": "", "fw/out/x.c": ""},
    )
    assert paths(git_repo / "fw") == ["main.c"]


def test_exclude_globs_win_over_gitignore_reinclusion(git_repo: Path) -> None:
    write_files(
        git_repo,
        {
            ".gitignore": "!vendor/\n",
            "vendor/lib.c": "",
            "src/main.c": "",
            "src/generated/table.c": "",
            "tools/gen.py": "",
        },
    )
    assert paths(git_repo, exclude=["vendor/", "generated/", "*.py"]) == ["src/main.c"]


def test_default_excludes_skip_tool_state_even_without_gitignore(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "app.py": "",
            ".venv/lib/site.py": "",
            "node_modules/x/y.c": "",
            ".werk/plugin.py": "",
            "pkg/__pycache__/m.py": "",
        },
    )
    assert paths(tmp_path) == ["app.py"]
    assert len(paths(tmp_path, exclude=())) == 5


def test_languages_come_from_extensions_in_any_case(tmp_path: Path) -> None:
    names = [
        "a.py", "b.pyi", "c.c", "d.h", "e.cc", "f.cpp", "g.cxx", "h.hpp", "i.hh", "j.hxx",
        "k.st", "l.scl", "m.iecst", "n.TcPOU", "o.TcGVL", "p.TcDUT", "q.ST", "readme.md", "x.js",
    ]  # fmt: skip
    write_files(tmp_path, dict.fromkeys(names, ""))
    languages = {source.path: source.language for source in discover(tmp_path).files}
    assert languages == {
        "a.py": "python", "b.pyi": "python", "c.c": "c", "d.h": "c",
        "e.cc": "cpp", "f.cpp": "cpp", "g.cxx": "cpp", "h.hpp": "cpp", "i.hh": "cpp",
        "j.hxx": "cpp", "k.st": "st", "l.scl": "st", "m.iecst": "st", "n.TcPOU": "st",
        "o.TcGVL": "st", "p.TcDUT": "st", "q.ST": "st",
    }  # fmt: skip


def test_binary_and_too_large_files_are_reported_not_indexed(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "ok.c": "int x;\n",
            "blob.c": b"int x;\n" + b"\0" * 10,
            "late_nul.c": b"/" * 9000 + b"\0",  # git's probe reads 8 KB only
            "big.c": "int x;\n" * 2000,
        },
    )
    assert paths(tmp_path, max_file_size=10_000) == ["late_nul.c", "ok.c"]
    assert reasons(tmp_path, max_file_size=10_000) == {"blob.c": "binary", "big.c": TOO_LARGE}
    assert TOO_LARGE == "too large: symbols skipped"
    assert DEFAULT_MAX_FILE_SIZE == 2 * 1024 * 1024


def test_symlink_loops_and_broken_links_are_skipped_with_a_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_files(tmp_path, {"sub/real.py": "", "other.py": ""})
    (tmp_path / "sub" / "back").symlink_to("..", target_is_directory=True)
    (tmp_path / "self.py").symlink_to("self.py")
    (tmp_path / "ping.st").symlink_to("pong.st")
    (tmp_path / "pong.st").symlink_to("ping.st")
    (tmp_path / "gone.c").symlink_to("missing.c")
    (tmp_path / "alias.py").symlink_to("other.py")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (tmp_path / "elsewhere").symlink_to(outside, target_is_directory=True)

    assert paths(tmp_path) == ["other.py", "sub/real.py"]
    assert reasons(tmp_path) == {
        "sub/back": "symlink loop",
        "self.py": "symlink loop",
        "ping.st": "symlink loop",
        "pong.st": "symlink loop",
        "gone.c": "broken symlink",
        "elsewhere": "symlink leads out of the repository",
    }
    assert "symlink loop" in caplog.text


def test_pipes_and_unreadable_files_are_skipped(tmp_path: Path) -> None:
    write_files(tmp_path, {"ok.py": "", "locked.py": "x = 1\n"})
    os.mkfifo(tmp_path / "pipe.py")  # opening it would block: it must not be read
    (tmp_path / "locked.py").chmod(0)
    found = reasons(tmp_path)
    assert found["pipe.py"] == "not a regular file"
    if os.geteuid() != 0:  # root reads any file
        assert found["locked.py"] == "unreadable: Permission denied"


def test_unreadable_folders_are_skipped(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can list any folder")
    write_files(tmp_path, {"ok.py": "", "closed/x.py": ""})
    (tmp_path / "closed").chmod(0)
    try:
        assert paths(tmp_path) == ["ok.py"]
        assert reasons(tmp_path)["closed"].startswith("unreadable folder")
    finally:
        (tmp_path / "closed").chmod(0o755)


def test_plcopen_xml_is_structured_text_other_xml_is_not(tmp_path: Path) -> None:
    (tmp_path / "project.xml").write_text(
        '<?xml version="1.0"?>\n<project xmlns="http://www.plcopen.org/xml/tc6_0200"/>\n'
    )
    (tmp_path / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion></project>\n")
    found = discover(tmp_path)
    assert [(f.path, f.language) for f in found.files] == [("project.xml", "st")]
    assert found.skipped == []
