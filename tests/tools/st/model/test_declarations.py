"""A GVL's ``{attribute 'qualified_only'}`` covers all of its blocks, as in CODESYS: the
attribute stands above the GVL's first block and belongs to the GVL object, so its
``VAR_GLOBAL CONSTANT``, ``RETAIN`` and ``PERSISTENT`` blocks are qualified-only too."""

from __future__ import annotations

from pathlib import Path

from werk.tools.st.loader import load_source
from werk.tools.st.model.project import Project

GVL = b"""{attribute 'qualified_only'}
VAR_GLOBAL
    bStop : BOOL;
END_VAR
VAR_GLOBAL CONSTANT
    nMaxBatches : INT := 5;
END_VAR
VAR_GLOBAL RETAIN
    nBatchCount : DINT;
END_VAR
VAR_GLOBAL PERSISTENT
    nPumpHours : UDINT;
END_VAR
"""

TC_GVL = b"""<?xml version="1.0" encoding="utf-8"?>
<TcPlcObject Version="1.1.0.1" ProductVersion="3.1.4024.12">
  <GVL Name="GVL_Plant" Id="{4f6f8a4e-2b1c-4c1e-9a55-0d3c9e1d7a10}">
    <Declaration><![CDATA[%s]]></Declaration>
  </GVL>
</TcPlcObject>
"""


def _blocks(project: Project) -> list[tuple[str | None, list[str], bool]]:
    return [
        (gvl.name, [v.name for v in gvl.variables], gvl.qualified_only)
        for gvl in project.global_lists
    ]


def test_every_block_of_a_plain_gvl_file_is_qualified_only() -> None:
    """A plain file is read in chunks, one per block: the file is the GVL."""
    source = load_source(Path("GVL_Plant.st"), GVL)
    assert len(source.units) == 4
    project = Project(source.units)
    assert _blocks(project) == [
        ("GVL_Plant", ["bStop"], True),
        ("GVL_Plant", ["nMaxBatches"], True),
        ("GVL_Plant", ["nBatchCount"], True),
        ("GVL_Plant", ["nPumpHours"], True),
    ]
    assert all(project.find_global(name) is None for name in ("bStop", "nPumpHours"))
    assert [gvl.attributes for gvl in project.global_lists][:2] == [{"qualified_only": ""}, {}]


def test_every_block_of_a_twincat_gvl_is_qualified_only_without_a_project() -> None:
    (unit,) = load_source(Path("GVL_Plant.TcGVL"), TC_GVL % GVL).units
    blocks = unit.declarations.globals
    assert [(gvl.name, gvl.qualified_only) for gvl in blocks] == [("GVL_Plant", True)] * 4


def test_a_gvl_without_the_attribute_is_reached_bare() -> None:
    plain = GVL.replace(b"{attribute 'qualified_only'}\n", b"")
    project = Project(load_source(Path("GVL_Plant.st"), plain).units)
    assert not any(gvl.qualified_only for gvl in project.global_lists)
    assert project.find_global("nPumpHours") is not None


def test_the_attribute_covers_the_blocks_after_it_not_those_before() -> None:
    source = b"VAR_GLOBAL\n    bHorn : BOOL;\nEND_VAR\n" + GVL
    project = Project(load_source(Path("GVL_Plant.st"), source).units)
    assert [qualified for _, _, qualified in _blocks(project)] == [False, True, True, True, True]


def test_a_gvl_of_another_file_keeps_its_own_attribute() -> None:
    """(Two GVLs of one PLCopen file: ``tests/tools/st/containers/test_plcopen.py``.)"""
    other = b"VAR_GLOBAL\n    bLamp : BOOL;\nEND_VAR\n"
    files = [load_source(Path("a/GVL_Plant.TcGVL"), TC_GVL % GVL)]
    files.append(load_source(Path("a/GVL_Io.TcGVL"), (TC_GVL % other).replace(b"_Plant", b"_Io")))
    project = Project([unit for file in files for unit in file.units])
    assert {(name, qualified) for name, _, qualified in _blocks(project)} == {
        ("GVL_Plant", True),
        ("GVL_Io", False),
    }


def test_removing_the_attribute_in_an_edit_frees_the_later_blocks_too() -> None:
    """The later blocks' units stay as they were; the project shares the attribute anew."""
    source = load_source(Path("GVL_Plant.st"), GVL)
    project = Project(source.units)
    later = source.units[-1]
    pragma = GVL.index(b"{attribute")
    source.edit(pragma, pragma + len(b"{attribute 'qualified_only'}\n"), b"")
    assert source.units[-1] is later  # not read again
    project.set_file(source.path, source.units)
    assert not any(gvl.qualified_only for gvl in project.global_lists)
    assert project.find_global("nPumpHours") is not None
    source.edit(pragma, pragma, b"{attribute 'qualified_only'}\n")
    project.set_file(source.path, source.units)
    assert all(gvl.qualified_only for gvl in project.global_lists)
    assert project.find_global("nPumpHours") is None
