"""Differential simulation: a refactored FUNCTION_BLOCK must behave like the original.

Both versions are compiled by the simulator and called with the same seeded inputs,
cycle by cycle; the first output that differs fails the check. What the check drives and
compares, and whether the check itself is sound, is ``differential_inputs``: this module
only runs it, so that a difference found here is always the refactoring's doing, and a
defect of the check (``DiffSpecError``) is raised before the first cycle.
"""

from __future__ import annotations

from werk.benchmarks.harness.differential_inputs import (
    DiffSpec,
    DiffSpecError,
    InputDriver,
    check_inputs,
    check_outputs,
    read_diff_spec,
)
from werk.tools.errors import UsageError
from werk.tools.st.loader import load_project
from werk.tools.st.model.project import Project
from werk.tools.st.sim import Harness, SimulationFault, Simulator

__all__ = ["DiffSpec", "DiffSpecError", "read_diff_spec", "run_differential"]


def run_differential(spec: DiffSpec, candidate: Project) -> str | None:
    """None when both versions agree on every cycle; else where they first differ.

    Raises ``DiffSpecError`` when the check cannot run for reasons of its own: the
    original does not simulate (or faults on the inputs the spec draws), or the spec
    names what the original does not have."""
    original = _original(spec)
    driver = InputDriver(spec, check_inputs(spec, original))
    check_outputs(spec, original)
    try:
        refactored = _instance(candidate, spec)
    except (SimulationFault, UsageError) as exc:
        return f"cannot simulate {spec.fb}: {exc}"
    for cycle in range(1, spec.cycles + 1):
        values = driver.next_cycle(cycle)
        try:
            original.call(**values)
            original.simulator.advance(spec.cycle_ms)
        except (SimulationFault, UsageError) as exc:
            raise DiffSpecError(
                f"{spec.where}: cycle {cycle}: the original {spec.fb} faults on the inputs "
                f"{values}: {exc}"
            ) from exc
        try:
            refactored.call(**values)
            refactored.simulator.advance(spec.cycle_ms)
        except (SimulationFault, UsageError) as exc:
            return f"cycle {cycle}: the refactored {spec.fb}: {exc}"
        for name in spec.outputs:
            expected = original.get(name)
            try:
                actual = refactored.get(name)
            except (SimulationFault, UsageError, KeyError) as exc:
                return f"{name}: {exc}"
            if expected != actual:
                return (
                    f"cycle {cycle}: {name} is {actual!r}, the original gives {expected!r}"
                    f" (inputs {values})"
                )
    return None


def _original(spec: DiffSpec) -> Harness:
    reference, _ = load_project(spec.reference[0].parent, spec.reference)
    try:
        return _instance(reference, spec)
    except (SimulationFault, UsageError) as exc:
        raise DiffSpecError(f"{spec.where}: cannot simulate the original {spec.fb}: {exc}") from exc


def _instance(project: Project, spec: DiffSpec) -> Harness:
    simulator = Simulator(project, programs=[], cycle_ms=spec.cycle_ms)
    return simulator.instantiate(spec.fb)
