"""References and the per-cycle watchdog."""

from __future__ import annotations

import pytest

from werk.tools.st.sim import FaultKind, IoImage, SimulationFault
from werk.tools.st.sim.iec.clock import VirtualClock
from werk.tools.st.sim.runtime import Machine, MemberView, Ref


def test_refs_compare_by_storage() -> None:
    storage = [1, 2]
    assert Ref(storage, 1) == Ref(storage, 1)
    assert Ref(storage, 1) != Ref([1, 2], 1)
    Ref(storage, 0).set(5)
    assert storage == [5, 2]


def test_member_view_reads_attributes() -> None:
    class Timer:
        Q = False

    timer = Timer()
    MemberView(timer)["Q"] = True
    assert timer.Q is True


def test_budget_is_checked_when_it_runs_out() -> None:
    machine = Machine(VirtualClock(), IoImage(), statement_budget=10)
    machine.start_cycle()
    machine.left -= 10
    machine.check(None)  # exactly spent: still fine
    machine.left -= 1
    with pytest.raises(SimulationFault) as raised:
        machine.check(None)
    assert raised.value.kind is FaultKind.WATCHDOG
    assert "10 statements" in raised.value.message
    machine.start_cycle()
    assert machine.left == 10
