"""FUNCTIONs implemented in Python: what a test library's ``ASSERT_EQUAL`` runs.

A native function is declared to the semantic model like any FUNCTION (an
interface-only ST file, so name resolution, completion and ``werk check``
see it) and registered with the simulator by name:
``Simulator(project, natives={"ASSERT_EQUAL": assert_equal})``. A call of it
in ST then runs the Python callable instead of an ST body. The callable gets
a ``NativeCall``: every argument's value (in the iec representation that
``Simulator.get`` returns), its layout (the type: for formatting and
comparing) and its source text, plus the call's span for messages that point
into the user's file. What it returns is stored with the declared return
type's store semantics; a ``SimulationFault`` it raises is a fault of the
simulated program, like any other.

Arguments bind to the declared VAR_INPUTs as in any call (positionally in
declaration order, or formally by name); inputs the call leaves out are
absent from ``NativeCall.arguments``, so the Python side decides what is
optional. An untyped literal argument takes the type of the other typed
arguments (IEC 61131-3 §6.3.2: its context's), so ``ASSERT_EQUAL(0.1, rX)``
compares REAL with REAL. Natives take inputs only: VAR_IN_OUT or VAR_OUTPUT
parameters are refused at compile time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werk.tools.st.sim.positions import SourcePosition, Span
from werk.tools.st.sim.values import Layout


@dataclass(frozen=True)
class NativeArgument:
    """One argument of a native call, as the callee sees it."""

    value: Any  # the iec value; arrays and structs as ``Simulator.get`` shows them
    layout: Layout | None  # the argument's type
    text: str  # the argument as the engineer wrote it, e.g. ``fbValve.bAlarm``

    @property
    def type_name(self) -> str:
        return self.layout.name if self.layout is not None else "?"


@dataclass(frozen=True)
class NativeCall:
    """A call of a native FUNCTION: its arguments by lower-case parameter name, and where."""

    function: str  # as declared
    arguments: dict[str, NativeArgument] = field(default_factory=dict)
    span: Span | None = None

    @property
    def position(self) -> SourcePosition | None:
        return self.span.position if self.span is not None else None

    def argument(self, name: str) -> NativeArgument | None:
        return self.arguments.get(name.lower())


NativeFunction = Callable[[NativeCall], Any]
