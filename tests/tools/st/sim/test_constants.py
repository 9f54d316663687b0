"""Values known before the program runs: constants, bounds, enum values, literals."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import simulate
from werk.tools.st.sim import Simulator


@pytest.fixture(scope="module")
def constants() -> Simulator:
    sim = simulate("constants.st")
    assert sim.unsupported == []
    sim.cycle()
    return sim


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("N_LAST", 2),  # N_STATIONS - 1
        ("Constants.aStations", [5, 5, 5]),  # ARRAY[0..N_LAST], [3(5)]
        ("Constants.nFromConstant", 30),  # N_STATIONS * 10
        ("Constants.tHalf", 5),  # T#10ms / 2, in ms
        ("Constants.eColor", 10),  # Blue := 10
        ("Constants.eNext", 2),  # Green follows Red (1)
        ("Constants.bFlag", True),
        ("Constants.rValue", 1500.0),
        ("Constants.sText", "It's \n"),  # $' and $N escapes
        ("Constants.nNegative", -128),
        ("Constants.tDuration", 1_500_000),  # LTIME in ns: 1 ms 500 us
        ("Constants.dtStamp", 86_410),  # one day and 10 s after 1970-01-01
        ("Constants.nLocal", 19),  # 16#10 + 3
    ],
)
def test_initial_and_constant_values(constants: Simulator, path: str, expected: object) -> None:
    assert constants.get(path) == expected


def test_bounds_from_local_constants(constants: Simulator) -> None:
    assert len(constants.get("Constants.aSized")) == 16  # ARRAY[1..N_LOCAL], N_LOCAL = 16#10
