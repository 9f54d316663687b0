"""The scan-cycle simulator: Structured Text compiled once into Python, run cycle by cycle.

The verification gate, ``werk test``, the property checker, the benchmark's
scoring and the agent all run PLC code through this package. It compiles the
semantic model (``werk.tools.st.model``) of a project, reusing its name
resolution and expression types, into Python functions over pre-resolved
storage slots (one generated function per POU body, closures for calls and
everything else), and runs them on a virtual clock against an I/O image.
Values follow the IEC 61131-3 semantics of ``werk.tools.st.sim.iec``.

Correctness comes before breadth: a construct the compiler does not support
is listed in ``Simulator.unsupported`` and raises a ``not supported`` fault
if it runs; it is never run with a guessed meaning. Every fault of the
simulated program (division by zero, array bound, subrange, NULL reference,
watchdog...) is a ``SimulationFault`` with the position in the user's file
and the ST call stack.

Public API::

    sim = Simulator(project, programs=["MAIN"], cycle_ms=10, coverage=False)
    sim.cycle(); sim.advance(100)
    sim.get("MAIN.fbPump1.tonDelay.Q"); sim.set("GVL_IO.bStart", True); sim.get("%QX0.1")
    harness = sim.instantiate("FB_Motor"); harness.call(bStart=True); harness.get("bRun")
    sim.function("F_Scale")(x=1.0)
    Simulator(project, natives={"ASSERT_TRUE": check})  # FUNCTIONs implemented in Python
"""

from werk.tools.st.sim.coverage import BranchOutcome, Coverage, CoveredStatement, PouCoverage
from werk.tools.st.sim.faults import FaultKind, SimulationFault, StackFrame, Unsupported
from werk.tools.st.sim.io_image import IoAddress, IoImage
from werk.tools.st.sim.natives import NativeArgument, NativeCall, NativeFunction
from werk.tools.st.sim.positions import SourcePosition
from werk.tools.st.sim.simulator import FunctionResult, Harness, Simulator, StFunction

__all__ = [
    "BranchOutcome",
    "Coverage",
    "CoveredStatement",
    "FaultKind",
    "FunctionResult",
    "Harness",
    "IoAddress",
    "IoImage",
    "NativeArgument",
    "NativeCall",
    "NativeFunction",
    "PouCoverage",
    "SimulationFault",
    "Simulator",
    "SourcePosition",
    "StFunction",
    "StackFrame",
    "Unsupported",
]
