from __future__ import annotations

from tests.agent.tools.conftest import Call
from werk.agent.tools import ToolContext


def test_a_new_file_is_created_with_its_folders(call: Call, context: ToolContext) -> None:
    result = call(
        "create_file",
        path="plc/util/fc_scale.st",
        content=(
            "FUNCTION FC_Scale : REAL\nVAR_INPUT x : REAL; END_VAR\n"
            "FC_Scale := x * 2.0;\nEND_FUNCTION\n"
        ),
    )
    assert result == "created plc/util/fc_scale.st (4 lines)"
    assert (context.root / "plc" / "util" / "fc_scale.st").exists()
    assert context.workspace.changed_files() == ["plc/util/fc_scale.st"]
    assert "FUNCTION FC_Scale : REAL" in call("find_symbol", name="FC_Scale")


def test_existing_files_are_not_overwritten(call: Call, context: ToolContext) -> None:
    result = call("create_file", path="plc/main.st", content="PROGRAM X END_PROGRAM")
    assert result.startswith("ERROR: plc/main.st already exists (a file); nothing was written")
    assert "PROGRAM MAIN" in (context.root / "plc" / "main.st").read_text()


def test_notes_for_ignored_files_and_syntax_errors(call: Call) -> None:
    ignored = call("create_file", path="build/gen.py", content="X = 1\n")
    assert "note: git ignores build/gen.py (.gitignore)" in ignored
    broken = call("create_file", path="plc/broken.st", content="PROGRAM P\nx := ;\nEND_PROGRAM\n")
    assert "note: plc/broken.st has 1 syntax error:" in broken
    assert "plc/broken.st:2:" in broken
    outside = call("create_file", path=".git/hooks/post-commit", content="#!/bin/sh\n")
    assert outside.startswith("ERROR: '.git/hooks/post-commit' is inside .git")
