"""Differential simulation: a refactored FUNCTION_BLOCK must behave like the original.

A ``*.diff.yaml`` check names the FB, the reference sources (the code
before the refactoring, kept among the hidden checks), the inputs with their
value ranges and the outputs to compare. Both versions are compiled by the
simulator and called with the same seeded random inputs, cycle by cycle;
the first output that differs fails the check. Random inputs hold for a few
cycles at a time, so that timers and edges see both steady and changing
signals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from werk.tools.errors import UsageError
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.sim import Harness, SimulationFault, Simulator


@dataclass(frozen=True)
class DiffSpec:
    fb: str
    reference: list[Path]
    inputs: dict[str, Any]
    """Name -> ``bool``, or ``[low, high]`` for integers."""
    outputs: list[str]
    cycles: int = 500
    seed: int = 0
    cycle_ms: int = 10


def read_diff_spec(path: Path) -> DiffSpec:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"fb", "reference", "inputs", "outputs"} <= set(data):
        raise UsageError(f"{path}: a differential check needs fb, reference, inputs, outputs")
    return DiffSpec(
        fb=str(data["fb"]),
        reference=[path.parent / name for name in data["reference"]],
        inputs=dict(data["inputs"]),
        outputs=[str(name) for name in data["outputs"]],
        cycles=int(data.get("cycles", 500)),
        seed=int(data.get("seed", 0)),
        cycle_ms=int(data.get("cycle_ms", 10)),
    )


def run_differential(spec: DiffSpec, candidate: Project) -> str | None:
    """None when both versions agree on every cycle; else where they first differ."""
    reference, _ = load_project(spec.reference[0].parent, spec.reference)
    try:
        old = _instance(reference, spec)
        new = _instance(candidate, spec)
    except (SimulationFault, UsageError) as exc:
        return f"cannot simulate {spec.fb}: {exc}"
    rng = random.Random(spec.seed)
    values: dict[str, Any] = {}
    for cycle in range(1, spec.cycles + 1):
        if cycle == 1 or rng.random() < 0.3:
            values = {name: _draw(rng, kind) for name, kind in spec.inputs.items()}
        try:
            old.call(**values)
            new.call(**values)
            old.simulator.advance(spec.cycle_ms)
            new.simulator.advance(spec.cycle_ms)
        except SimulationFault as exc:
            return f"cycle {cycle}: {exc}"
        for name in spec.outputs:
            try:
                expected, actual = old.get(name), new.get(name)
            except (SimulationFault, UsageError, KeyError) as exc:
                return f"{name}: {exc}"
            if expected != actual:
                return (
                    f"cycle {cycle}: {name} is {actual!r}, the original gives {expected!r}"
                    f" (inputs {values})"
                )
    return None


def _instance(project: Project, spec: DiffSpec) -> Harness:
    simulator = Simulator(project, programs=[], cycle_ms=spec.cycle_ms)
    return simulator.instantiate(spec.fb)


def _draw(rng: random.Random, kind: Any) -> Any:
    if kind == "bool":
        return rng.random() < 0.5
    low, high = kind
    return rng.randint(int(low), int(high))
