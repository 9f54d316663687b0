"""Splitting instance paths into names and indexes."""

from __future__ import annotations

import pytest

from werk.tools.errors import UsageError
from werk.tools.st.sim.paths import split_path


def test_split_path() -> None:
    assert split_path("MAIN.fbPump.aValues[1, 2].x") == [
        ("MAIN", []),
        ("fbPump", []),
        ("aValues", ["1, 2"]),
        ("x", []),
    ]
    assert split_path("a[1][2]") == [("a", ["1", "2"])]


@pytest.mark.parametrize("path", ["MAIN..x", "MAIN.1x", "", "a[1"])
def test_bad_paths(path: str) -> None:
    with pytest.raises(UsageError):
        split_path(path)
