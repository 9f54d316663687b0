"""The spec of a differential check: each form of an input is read, a broken spec is a
``DiffSpecError`` that names the file, and the inputs of each cycle are drawn the same for
every run of a seed."""

from __future__ import annotations

import itertools
import random
import re
import struct
from pathlib import Path

import pytest

from werk.benchmarks.harness.differential_inputs import (
    Constant,
    DiffSpec,
    DiffSpecError,
    InputDriver,
    InputSpec,
    IntegerRange,
    RandomBool,
    RealRange,
    check_inputs,
    check_outputs,
    read_diff_spec,
    read_input,
)
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.sim import Harness, Simulator

FB_PUMP = """
FUNCTION_BLOCK FB_Pump
VAR_INPUT
    bStart : BOOL;
    bRun : BOOL;
    nMode : INT;
    rSetpoint : REAL;
    tDelay : TIME;
    nLevel : UINT;
END_VAR
VAR_OUTPUT
    bPump : BOOL;
    rDemand : REAL;
END_VAR
VAR
    tonStart : TON;
END_VAR
tonStart(IN := bStart AND bRun, PT := T#{pt});
bPump := tonStart.Q AND nMode = 3;
rDemand := rSetpoint;
END_FUNCTION_BLOCK
"""
"""The FB the tests drive; ``{pt}`` is the start delay, changed to make a refactoring wrong."""


# --- the forms of an input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bool", InputSpec(RandomBool(0.5))),
        (True, InputSpec(Constant(True))),
        (3, InputSpec(Constant(3))),
        (42.5, InputSpec(Constant(42.5))),
        ("Auto", InputSpec(Constant("Auto"))),
        ({"bool": 0.95}, InputSpec(RandomBool(0.95))),
        ({"bool": 1}, InputSpec(RandomBool(1.0))),
        ({"bool": 0.5, "hold": [20, 200]}, InputSpec(RandomBool(0.5), (20, 200))),
        ({"bool": 0.5, "hold": 50}, InputSpec(RandomBool(0.5), (50, 50))),
        ([-1500, 1500], InputSpec(IntegerRange(-1500, 1500))),
        ([0.0, 100.0], InputSpec(RealRange(0.0, 100.0))),
        ([0, 99.5], InputSpec(RealRange(0.0, 99.5))),
        ({"range": [0, 10], "hold": [5, 8]}, InputSpec(IntegerRange(0, 10), (5, 8))),
        ({"range": [0.0, 1.0]}, InputSpec(RealRange(0.0, 1.0))),
    ],
)
def test_each_form_of_an_input_is_read(raw: object, expected: InputSpec) -> None:
    assert read_input(raw, "x") == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"bool": 1.5}, "probability of TRUE, 0..1"),
        ({"bool": True}, "probability of TRUE"),
        ([1, 2, 3], "a range is [low, high]"),
        ([True, 2], "a range is [low, high]"),
        ([10, 1], "low <= high"),
        ({"range": [0, 1], "hold": 0}, "1 <= shortest <= longest"),
        ({"range": [0, 1], "hold": [30, 20]}, "1 <= shortest <= longest"),
        ({"range": [0, 1], "hold": [1.5, 2]}, "hold is a number of cycles"),
        ({"bool": 0.5, "range": [0, 1]}, "bool or range (one of them)"),
        ({"hold": 5}, "bool or range (one of them)"),
        ({"bool": 0.5, "every": 5}, "bool or range (one of them)"),
        (None, "is not one of"),
    ],
)
def test_a_malformed_input_is_named_with_what_it_should_be(raw: object, message: str) -> None:
    with pytest.raises(DiffSpecError, match=re.escape(message)) as caught:
        read_input(raw, "spec.diff.yaml: input nMode")
    assert caught.value.message.startswith("spec.diff.yaml: input nMode: ")


# --- the spec file --------------------------------------------------------------------------

WELL_FORMED = """
fb: FB_Pump
reference: [differential/fb_pump.st]
inputs: {bStart: bool}
outputs: [bPump]
"""


def test_a_well_formed_spec_is_read_with_its_defaults(tmp_path: Path) -> None:
    path = tmp_path / "pump.diff.yaml"
    path.write_text(WELL_FORMED)
    spec = read_diff_spec(path)
    assert spec == DiffSpec(
        "FB_Pump",
        [tmp_path / "differential" / "fb_pump.st"],
        {"bStart": InputSpec(RandomBool())},
        ["bPump"],
        cycles=500,
        seed=0,
        cycle_ms=10,
        path=path,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fb: FB_Pump\ninputs: {}\n", "needs fb, reference, inputs, outputs"),
        ("fb: [unclosed\n", "cannot read the differential check"),
        (WELL_FORMED.replace("inputs: {bStart: bool}", "inputs: [bStart]"), "inputs must map"),
        (WELL_FORMED.replace("[differential/fb_pump.st]", "[]"), "reference must be a list"),
        (WELL_FORMED.replace("[bPump]", "bPump"), "outputs must be a list"),
        (WELL_FORMED + "cycles: 0\n", "cycles must be at least 1, not 0"),
        (WELL_FORMED + "cycles: many\n", "cycles is a whole number, not 'many'"),
        (WELL_FORMED + "seed: 1.5\n", "seed is a whole number, not 1.5"),
        (WELL_FORMED + "cycle_ms: 0\n", "cycle_ms must be at least 1"),
    ],
)
def test_a_malformed_spec_file_is_a_defect_of_the_check(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "pump.diff.yaml"
    path.write_text(text)
    with pytest.raises(DiffSpecError, match=re.escape(message)) as caught:
        read_diff_spec(path)
    assert caught.value.message.startswith(f"{path}: ")


# --- the spec against the original FB -------------------------------------------------------


@pytest.fixture(scope="module")
def pump(tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = tmp_path_factory.mktemp("pump")
    (folder / "fb_pump.st").write_text(FB_PUMP.replace("{pt}", "500MS"))
    project, _ = load_project(folder)
    return project


def _original(project: Project) -> Harness:
    return Simulator(project, programs=[], cycle_ms=10).instantiate("FB_Pump")


def test_the_inputs_get_the_layouts_of_the_original(pump: Project) -> None:
    spec = DiffSpec("FB_Pump", [], {"nMode": InputSpec(Constant(3))}, ["bPump"])
    layouts = check_inputs(spec, _original(pump))
    assert [(name, layout.name) for name, layout in layouts.items()] == [("nMode", "INT")]


def test_a_constant_the_input_cannot_take_is_a_defect_of_the_check(pump: Project) -> None:
    spec = DiffSpec("FB_Pump", [], {"bRun": InputSpec(Constant(1))}, [], path=Path("p.diff.yaml"))
    with pytest.raises(DiffSpecError, match=re.escape("p.diff.yaml: input bRun is a BOOL")):
        check_inputs(spec, _original(pump))


@pytest.mark.parametrize("output", ["bPump", "rDemand", "tonStart.Q"])
def test_an_output_of_the_original_can_be_compared(pump: Project, output: str) -> None:
    check_outputs(DiffSpec("FB_Pump", [], {}, [output]), _original(pump))


def test_an_output_the_original_does_not_have_is_a_defect_of_the_check(pump: Project) -> None:
    spec = DiffSpec("FB_Pump", [], {}, ["bPump", "bMotor"], path=Path("p.diff.yaml"))
    with pytest.raises(DiffSpecError, match=re.escape("p.diff.yaml: output bMotor: the orig")):
        check_outputs(spec, _original(pump))


# --- the inputs of each cycle ---------------------------------------------------------------


def _driver(project: Project, inputs: dict[str, InputSpec], seed: int = 3) -> InputDriver:
    spec = DiffSpec("FB_Pump", [], inputs, [], cycles=2000, seed=seed)
    return InputDriver(spec, check_inputs(spec, _original(project)))


def _cycles(driver: InputDriver, count: int = 2000) -> list[dict[str, object]]:
    return [driver.next_cycle(cycle) for cycle in range(1, count + 1)]


def _runs(values: list[object]) -> list[int]:
    """The lengths of the stretches of equal values."""
    lengths = [1]
    for before, now in itertools.pairwise(values):
        if now == before:
            lengths[-1] += 1
        else:
            lengths.append(1)
    return lengths


def test_a_constant_a_biased_bool_and_a_real_range(pump: Project) -> None:
    cycles = _cycles(
        _driver(
            pump,
            {
                "nMode": InputSpec(Constant(3)),
                "bRun": InputSpec(RandomBool(0.95)),
                "rSetpoint": InputSpec(RealRange(0.0, 100.0)),
            },
        )
    )
    assert {c["nMode"] for c in cycles} == {3}
    assert 0.9 < sum(c["bRun"] is True for c in cycles) / len(cycles) <= 0.99
    setpoints = {c["rSetpoint"] for c in cycles}
    assert len(setpoints) > 100
    for value in setpoints:
        assert isinstance(value, float) and 0.0 <= value <= 100.0
        assert struct.unpack("<f", struct.pack("<f", value))[0] == value  # stored as REAL


def test_a_held_input_keeps_each_value_for_its_stretch(pump: Project) -> None:
    cycles = _cycles(
        _driver(
            pump,
            {
                "bStart": InputSpec(RandomBool(0.5), (20, 200)),
                "rSetpoint": InputSpec(RealRange(0.0, 100.0), (50, 50)),
                "nMode": InputSpec(IntegerRange(0, 5)),
            },
        )
    )
    starts = _runs([c["bStart"] for c in cycles])
    assert len(starts) > 5 and min(starts[:-1]) >= 20
    assert _runs([c["rSetpoint"] for c in cycles]) == [50] * 40
    assert min(_runs([c["nMode"] for c in cycles])) < 20  # not held: redrawn as before


def test_the_same_seed_gives_the_same_inputs_and_a_held_input_leaves_the_others_alone(
    pump: Project,
) -> None:
    plain = {"bStart": InputSpec(RandomBool()), "nMode": InputSpec(IntegerRange(0, 9))}
    held = {**plain, "rSetpoint": InputSpec(RealRange(0.0, 1.0), (5, 30))}
    first, again = _cycles(_driver(pump, held)), _cycles(_driver(pump, held))
    assert first == again
    assert _cycles(_driver(pump, held, seed=4)) != first
    without = _cycles(_driver(pump, plain))
    assert [{k: c[k] for k in plain} for c in first] == without


def test_plain_bools_and_ranges_draw_as_they_always_did(pump: Project) -> None:
    """Existing checks keep their inputs: one stream, all redrawn on three cycles in ten."""
    plain = {"bStart": InputSpec(RandomBool()), "nMode": InputSpec(IntegerRange(-5, 5))}
    cycles = _cycles(_driver(pump, plain, seed=7))
    rng = random.Random(7)
    values: dict[str, object] = {}
    for cycle, drawn in enumerate(cycles, start=1):
        if cycle == 1 or rng.random() < 0.3:
            values = {"bStart": rng.random() < 0.5, "nMode": rng.randint(-5, 5)}
        assert drawn == values
