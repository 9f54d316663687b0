"""Instance paths: splitting them into names and indexes, and what a wrong one says."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import simulate
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


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("Timing.GVL_HMI.wStatus", "Timing.GVL_HMI: Timing has no variable 'GVL_HMI'"),
        ("Timing.tonDelay.Nope", "Timing.tonDelay.Nope: TON has the members ET, IN, PT, Q"),
        ("Timing.nCycles[1]", "Timing.nCycles (INT) is not an array"),
        ("GVL_Plant.aTanks[3]", "GVL_Plant.aTanks[3]: index 3 is outside 1..2"),
        ("GVL_Plant.nLevels", "GVL_Plant.nLevels: GVL_Plant has no variable 'nLevels'"),
    ],
)
def test_errors_name_the_path_as_far_as_it_was_walked(path: str, message: str) -> None:
    sim = simulate("timing.st", "globals.st", "GVL_Plant.st", programs=["Timing"])
    with pytest.raises(UsageError) as caught:
        sim.get(path)
    assert caught.value.message == message
