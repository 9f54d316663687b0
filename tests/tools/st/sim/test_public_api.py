"""The simulator's public names: the test runner, property checker, agent and benchmark use them."""

from __future__ import annotations

import werk.tools.st.sim as sim


def test_public_api() -> None:
    assert sorted(sim.__all__) == [
        "BranchOutcome", "Coverage", "CoveredStatement", "FaultKind", "FunctionResult",
        "Harness", "IoAddress", "IoImage", "NativeArgument", "NativeCall", "NativeFunction",
        "PouCoverage", "SimulationFault", "Simulator",
        "SourcePosition", "StFunction", "StackFrame", "Unsupported",
    ]  # fmt: skip
    for name in sim.__all__:
        assert getattr(sim, name) is not None


def test_fault_kinds() -> None:
    assert {kind.value for kind in sim.FaultKind} >= {
        "division by zero",
        "array bound",
        "subrange",
        "null reference",
        "watchdog",
        "not supported",
    }
