"""Property checking for PLC code: PLCverif's requirement patterns, falsification, SMT proofs.

A property is a PLCverif pattern over ST expressions on the checked POU's
``instance`` (``pattern-invariant`` with ``{1} = "instance.nLevel <= 100"``).
Each property ends ``proved``, ``violated`` (with a counterexample replayed
on the simulator), ``unknown`` (with the reason) or ``defective`` (it cannot
hold whatever the code does). Engines: seeded random simulation with
shrinking (``falsify``), bounded model checking and k-induction with z3
over an encoding of the ST that mirrors the simulator (``check``).

Public API::

    results = check_properties(project, properties, entry="FB_Motor", depth=20, timeout=60)
    task = find_task(read_tasks(Path("easy.json")), "v2-M-1")
    properties = properties_from_agents4plc(task)
    spec = read_property_file(Path("motor.props.yaml"))
    print(render_results(results))
"""

from werk.tools.st.prove.agents4plc import (
    Agents4PlcTask,
    find_task,
    parse_tasks,
    properties_from_agents4plc,
    read_tasks,
)
from werk.tools.st.prove.check import CheckOptions, check_properties, replay_property
from werk.tools.st.prove.patterns import PATTERNS, InputRange, Pattern, Property, Quantifier
from werk.tools.st.prove.property_file import PropertyFile, read_property_file
from werk.tools.st.prove.report import render_results, render_trace
from werk.tools.st.prove.results import PropertyResult, Verdict, results_json
from werk.tools.st.prove.trace import Trace, TraceCycle, load_trace, save_trace

__all__ = [
    "PATTERNS",
    "Agents4PlcTask",
    "CheckOptions",
    "InputRange",
    "Pattern",
    "Property",
    "PropertyFile",
    "PropertyResult",
    "Quantifier",
    "Trace",
    "TraceCycle",
    "Verdict",
    "check_properties",
    "find_task",
    "load_trace",
    "parse_tasks",
    "properties_from_agents4plc",
    "read_property_file",
    "read_tasks",
    "render_results",
    "render_trace",
    "replay_property",
    "results_json",
    "save_trace",
]
