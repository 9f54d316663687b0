"""werk's YAML property files."""

from __future__ import annotations

from pathlib import Path

import pytest

from werk.tools.errors import UsageError
from werk.tools.st.prove import InputRange, read_property_file
from werk.tools.st.prove.property_file import parse_property_file

GOOD = """\
entry: FB_Motor
cycle_ms: 20..25
depth: 15
assume:
  - instance.nSpeed <= 1500
inputs:
  instance.nSetpoint: 0..1500
  instance.rTemp: [-40.0, 120.0]
properties:
  - name: stop-wins
    pattern: implication
    params: [instance.bStop, NOT instance.bRun]
    description: Stop always wins.
  - pattern: werk-response
    params: {1: instance.bHigh, 2: instance.bAlarm, 3: T#3s}
    assume: [instance.bHigh OR TRUE]
"""


def test_a_complete_file(tmp_path: Path) -> None:
    path = tmp_path / "motor.props.yaml"
    path.write_text(GOOD, encoding="utf-8")
    spec = read_property_file(path)
    assert (spec.entry, spec.cycle_ms, spec.cycle_max_ms, spec.depth) == ("FB_Motor", 20, 25, 15)
    first, second = spec.properties
    assert (first.name, first.pattern_id) == ("stop-wins", "pattern-implication")
    assert first.params == ("instance.bStop", "NOT instance.bRun")
    assert first.origin == f"{path}:10"
    assert first.assumptions == ("instance.nSpeed <= 1500",)
    assert first.ranges == (
        InputRange("instance.nSetpoint", "0", "1500"),
        InputRange("instance.rTemp", "-40.0", "120.0"),
    )
    assert second.name == "P2" and second.params == ("instance.bHigh", "instance.bAlarm", "T#3s")
    assert second.assumptions == ("instance.nSpeed <= 1500", "instance.bHigh OR TRUE")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entry: [x", "not YAML"),
        ("- a\n- b\n", "a mapping"),
        ("entry: FB\nproperties: []\n", "non-empty list"),
        ("entry: FB\nproperties:\n  - params: [a]\n", "needs a 'pattern'"),
        (
            "entry: FB\nproperties:\n  - pattern: invariant\n    params: {1: a, 3: b}\n",
            "consecutive",
        ),
        ("entry: FB\ninputs:\n  a: 5\nproperties:\n  - pattern: invariant\n", "low..high"),
        ("entry: FB\ndepth: deep\nproperties:\n  - pattern: invariant\n", "'depth' must be"),
        ("entry: FB\ncycle_ms: 20..10\nproperties:\n  - pattern: invariant\n", "low <= high"),
    ],
)
def test_errors_name_the_file(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_property_file(text, Path("bad.props.yaml"))
