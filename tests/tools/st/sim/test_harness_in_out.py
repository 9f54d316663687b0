"""Hooks the property checker needs: a harness's in-outs with storage, the compiled project."""

from __future__ import annotations

import pytest

from werk.tools.errors import UsageError
from werk.tools.st.loader import load_project
from werk.tools.st.sim import Simulator

SOURCE = """\
FUNCTION_BLOCK FB_Acc
VAR_INPUT
    nAdd : INT;
END_VAR
VAR_IN_OUT
    nTotal : INT;
    aLog : ARRAY[1..2] OF INT;
END_VAR
nTotal := nTotal + nAdd;
aLog[2] := aLog[1];
aLog[1] := nAdd;
END_FUNCTION_BLOCK
"""


def test_bound_in_outs_are_read_and_written_like_members(tmp_path) -> None:
    path = tmp_path / "acc.st"
    path.write_text(SOURCE)
    project, _ = load_project(tmp_path, [path])
    sim = Simulator(project, programs=[])
    harness = sim.instantiate("FB_Acc")
    with pytest.raises(UsageError, match="not bound"):
        harness.get("nTotal")
    harness.bind_in_out("nTotal")
    harness.bind_in_out("aLog")
    assert harness.get("nTotal") == 0 and harness.get("aLog") == [0, 0]
    harness.set("nTotal", 40)
    harness.call(nAdd=2)
    harness.call(nAdd=3)
    assert harness.get("nTotal") == 45
    assert harness.get("aLog") == [3, 2]
    with pytest.raises(UsageError, match="no VAR_IN_OUT"):
        harness.bind_in_out("nAdd")
    assert sim.compiler.fb_class(project.find_pou("FB_Acc")) is harness.compiled
