"""``werk prove`` end to end: property files, ad-hoc properties, Agents4PLC, traces, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.agent.cli.conftest import Werk

LATCH = """\
FUNCTION_BLOCK FB_Latch
VAR_INPUT
    bStart : BOOL;
    bStop : BOOL;
END_VAR
VAR_OUTPUT
    bMotor : BOOL;
END_VAR
IF bStart THEN
    bMotor := TRUE;
ELSIF bStop THEN
    bMotor := FALSE;
END_IF
END_FUNCTION_BLOCK
"""

PROPERTIES = """\
entry: FB_Latch
depth: 8
properties:
  - name: motor-can-run
    pattern: reachability
    params: [instance.bMotor]
  - name: stop-wins
    pattern: implication
    params: [instance.bStop, NOT instance.bMotor]
"""

GROUND_TRUTH = """\
FUNCTION_BLOCK FB_Latch
VAR_INPUT bStart : BOOL; bStop : BOOL; END_VAR
VAR_OUTPUT bMotor : BOOL; END_VAR
IF bStop THEN bMotor := FALSE; ELSIF bStart THEN bMotor := TRUE; END_IF
END_FUNCTION_BLOCK
"""


def pattern(pattern_id: str, *params: str) -> dict[str, object]:
    numbered = {str(number): text for number, text in enumerate(params)}  # from "0", as v2
    return {"job_req": "pattern", "pattern_id": pattern_id, "pattern_params": numbered}


# Two tasks in the benchmark's shape: pretty-printed objects one after the other.
TASKS = "\n".join(
    json.dumps(task, indent=2)
    for task in [
        {
            "id": "latch-1",
            "instruction": "Latch a motor.",
            "entry_point": "FB_Latch",
            "ground_truth": GROUND_TRUTH,
            "properties_to_be_validated": [
                {"property_description": "All assertions.", "property": {"job_req": "assertion"}},
                {
                    "property_description": "Stop wins.",
                    "property": pattern(
                        "pattern-implication", "instance.bStop", "instance.bMotor = FALSE"
                    ),
                },
            ],
        },
        {
            "id": "latch-2",
            "instruction": "No code given.",
            "entry_point": "FB_Latch",
            "properties_to_be_validated": [
                {
                    "property_description": "Stop is never pressed.",
                    "property": pattern("pattern-invariant", "instance.bStop = FALSE"),
                }
            ],
        },
    ]
)


@pytest.fixture
def latch(project: Path) -> Path:
    (project / "latch.st").write_text(LATCH)
    (project / "latch.props.yaml").write_text(PROPERTIES)
    (project / "tasks.json").write_text(TASKS)
    return project


def test_violation_with_a_trace_table(werk: Werk, latch: Path) -> None:
    result = werk("prove", "latch.st", "latch.props.yaml")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "proved     motor-can-run" in out
    assert "violated   stop-wins  pattern-implication" in out
    assert "1  0 ms  TRUE             TRUE            |  TRUE  <- here" in out
    assert out.rstrip().endswith("1 proved, 1 violated")


def test_json_schema_and_require_proved(werk: Werk, latch: Path) -> None:
    adhoc = ["--entry", "FB_Latch", "--pattern", "implication", "--property", "instance.bMotor",
             "--property", "instance.bStart OR NOT instance.bStop"]  # fmt: skip
    result = werk("prove", "latch.st", *adhoc, "--json", "--depth", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "werk.prove/1" and data["entry"] == "FB_Latch"
    (item,) = data["results"]
    assert item["pattern"] == "pattern-implication" and item["verdict"] in ("proved", "unknown")
    weak = ["--entry", "FB_Latch", "--property", "instance.bMotor OR NOT instance.bMotor"]
    proved = werk("prove", "latch.st", *weak, "--require", "proved")
    assert proved.returncode == 0, proved.stdout  # a tautology is proved at once


def test_held_to_the_bound_fails_only_when_proof_is_required(werk: Werk, project: Path) -> None:
    (project / "total.st").write_text(
        "FUNCTION_BLOCK FB_Total\nVAR_INPUT n : INT; END_VAR\nVAR_OUTPUT t : INT; END_VAR\n"
        "IF n > 0 AND n < 10 THEN t := t + n; END_IF\nEND_FUNCTION_BLOCK\n"
    )
    args = ["prove", "total.st", "--entry", "FB_Total", "--property", "instance.t >= 0",
            "--depth", "4", "--engine", "bmc"]  # fmt: skip
    bounded = werk(*args)
    assert bounded.returncode == 0, bounded.stdout
    assert "held to depth 4" in bounded.stdout
    assert werk(*args, "--require", "proved").returncode == 1


def test_unknown_for_unsupported_code_fails_unless_only_violations_count(
    werk: Werk, project: Path
) -> None:
    (project / "wait.st").write_text(
        "FUNCTION_BLOCK FB_Wait\nVAR_INPUT n : INT; END_VAR\nVAR_OUTPUT done : BOOL; END_VAR\n"
        "VAR k : INT; END_VAR\nk := n;\nWHILE k > 0 DO k := k - 1; END_WHILE\n"
        "done := k <= 0;\nEND_FUNCTION_BLOCK\n"
    )
    args = ["prove", "wait.st", "--entry", "FB_Wait", "--property", "instance.done",
            "--depth", "3", "--runs", "20"]  # fmt: skip
    strict = werk(*args)
    assert strict.returncode == 1, strict.stdout
    assert "not supported: a loop running more than 64 iterations at wait.st:6" in strict.stdout
    assert werk(*args, "--require", "violations").returncode == 0


def test_agents4plc_tasks_with_ground_truth(werk: Werk, latch: Path) -> None:
    result = werk("prove", "--agents4plc", "tasks.json", "--task", "latch-1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "latch-1#1" in result.stdout and "latch-1#2" in result.stdout
    with_code = werk("prove", "--agents4plc", "tasks.json", "--task", "latch-2",
                     "--source", "latch.st")  # fmt: skip
    assert with_code.returncode == 2  # a defective property (input only)
    assert "defective  latch-2#1" in with_code.stdout
    missing = werk("prove", "--agents4plc", "tasks.json", "--task", "latch-2")
    assert missing.returncode == 2 and "no ground truth" in missing.stderr


def test_saved_traces_replay(werk: Werk, latch: Path) -> None:
    result = werk("prove", "latch.st", "latch.props.yaml", "--save-traces", "traces")
    assert result.returncode == 1
    trace = latch / "traces" / "stop-wins.trace.json"
    data = json.loads(trace.read_text())
    assert data["property"]["pattern"] == "pattern-implication"
    assert data["cycles"][0]["inputs"] == {"instance.bStart": True, "instance.bStop": True}
    again = werk("prove", "--replay", str(trace), "latch.st")
    assert again.returncode == 1 and "violated" in again.stdout
    (latch / "fixed.st").write_text(LATCH.replace("IF bStart", "IF bStart AND NOT bStop"))
    fixed = werk("prove", "--replay", str(trace), "fixed.st")
    assert fixed.returncode == 0 and "no longer fails" in fixed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prove"], "nothing to check"),
        (["prove", "latch.st", "--property", "instance.bMotor"], "--property needs --entry"),
        (["prove", "latch.st", "--entry", "FB_Lach", "--property", "x"], "did you mean FB_Latch"),
        (["prove", "latch.st", "--task", "1"], "--task needs --agents4plc"),
    ],
)
def test_usage_errors(werk: Werk, latch: Path, args: list[str], message: str) -> None:
    result = werk(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
