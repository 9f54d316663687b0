"""FUNCTIONs implemented in Python: arguments, literal typing, return values, positions."""

from __future__ import annotations

import pytest

from tests.tools.st.sim.support import FIXTURES, line_text, project_of
from werk.tools.errors import UsageError
from werk.tools.st.sim import FaultKind, NativeCall, SimulationFault, Simulator


def test_native_gets_values_types_text_and_position() -> None:
    calls: list[NativeCall] = []

    def check(call: NativeCall) -> bool:
        calls.append(call)
        expected, actual = call.argument("Expected"), call.argument("Actual")
        assert expected is not None and actual is not None
        return bool(expected.value == actual.value)

    sim = Simulator(project_of("natives.st"), programs=[], natives={"check_values": check})
    harness = sim.instantiate("FB_UsesNatives")
    harness.call(nCount=5, rLevel=0.1)
    first, second, third = calls
    assert first.function == "CHECK_VALUES"
    assert {k: (a.value, a.type_name, a.text) for k, a in first.arguments.items()} == {
        "expected": (5, "INT", "5"),  # the untyped literal takes INT from nCount
        "actual": (5, "INT", "nCount"),
        "message": ("count", "STRING[5]", "'count'"),
    }
    assert first.position is not None
    assert first.position.path == FIXTURES / "natives.st"
    assert line_text("natives.st", first.position.line).startswith("bSame := CHECK_VALUES(")
    assert harness.get("bSame") is True
    # Formal arguments in any order; 0.1 as a REAL, equal to the REAL input rLevel.
    assert list(second.arguments) == ["actual", "expected"]
    assert second.arguments["expected"].type_name == "REAL"
    assert second.arguments["expected"].value == second.arguments["actual"].value
    assert "message" not in second.arguments
    # Arrays arrive as lists.
    assert third.arguments["expected"].value == [1, 2, 3]
    harness.call(nCount=4)
    assert harness.get("bSame") is False


def test_fault_raised_by_a_native_is_a_simulation_fault() -> None:
    def refuse(call: NativeCall) -> bool:
        raise SimulationFault(FaultKind.RANGE, "refused", call.span)

    sim = Simulator(project_of("natives.st"), programs=[], natives={"CHECK_VALUES": refuse})
    harness = sim.instantiate("FB_UsesNatives")
    with pytest.raises(SimulationFault) as caught:
        harness.call()
    assert caught.value.kind is FaultKind.RANGE
    position = caught.value.position
    assert position is not None
    assert line_text("natives.st", position.line).startswith("bSame := CHECK_VALUES(")
    assert caught.value.stack[0].pou == "FB_UsesNatives"


def test_native_with_outputs_is_not_supported() -> None:
    sim = Simulator(
        project_of("natives.st"), programs=[], natives={"WITH_OUTPUT": lambda call: True}
    )
    sim.instantiate("FB_CallsWithOutput")
    assert [u.what for u in sim.unsupported] == ["native function WITH_OUTPUT with VAR_OUTPUT Out1"]


def test_unknown_native_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'NO_SUCH' is not a FUNCTION"):
        Simulator(project_of("natives.st"), programs=[], natives={"NO_SUCH": lambda c: None})
    with pytest.raises(UsageError, match="'FB_Stack' is not a FUNCTION"):
        Simulator(project_of("natives.st"), programs=[], natives={"FB_Stack": lambda c: None})


def test_without_natives_an_any_parameter_is_not_supported() -> None:
    sim = Simulator(project_of("natives.st"), programs=[])
    harness = sim.instantiate("FB_UsesNatives")
    assert any("generic type ANY" in u.what for u in sim.unsupported)
    with pytest.raises(SimulationFault) as caught:
        harness.call(nCount=5)
    assert caught.value.kind is FaultKind.NOT_SUPPORTED


def test_bind_in_out_gives_the_test_its_own_storage() -> None:
    sim = Simulator(project_of("natives.st"), programs=[])
    harness = sim.instantiate("FB_Stack")
    with pytest.raises(UsageError, match="not bound"):
        harness.get("nItem")
    harness.bind_in_out("nItem")
    harness.set("nItem", 7)
    harness.bind_in_out("aStack")
    assert harness.get("aStack") == [0, 0, 0, 0]
    harness.call()
    assert (harness.get("nSeen"), harness.get("nItem"), harness.get("aStack")) == (
        7,
        8,
        [7, 0, 0, 0],
    )
    harness.set("nItem", 1)
    harness.call()
    assert harness.get("nSeen") == 1
    with pytest.raises(UsageError, match="has no VAR_IN_OUT 'nSeen'"):
        harness.bind_in_out("nSeen")
