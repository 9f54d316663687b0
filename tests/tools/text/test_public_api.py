"""The text-position package's public names."""

from __future__ import annotations

import werk.tools.text as text


def test_public_api() -> None:
    assert sorted(text.__all__) == [
        "Edit", "LineIndex", "OffsetMap", "Piece", "Position", "PositionMap", "apply_edits",
    ]  # fmt: skip
