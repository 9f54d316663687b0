"""Faults a PLC raises at run time, as the value layer reports them.

A real controller stops the task (TwinCAT: "exception, task stopped") when
one of these happens; the simulator raises them so that a test run fails at
the offending statement instead of computing on with an invented value. The
compiler catches ``IecFault`` and adds the ST position and the call stack.

::

    IecFault                 anything the IEC value semantics refuse at run time
    ├── DivisionByZero       integer or floating-point division/MOD by zero, LN(0)
    ├── RangeFault           a value outside a subrange, array bound or conversion target
    ├── InvalidOperation     IEEE 754 "invalid operation": SQRT(-1), ASIN(2), INF - INF
    └── UnsupportedOperation an operator or function the operand types do not have

``InvalidOperation`` is an addition to the contract's three subclasses:
TwinCAT traps IEEE "invalid operation" as well as "divide by zero" by default
(Beckhoff Information System, TE1420 "Exception Handling": "Default setting
in TwinCAT is that at divide-by-zero and invalid-operation the execution of
the program is stopped"), and neither of the other names fits it.
"""

from __future__ import annotations


class IecFault(Exception):  # noqa: N818 - the contract's name
    """A run-time fault of IEC 61131-3 code; the message names the operation and its operands."""


class DivisionByZero(IecFault):
    """Division or MOD by zero (integers always; REAL/LREAL as TwinCAT traps it by default)."""


class RangeFault(IecFault):
    """A value outside the range IEC calls an error: subrange, array bound, conversion target."""


class InvalidOperation(IecFault):
    """An IEEE 754 invalid operation (the result would be NaN), trapped like TwinCAT does."""


class UnsupportedOperation(IecFault):
    """The operator or function does not exist for these operand types."""
