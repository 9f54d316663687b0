"""The run-time fault hierarchy the compiler catches."""

from __future__ import annotations

import pytest

from werk.tools.st.sim.iec.errors import (
    DivisionByZero,
    IecFault,
    InvalidOperation,
    RangeFault,
    UnsupportedOperation,
)


@pytest.mark.parametrize(
    "fault", [DivisionByZero, RangeFault, InvalidOperation, UnsupportedOperation]
)
def test_every_fault_is_an_iec_fault(fault: type[IecFault]) -> None:
    assert issubclass(fault, IecFault)
    with pytest.raises(IecFault, match="what happened"):
        raise fault("what happened")


def test_iec_faults_are_not_werk_errors_until_the_compiler_adds_a_position() -> None:
    from werk.tools.errors import WerkError

    assert not issubclass(IecFault, WerkError)
