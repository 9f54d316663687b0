"""The input side of a differential check: the ``*.diff.yaml`` spec and the inputs it draws.

It is apart from the run (``differential.py``) because it answers another question: not
"do both versions agree?" but "is the check itself sound, and what does each cycle feed
the FB?". Everything wrong here is the task's fault, never the model's, and is raised as
``DiffSpecError`` so the harness can record it as a defective check.

A ``*.diff.yaml`` check names the FB, the reference sources (the code before the
refactoring, kept among the hidden checks), the inputs with how to drive them and the
outputs to compare. An input is driven by one of (YAML on the left)::

    bool                          TRUE or FALSE, even odds
    {bool: 0.95}                  TRUE with probability 0.95
    true / 3 / 42.5 / 'Auto'      a constant, the same every cycle
    [-1500, 1500]                 a whole number in the range (integers, TIME in ms)
    [0.0, 100.0]                  a real number in the range (REAL/LREAL only)
    {range: [0.0, 100.0]}         the same range, written as a mapping
    ... hold: [20, 200]           added to a bool or range mapping: each value is
                                  kept for 20..200 cycles (``hold: 50``: 50 cycles)

Inputs without ``hold`` share one random stream and are drawn again, all together, on
about three cycles in ten, so that timers and edges see both steady and changing
signals; a held input has a stream of its own (from the seed and its name), so adding
one leaves the draws of the others as they were. The spec is checked against the
original FB before the first cycle: an input it does not have, or a value its type
cannot take, or an output it does not have, is a defect of the check.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from werk.tools.errors import UsageError, WerkError
from werk.tools.st.model.symbols import Section
from werk.tools.st.sim import Harness, SimulationFault
from werk.tools.st.sim.values import Layout, SubrangeLayout

REDRAW_PROBABILITY = 0.3
"""How often, per cycle, the inputs without ``hold`` are drawn again."""

SPEC_FORMS = (
    "bool, {bool: P}, a constant, [low, high], or {bool: P | range: [low, high], "
    "hold: [shortest, longest]}"
)


class DiffSpecError(UsageError):
    """The differential check itself is broken (an unknown input, a malformed range, a
    reference that does not simulate): the task's fault, not the refactoring's.

    A ``UsageError``, so that the command line reports it like any other bad input file."""


# --- how one input is driven -------------------------------------------------------------


@dataclass(frozen=True)
class Constant:
    """The same value on every cycle: a mode, an enable, a parameter."""

    value: bool | int | float | str

    def draw(self, rng: random.Random) -> Any:
        return self.value

    def describe(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class RandomBool:
    """TRUE with ``probability``: 0.5 for a toggling switch, 0.95 for a run command."""

    probability: float = 0.5

    def draw(self, rng: random.Random) -> bool:
        return rng.random() < self.probability

    def describe(self) -> str:
        return f"{{bool: {self.probability}}}"


@dataclass(frozen=True)
class IntegerRange:
    """A whole number in ``low..high``, both included (a TIME in milliseconds)."""

    low: int
    high: int

    def draw(self, rng: random.Random) -> int:
        return rng.randint(self.low, self.high)

    def describe(self) -> str:
        return f"[{self.low}, {self.high}]"


@dataclass(frozen=True)
class RealRange:
    """A real number in ``low..high``, for REAL and LREAL inputs."""

    low: float
    high: float

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high)

    def describe(self) -> str:
        return f"[{self.low}, {self.high}]"


Source = Constant | RandomBool | IntegerRange | RealRange


@dataclass(frozen=True)
class InputSpec:
    """What drives one input, and for how many cycles (shortest, longest) each value holds;
    without ``hold`` the input is redrawn with the others."""

    source: Source
    hold: tuple[int, int] | None = None


@dataclass(frozen=True)
class DiffSpec:
    fb: str
    reference: list[Path]
    inputs: dict[str, InputSpec]
    outputs: list[str]
    cycles: int = 500
    seed: int = 0
    cycle_ms: int = 10
    path: Path | None = None
    """The ``*.diff.yaml`` file, named in the errors about it."""

    @property
    def where(self) -> str:
        """How errors about this spec start: its file, or the FB for a spec built in code."""
        return str(self.path or self.fb)


# --- reading the spec ----------------------------------------------------------------------


def read_diff_spec(path: Path) -> DiffSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DiffSpecError(f"{path}: cannot read the differential check: {exc}") from exc
    if not isinstance(data, dict) or not {"fb", "reference", "inputs", "outputs"} <= set(data):
        raise DiffSpecError(f"{path}: a differential check needs fb, reference, inputs, outputs")
    if not isinstance(data["inputs"], dict):
        raise DiffSpecError(f"{path}: inputs must map each input's name to how it is driven")
    for key in ("reference", "outputs"):
        if not isinstance(data[key], list) or not data[key]:
            raise DiffSpecError(f"{path}: {key} must be a list of names, not {data[key]!r}")
    cycles = _setting(data, "cycles", 500, path)
    if cycles < 1:
        raise DiffSpecError(f"{path}: cycles must be at least 1, not {cycles}")
    cycle_ms = _setting(data, "cycle_ms", 10, path)
    if cycle_ms < 1:
        raise DiffSpecError(f"{path}: cycle_ms must be at least 1, not {cycle_ms}")
    return DiffSpec(
        fb=str(data["fb"]),
        reference=[path.parent / str(name) for name in data["reference"]],
        inputs={
            str(name): read_input(raw, f"{path}: input {name}")
            for name, raw in data["inputs"].items()
        },
        outputs=[str(name) for name in data["outputs"]],
        cycles=cycles,
        seed=_setting(data, "seed", 0, path),
        cycle_ms=cycle_ms,
        path=path,
    )


def _setting(data: dict[str, Any], key: str, default: int, path: Path) -> int:
    value = data.get(key, default)
    if not _whole(value):
        raise DiffSpecError(f"{path}: {key} is a whole number, not {value!r}")
    return int(value)


def read_input(raw: Any, where: str) -> InputSpec:
    """One entry of ``inputs:``, in any of the forms of the module docstring."""
    if raw == "bool":
        return InputSpec(RandomBool())
    if isinstance(raw, bool | int | float | str):
        return InputSpec(Constant(raw))
    if isinstance(raw, list):
        return InputSpec(_range(raw, where))
    if not isinstance(raw, dict):
        raise DiffSpecError(f"{where}: {raw!r} is not one of: {SPEC_FORMS}")
    unknown = sorted(set(raw) - {"bool", "range", "hold"})
    if unknown or ("bool" in raw) == ("range" in raw):
        raise DiffSpecError(
            f"{where}: a mapping takes bool or range (one of them) and hold, not {sorted(raw)}"
        )
    source = _probability(raw["bool"], where) if "bool" in raw else _range(raw["range"], where)
    return InputSpec(source, _hold(raw["hold"], where) if "hold" in raw else None)


def _probability(raw: Any, where: str) -> RandomBool:
    if not (_whole(raw) or isinstance(raw, float)) or not 0 <= raw <= 1:
        raise DiffSpecError(f"{where}: bool takes the probability of TRUE, 0..1, not {raw!r}")
    return RandomBool(float(raw))


def _range(raw: Any, where: str) -> IntegerRange | RealRange:
    numbers = isinstance(raw, list) and all(_whole(x) or isinstance(x, float) for x in raw)
    if not numbers or len(raw) != 2:
        raise DiffSpecError(f"{where}: a range is [low, high], two numbers, not {raw!r}")
    low, high = raw
    if not all(math.isfinite(x) for x in raw) or low > high:
        raise DiffSpecError(f"{where}: the range {raw!r} needs finite bounds, low <= high")
    if isinstance(low, int) and isinstance(high, int):
        return IntegerRange(low, high)
    return RealRange(float(low), float(high))


def _hold(raw: Any, where: str) -> tuple[int, int]:
    shortest = longest = 0
    if _whole(raw):
        shortest = longest = raw
    elif isinstance(raw, list) and len(raw) == 2 and all(_whole(x) for x in raw):
        shortest, longest = raw
    if not 1 <= shortest <= longest:
        raise DiffSpecError(
            f"{where}: hold is a number of cycles (50) or [shortest, longest] "
            f"with 1 <= shortest <= longest, not {raw!r}"
        )
    return shortest, longest


def _whole(value: Any) -> bool:
    """An int that is not a bool (YAML's ``true`` is one to Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


# --- checking the spec against the original FB ---------------------------------------------


def check_inputs(spec: DiffSpec, original: Harness) -> dict[str, Layout]:
    """Each input's layout in the original FB; an unknown input or a value its type cannot
    take is an error of the check, not of the refactoring."""
    where = f"{spec.where}: input"
    compiled = original.compiled
    declared = [slot.name for slot in compiled.slots if slot.section is Section.VAR_INPUT]
    layouts = {}
    for name, item in spec.inputs.items():
        index = compiled.slot_by_name.get(name.lower())
        slot = compiled.slots[index] if index is not None else None
        if slot is not None and slot.section is not Section.VAR_INPUT:
            raise DiffSpecError(
                f"{where} {name}: {name} is a {slot.section.value} of {spec.fb}, not an input"
            )
        if slot is None:
            raise DiffSpecError(
                f"{where} {name}: {spec.fb} has no input {name!r} "
                f"(its inputs: {', '.join(declared) or 'none'})"
            )
        _check_source(item.source, slot.layout, f"{where} {name}")
        layouts[name] = slot.layout
    return layouts


def check_outputs(spec: DiffSpec, original: Harness) -> None:
    """An output the original does not have cannot be compared: an error of the check (the
    refactored FB lacking it is the refactoring's fault, found while running)."""
    for name in spec.outputs:
        try:
            original.get(name)
        except (SimulationFault, WerkError, KeyError) as exc:
            raise DiffSpecError(
                f"{spec.where}: output {name}: the original {spec.fb} has none ({exc})"
            ) from exc


def _check_source(source: Source, layout: Layout, where: str) -> None:
    kind = layout.spec.kind if layout.spec is not None else None
    wrong = f"{where} has type {layout.name}: {source.describe()} "
    if isinstance(source, RandomBool):
        if kind != "bool":
            raise DiffSpecError(wrong + "draws TRUE and FALSE; give a range or a constant")
    elif isinstance(source, RealRange):
        if kind != "real":
            raise DiffSpecError(wrong + "draws real numbers; write whole bounds ([0, 100])")
        _check_bounds(layout, source.low, source.high, where)
    elif isinstance(source, IntegerRange):
        if kind not in ("signed", "unsigned", "bits", "real", "time", "date", "tod", "dt"):
            raise DiffSpecError(wrong + "draws whole numbers, which it cannot take")
        _check_bounds(layout, source.low, source.high, where)
    else:
        value = source.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            _check_bounds(layout, value, value, where)
        try:
            layout.write(value, None, where)
        except UsageError as exc:  # the layout names its type and what it takes
            raise DiffSpecError(exc.message) from exc


def _check_bounds(layout: Layout, low: float, high: float, where: str) -> None:
    """Integer types wrap silently when stored: a bound outside the type is a mistake."""
    bounds = _type_bounds(layout)
    if bounds is None:
        return
    lowest, highest = bounds
    if low < lowest or high > highest:
        shown = f"{low}" if low == high else f"[{low}, {high}]"
        raise DiffSpecError(
            f"{where} has type {layout.name} ({lowest}..{highest}): it cannot take {shown}"
        )


def _type_bounds(layout: Layout) -> tuple[float, float] | None:
    if isinstance(layout, SubrangeLayout):
        return layout.lower, layout.upper
    spec = layout.spec
    if spec is None or spec.minimum is None or spec.maximum is None:
        return None
    return spec.minimum, spec.maximum


# --- the inputs of each cycle --------------------------------------------------------------


class InputDriver:
    """The inputs of each cycle, the same for both versions and for every run of a seed."""

    def __init__(self, spec: DiffSpec, layouts: Mapping[str, Layout]) -> None:
        self.spec = spec
        self.layouts = layouts
        self.shared = random.Random(spec.seed)
        self.streams = {
            name: random.Random(f"{spec.seed}:{name}")
            for name, item in spec.inputs.items()
            if item.hold is not None
        }
        self.left: dict[str, int] = {}  # held input -> cycles its value still holds
        self.values: dict[str, Any] = {}

    def next_cycle(self, cycle: int) -> dict[str, Any]:
        if cycle == 1 or self.shared.random() < REDRAW_PROBABILITY:
            for name, item in self.spec.inputs.items():
                if item.hold is None:
                    self.values[name] = self._stored(name, item.source.draw(self.shared))
        for name, rng in self.streams.items():
            if self.left.get(name, 0) == 0:
                item = self.spec.inputs[name]
                assert item.hold is not None
                self.values[name] = self._stored(name, item.source.draw(rng))
                self.left[name] = rng.randint(*item.hold)
            self.left[name] -= 1
        return dict(self.values)

    def _stored(self, name: str, value: Any) -> Any:
        """A real number as the input stores it (REAL: single precision), so that a report
        shows the value the FB saw."""
        if isinstance(value, float):
            return self.layouts[name].write(value, None, name)
        return value
