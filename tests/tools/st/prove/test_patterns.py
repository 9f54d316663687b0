"""The pattern vocabulary and parameter numbering of PLCverif and Agents4PLC."""

from __future__ import annotations

import pytest

from werk.tools.st.prove.patterns import PATTERNS, Property, Quantifier, ordered_params, pattern


def test_every_plcverif_pattern_is_known() -> None:
    expected = {
        "pattern-implication": 2,
        "pattern-invariant": 1,
        "pattern-forbidden": 1,
        "pattern-statechange-duringcycle": 2,
        "pattern-statechange-betweencycles": 3,
        "pattern-reachability": 1,
        "pattern-repeatability": 1,
        "pattern-leadsto": 2,
    }
    for pattern_id, arity in expected.items():
        found = pattern(pattern_id)
        assert found is not None and found.arity == arity and not found.extension
    assert PATTERNS["werk-response"].extension
    assert pattern("Pattern-Invariant") is PATTERNS["pattern-invariant"]
    assert PATTERNS["pattern-reachability"].quantifier is Quantifier.EXISTS
    assert PATTERNS["pattern-repeatability"].quantifier is Quantifier.REPEATABLE


@pytest.mark.parametrize(
    "raw",
    [{"1": "a", "2": "b"}, {"0": "a", "1": "b"}, {"2": "b", "1": "a"}, ["a", "b"]],
)
def test_parameters_are_renumbered_from_one(raw: object) -> None:
    assert ordered_params(raw) == ["a", "b"]


def test_parameter_gaps_and_names_are_errors() -> None:
    with pytest.raises(ValueError, match="consecutive"):
        ordered_params({"1": "a", "3": "b"})
    with pytest.raises(ValueError, match="not a number"):
        ordered_params({"first": "a"})


def test_requirement_sentence() -> None:
    prop = Property("P", "pattern-implication", ("instance.a", "instance.b"))
    assert prop.requirement() == (
        "If {instance.a} is true at the end of the PLC cycle, then {instance.b} should always "
        "be true at the end of the same cycle."
    )
