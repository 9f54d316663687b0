"""The gate's baseline survives the trip through the checkpoint as plain data."""

from __future__ import annotations

import json
from collections import Counter

from werk.agent.run.baseline import baseline_from_data, baseline_to_data
from werk.agent.verification.result import GateBaseline


def test_round_trip_through_json() -> None:
    baseline = GateBaseline(
        syntax=Counter({"a.st|x|y": 2}),
        failing_tests={"t2", "t1"},
        repo_tests_failed=True,
        notes=["1 test failed before the change"],
    )
    data = baseline_to_data(baseline)
    assert data is not None
    assert data["failing_tests"] == ["t1", "t2"]
    again = baseline_from_data(json.loads(json.dumps(data)))
    assert again == baseline
    assert isinstance(again.syntax, Counter) and isinstance(again.failing_tests, set)


def test_none_stays_none() -> None:
    assert baseline_to_data(None) is None
    assert baseline_from_data(None) is None


def test_a_field_missing_from_old_data_keeps_its_default() -> None:
    assert baseline_from_data({"notes": ["x"]}) == GateBaseline(notes=["x"])
