"""Differential simulation catches a refactoring that changes behaviour, and accepts one that
does not."""

from __future__ import annotations

import itertools
import random
import re
import shutil
import struct
from pathlib import Path

import pytest
import yaml

from werk.benchmarks.harness import TASKS_ROOT, load_task, run_checks
from werk.benchmarks.harness.differential import (
    Constant,
    DiffSpec,
    InputDriver,
    InputSpec,
    IntegerRange,
    RandomBool,
    RealRange,
    check_inputs,
    read_diff_spec,
    read_input,
    run_differential,
)
from werk.tools.errors import UsageError
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.sim import Simulator

TASK = load_task(TASKS_ROOT / "refactor-speed-ramp")


def _differential(root: Path) -> dict[str, object]:
    (result,) = [check for check in run_checks(root, TASK.checks) if check.kind == "differential"]
    return result.to_json()


def test_the_reference_refactoring_behaves_like_the_original(tmp_path: Path) -> None:
    shutil.copytree(TASK.repo, tmp_path / "r")
    shutil.copytree(TASK.solution, tmp_path / "r", dirs_exist_ok=True)
    assert _differential(tmp_path / "r")["passed"]


def test_a_changed_brake_ramp_is_caught(tmp_path: Path) -> None:
    shutil.copytree(TASK.repo, tmp_path / "r")
    shutil.copytree(TASK.solution, tmp_path / "r", dirs_exist_ok=True)
    fb = tmp_path / "r" / "plc" / "fb_speed_ramp.st"
    fb.write_text(
        fb.read_text().replace("F_RampStep(nSpeed, 0, nBrake)", "F_RampStep(nSpeed, 0, nAccel)")
    )
    result = _differential(tmp_path / "r")
    assert not result["passed"]
    assert "nSpeed is" in str(result["detail"]) and "the original gives" in str(result["detail"])


# --- the forms of an input ------------------------------------------------------------------

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
    with pytest.raises(UsageError, match=re.escape(message)) as caught:
        read_input(raw, "spec.diff.yaml: input nMode")
    assert caught.value.message.startswith("spec.diff.yaml: input nMode: ")


# --- the spec against the original FB -------------------------------------------------------


def _write_check(tmp_path: Path, inputs: dict[str, object], *, pt: str = "500MS") -> Path:
    """A differential check of FB_Pump against itself (``new/`` holds the candidate)."""
    reference = tmp_path / "checks" / "differential"
    reference.mkdir(parents=True)
    (reference / "fb_pump.st").write_text(FB_PUMP.replace("{pt}", "500MS"))
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "fb_pump.st").write_text(FB_PUMP.replace("{pt}", pt))
    spec = {
        "fb": "FB_Pump",
        "reference": ["differential/fb_pump.st"],
        "cycles": 1000,
        "seed": 5,
        "inputs": inputs,
        "outputs": ["bPump", "rDemand"],
    }
    path = tmp_path / "checks" / "pump.diff.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def _run(path: Path) -> str | None:
    candidate, _ = load_project(path.parent.parent / "new")
    return run_differential(read_diff_spec(path), candidate)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"bStrat": "bool"}, "FB_Pump has no input 'bStrat' (its inputs: bStart, bRun,"),
        ({"bPump": "bool"}, "bPump is a VAR_OUTPUT of FB_Pump, not an input"),
        ({"nMode": "bool"}, "input nMode has type INT: {bool: 0.5} draws TRUE and FALSE"),
        ({"nMode": [0.0, 5.0]}, "nMode has type INT: [0.0, 5.0] draws real numbers"),
        ({"nMode": [0, 40000]}, "nMode has type INT (-32768..32767): it cannot take [0, 40000]"),
        ({"nLevel": -1}, "nLevel has type UINT (0..65535): it cannot take -1"),
        ({"nMode": 2.5}, "nMode is a INT: set it to an int"),
        ({"bRun": 1}, "bRun is a BOOL: set it to True or False"),
        ({"bStart": [0, 1]}, "bStart has type BOOL: [0, 1] draws whole numbers"),
        ({"rSetpoint": True}, "rSetpoint is a REAL: set it to a number"),
    ],
)
def test_a_spec_the_original_cannot_take_is_an_error_of_the_check(
    tmp_path: Path, inputs: dict[str, object], message: str
) -> None:
    path = _write_check(tmp_path, inputs)
    with pytest.raises(UsageError, match=re.escape(message)) as caught:
        _run(path)
    assert caught.value.message.startswith(f"{path}: input ")


def test_every_form_drives_the_original_and_an_equal_copy_passes(tmp_path: Path) -> None:
    path = _write_check(
        tmp_path,
        {
            "bStart": {"bool": 0.5, "hold": [20, 200]},
            "bRun": {"bool": 0.95},
            "nMode": 3,
            "rSetpoint": {"range": [0.0, 100.0], "hold": 10},
            "tDelay": [0, 1000],
            "nLevel": [0, 65535],
        },
    )
    assert _run(path) is None


def test_a_timer_changed_past_the_usual_input_changes_is_caught_only_with_hold(
    tmp_path: Path,
) -> None:
    """A start that stays TRUE 50 cycles is rare when inputs redraw three cycles in ten;
    held for 20..200 cycles, it is common, and the longer delay shows."""
    held = _write_check(tmp_path / "held", {"bStart": {"bool": 0.5, "hold": [20, 200]}}, pt="1S")
    plain = _write_check(tmp_path / "plain", {"bStart": "bool"}, pt="1S")
    for path in (held, plain):
        text = path.read_text().replace("inputs:", "inputs:\n  bRun: true\n  nMode: 3")
        path.write_text(text)
    assert _run(plain) is None
    difference = _run(held)
    assert difference is not None and "bPump is False, the original gives True" in difference


# --- the inputs of each cycle ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pump(tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = tmp_path_factory.mktemp("pump")
    (folder / "fb_pump.st").write_text(FB_PUMP.replace("{pt}", "500MS"))
    project, _ = load_project(folder)
    return project


def _driver(project: Project, inputs: dict[str, InputSpec], seed: int = 3) -> InputDriver:
    spec = DiffSpec("FB_Pump", [], inputs, [], cycles=2000, seed=seed)
    simulator = Simulator(project, programs=[], cycle_ms=10)
    return InputDriver(spec, check_inputs(spec, simulator.instantiate("FB_Pump")))


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
