"""A small PLC repository for the agent's tool and gate tests: plain ST, TwinCAT, Python."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tests.agent.workspace.repos import make_repo
from werk.agent.config import load_config
from werk.agent.tools.context import ToolContext
from werk.agent.workspace import Workspace

FIXTURES = Path(__file__).parents[2] / "tools" / "st" / "containers" / "fixtures"

VALVE = """(* A solenoid valve with a discrepancy alarm. *)
FUNCTION_BLOCK FB_Valve
VAR_INPUT
    bOpen : BOOL;
    wStatus : WORD;
END_VAR
VAR_OUTPUT
    bSolenoid : BOOL;
    bAlarm : BOOL;
END_VAR
VAR
    tonCheck : TON;
END_VAR
bSolenoid := bOpen;
tonCheck(IN := bOpen XOR wStatus.0, PT := T#50MS);
IF tonCheck.Q THEN
    bAlarm := TRUE;
END_IF
IF NOT bOpen THEN
    bAlarm := FALSE;
END_IF
END_FUNCTION_BLOCK
"""

MAIN = """PROGRAM MAIN
VAR
    fbValve : FB_Valve;
    nCycles : INT;
END_VAR
fbValve(bOpen := GVL_IO.bStart, wStatus := GVL_IO.wFeedback);
GVL_IO.bValveOut := fbValve.bSolenoid;
nCycles := nCycles + 1;
END_PROGRAM
"""

GVL = """VAR_GLOBAL
    bStart AT %IX0.0 : BOOL;
    wFeedback AT %IW2 : WORD;
    bValveOut AT %QX0.1 : BOOL;
END_VAR
"""
GVL_NAMED = GVL.replace("VAR_GLOBAL", "{attribute 'qualified_only'}\nVAR_GLOBAL")

VALVE_TRACE = """pou: FB_Valve
cycle: 10ms
name: opens and alarms
inputs: [bOpen, wStatus]
outputs: [bSolenoid, bAlarm]
rows:
  - [FALSE, 16#0002, FALSE, FALSE]
  - [TRUE,  16#0002, TRUE,  FALSE]
  - {bAlarm: FALSE, repeat: 4}
  - {bAlarm: TRUE}
  - [FALSE, 16#0002, FALSE, FALSE]
"""

FLOW_PY = '''"""Flow computations for the filling line."""


def flow_rate(volume: float, seconds: float) -> float:
    return volume / seconds


class Meter:
    def read(self) -> float:
        return flow_rate(1.0, 2.0)
'''


def plc_files() -> dict[str, str | bytes]:
    return {
        "plc/fb_valve.st": VALVE,
        "plc/main.st": MAIN,
        "plc/gvl_io.st": GVL_NAMED,
        "plc/FB_Pump.TcPOU": (FIXTURES / "FB_Pump.TcPOU").read_bytes(),
        "lib/flow.py": FLOW_PY,
        "README.md": "# filling line\n",
        ".gitignore": "build/\n",
    }


def make_context(
    tmp_path: Path,
    env: Mapping[str, str],
    files: Mapping[str, str | bytes] | None = None,
    *,
    config: str = "",
    events: Callable[[str, dict[str, Any]], None] | None = None,
) -> ToolContext:
    """A repository of ``files`` (default: the PLC project above), a run's worktree of it,
    and the tool context of that run."""
    chosen = dict(plc_files() if files is None else files)
    if config:
        chosen["werk.toml"] = config
    repo = make_repo(tmp_path / "repo", chosen)
    workspace = Workspace.create(repo, "run-1", "test task")
    loaded = load_config(workspace.root, environ=dict(env))
    if events is None:
        return ToolContext(workspace, loaded)
    return ToolContext(workspace, loaded, events)


VALVE_PROPERTIES = """entry: FB_Valve
depth: 10
properties:
  - name: solenoid-follows-command
    pattern: invariant
    params: ["instance.bSolenoid = instance.bOpen"]
  - name: no-alarm-when-closed
    pattern: implication
    params: ["NOT instance.bOpen", "NOT instance.bAlarm"]
"""
