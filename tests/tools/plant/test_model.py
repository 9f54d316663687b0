"""Asking the model: names of signals, bindings for the editor and the agent."""

from __future__ import annotations

import pytest

from werk.tools.errors import UsageError
from werk.tools.plant.model import SystemModel


@pytest.mark.parametrize(
    ("target", "signal"),
    [
        ("%QX0.0", "%QX0.0"),
        ("%qx0.0", "%QX0.0"),
        ("%Q0.0", "%QX0.0"),
        ("gvl_io.bpump1", "GVL_IO.bPump1"),
        ("bAlarmLamp", "GVL_IO.bAlarmLamp"),
        ("MAIN.fbStation.fbPump1.tonDelay.Q", "Main.fbStation.fbPump1.tonDelay.Q"),
        ("fbStation.bPump2On", "Main.fbStation.bPump2On"),
    ],
)
def test_targets_resolve_case_insensitively(plain: SystemModel, target: str, signal: str) -> None:
    assert plain.resolve(target) == signal


def test_an_unknown_target_suggests_close_paths(plain: SystemModel) -> None:
    with pytest.raises(UsageError, match=r"no signal named 'bPump' in the project \(did you mean"):
        plain.resolve("bPump")
    with pytest.raises(UsageError) as info:
        plain.resolve("GVL_IO.bAlarmLmp")
    assert "did you mean 'GVL_IO.bAlarmLamp'" in info.value.message


def test_an_ambiguous_name_lists_the_paths(plain: SystemModel) -> None:
    with pytest.raises(UsageError) as info:
        plain.resolve("bRun")
    assert info.value.message == (
        "'bRun' is ambiguous: Main.fbStation.fbPump1.bRun, Main.fbStation.fbPump2.bRun"
    )


def test_a_declaration_path_points_to_its_instances(plain: SystemModel) -> None:
    with pytest.raises(UsageError) as info:
        plain.resolve("FB_Pump.bInterlock")
    assert info.value.hint == (
        "trace one of Main.fbStation.fbPump1.bInterlock, Main.fbStation.fbPump2.bInterlock"
    )


def test_binding_of_an_fb_variable_lists_every_instance(plain: SystemModel) -> None:
    pou = plain.project.find_pou("FB_Pump")
    assert pou is not None
    variable = pou.variable("bRun")
    assert variable is not None
    binding = plain.binding(variable)
    assert binding.paths == ["Main.fbStation.fbPump1.bRun", "Main.fbStation.fbPump2.bRun"]
    assert (binding.type, binding.address, binding.declared_at.line) == ("BOOL", None, 8)


def test_binding_of_an_io_variable(plain: SystemModel, twincat: SystemModel) -> None:
    level = plain.binding("GVL_IO.nLevelRaw")
    assert (level.paths, level.address, level.engineering.unit, level.engineering.high) == (
        ["GVL_IO.nLevelRaw"],
        "%IW2",
        "mm",
        2000.0,
    )
    brake = twincat.binding("MAIN.fbConveyor.bBrakeRelease")
    assert brake.address == "%Q*"
    assert [link.endpoint for link in brake.links] == [
        "TIID^Device 1 (EtherCAT)^Term 1 (EK1100)^Term 3 (EL2008)^Channel 2^Output"
    ]
    with pytest.raises(UsageError, match="not a declared variable"):
        plain.binding("%QX0.0")


def test_a_binding_described_for_a_hover(plain: SystemModel, twincat: SystemModel) -> None:
    assert plain.binding("GVL_IO.nLevelRaw").describe() == (
        "nLevelRaw : INT AT %IW2\nunit and range: [mm] 0..2000\nsignal: GVL_IO.nLevelRaw"
    )
    assert twincat.binding("GVL_IO.bStart").describe() == (
        "bStart : BOOL AT %I*\n"
        "wired to TIID^Device 1 (EtherCAT)^Term 1 (EK1100)^Term 2 (EL1008)^Channel 1^Input\n"
        "signal: GVL_IO.bStart"
    )
    assert plain.binding("Main.fbStation.fbPump2.tonDelay").describe() == (
        "tonDelay : TON\n"
        "2 instances: Main.fbStation.fbPump1.tonDelay, Main.fbStation.fbPump2.tonDelay"
    )


def test_readers_and_writers(plain: SystemModel) -> None:
    assert [s.context for s in plain.readers("GVL_IO.bPump1")] == ["Diag", ""]
    assert [s.statement for s in plain.writers("GVL_Data.rLevel")] == [
        "GVL_Data.rLevel := F_Scale(GVL_IO.nLevelRaw, 2.0);"
    ]
