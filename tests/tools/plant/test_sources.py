"""Positions in the user's file: 1-based lines, columns in characters."""

from __future__ import annotations

from pathlib import Path

from werk.tools.plant.sources import SourceLines


def test_lines_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "gvl.st"
    path.write_text(
        "VAR_GLOBAL\n    rTemp : REAL; (* °C *) bOk : BOOL;\nEND_VAR\n", encoding="utf-8"
    )
    data = path.read_bytes()
    ref = SourceLines().ref(path, data.index(b"bOk"))
    assert (ref.line, ref.column, ref.describe()) == (2, 28, f"{path}:2")
    assert ref.to_json(Path("gvl.st")) == {"file": "gvl.st", "line": 2, "column": 28}


def test_a_file_that_went_away_still_gives_a_position(tmp_path: Path) -> None:
    ref = SourceLines().ref(tmp_path / "gone.st", 120)
    assert (ref.line, ref.column) == (1, 1)
