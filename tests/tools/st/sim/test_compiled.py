"""Compiled POUs: routine frames, statics and instance restarts."""

from __future__ import annotations

from tests.tools.st.sim.support import simulate


def test_routine_locals_are_a_copy_of_the_template() -> None:
    sim = simulate("pous.st", programs=[])
    routine = sim.function("F_Scale").routine
    assert routine.template is not None  # every local is elementary
    first, second = routine.new_locals("F_Scale"), routine.new_locals("F_Scale")
    assert first == second and first is not second
    # Parameters come first, in declaration order, then the return value.
    assert [slot.name for slot in routine.slots[:4]] == ["rValue", "rFactor", "rOffset", "F_Scale"]


def test_statics_are_found_through_the_base_type() -> None:
    sim = simulate("unsupported.st", programs=["Partly"])
    shared = sim.instantiate("FB_Shared")
    found = shared.compiled.static_slot("NALL")
    assert found is not None and found[0] is shared.compiled
    assert shared.compiled.static_slot("nMine") is None  # an instance variable


def test_warm_restart_of_one_instance_keeps_retain_inside_it() -> None:
    sim = simulate("retain.st")
    total = sim.instantiate("FB_Totaliser")
    total.call(nAdd=4)
    total.compiled.reinitialise(total.instance, keep_retained=True)
    assert total.get("nTotal") == 4 and total.get("nSession") == 0
    total.compiled.reinitialise(total.instance, keep_retained=False)
    assert total.get("nTotal") == 0
