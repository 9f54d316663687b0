"""Results as text and JSON: verdicts, reasons and counterexample tables."""

from __future__ import annotations

import json

from tests.tools.st.prove.support import check_one
from werk.tools.st.prove import render_results, results_json
from werk.tools.st.prove.report import render_trace
from werk.tools.st.sim.iec.types import spec


def test_text_report_of_a_violation() -> None:
    result = check_one(
        "timers.st", "FB_Alarm", "pattern-invariant", "NOT instance.bAlarm", engine="bmc"
    )
    boolean = spec("BOOL")
    assert boolean is not None
    text = render_results([result], {"instance.bHigh": boolean, "instance.bAlarm": boolean})
    lines = text.splitlines()
    assert lines[0].startswith("violated   P  pattern-invariant  (bmc, cycle 4,")
    assert "{NOT instance.bAlarm} is always true at the end of the PLC cycle." in text
    header = next(line for line in lines if line.strip().startswith("cycle"))
    assert header.split() == ["cycle", "time", "instance.bHigh", "|", "instance.bAlarm"]
    table = [line for line in lines if "ms" in line and "|" in line]
    assert table[0].split() == ["1", "0", "ms", "TRUE", "|", "FALSE"]
    assert table[-1].endswith("<- here")
    assert text.rstrip().endswith("1 violated")


def test_held_to_the_bound_is_told_apart() -> None:
    result = check_one(
        "counters.st",
        "FB_Total",
        "pattern-invariant",
        "instance.nTotal >= 0",
        depth=4,
        ranges={"instance.nAdd": ("0", "10")},
    )
    text = render_results([result])
    assert "held to depth 4" in text and "(1 held to the bound)" in text
    data = results_json("FB_Total", [result])
    assert data["format"] == "werk.prove/1"
    (item,) = data["results"]
    assert (item["verdict"], item["bounded_depth"]) == ("unknown", 4)
    json.dumps(data)  # serialisable as it is


def test_trace_table_marks_a_fault() -> None:
    result = check_one(
        "tank.st",
        "FB_Tank",
        "pattern-invariant",
        "instance.nSpeed >= -32768",
        ranges={"instance.rLevel": ("0.0", "100.0"), "instance.rSetpoint": ("0.0", "100000.0")},
    )
    assert result.trace is not None and result.trace.fault
    assert "the PLC stops" in render_trace(result.trace)
    assert "out of range" in result.reason or "outside" in result.reason
