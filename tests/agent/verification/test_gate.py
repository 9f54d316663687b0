"""The gate end to end on real repositories: an ST project with tests, TwinCAT, Python."""

from __future__ import annotations

from pathlib import Path

from tests.agent.tools.project import VALVE_PROPERTIES, VALVE_TRACE, make_context, plc_files
from werk.agent.tools.context import ToolContext
from werk.agent.verification import GateResult, GateStep, capture_baseline, run_gate

STRICT_RULES = '[rules.severity]\nCP8 = "error"\n'

PYPROJECT = """[project]
name = "flowcalc"
version = "0.1.0"

[tool.ruff]
line-length = 100
[tool.ruff.lint]
select = ["E", "F"]
"""
FLOW = "def flow_rate(volume: float, seconds: float) -> float:\n    return volume / seconds\n"
FLOW_TEST = (
    "from flowcalc.flow import flow_rate\n\n\n"
    "def test_rate() -> None:\n    assert flow_rate(4.0, 2.0) == 2.0\n"
)


def _step(result: GateResult, name: str) -> GateStep:
    return next(step for step in result.steps if step.name == name)


def _write(context: ToolContext, relative: str, text: str) -> None:
    path = context.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _replace(context: ToolContext, relative: str, old: str, new: str) -> None:
    path = context.root / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def st_project(tmp_path: Path, env: dict[str, str], config: str = STRICT_RULES) -> ToolContext:
    files = plc_files()
    files["tests/valve.trace.yaml"] = VALVE_TRACE
    return make_context(tmp_path, env, files, config=config)


def test_an_unchanged_project_passes(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    context = st_project(tmp_path, isolated_env)
    result = run_gate(context, baseline=capture_baseline(context))
    assert result.passed, result.report()
    assert _step(result, "st-syntax").skipped
    assert _step(result, "st-tests").summary == "1 test: 1 passed"
    assert _step(result, "repo-tests").skipped
    assert _step(result, "python-lint").skipped


def test_a_good_st_change_passes_every_step(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    context = st_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    _replace(context, "plc/main.st", "nCycles := nCycles + 1;", "nCycles := nCycles + 2;")
    result = run_gate(context, baseline=baseline)
    assert result.passed, result.report()
    assert _step(result, "st-syntax").summary == "1 changed ST file parse"
    assert "verification passed" in result.feedback()


def test_syntax_errors_fail_with_file_line_and_column(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    context = st_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    _replace(context, "plc/main.st", "nCycles := nCycles + 1;", "nCycles := nCycles + ;")
    result = run_gate(context, baseline=baseline)
    assert not result.passed
    step = _step(result, "st-syntax")
    assert step.summary == "1 syntax error in 1 changed ST file"
    assert step.evidence.startswith("plc/main.st:8:")
    feedback = result.feedback()
    assert feedback.startswith("verification failed; fix these problems, then finish again:")
    assert "[st-syntax] 1 syntax error in 1 changed ST file" in feedback
    assert "<<<DATA st-syntax evidence" in feedback


def test_twincat_syntax_errors_point_into_the_xml_file(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    context = st_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    path = context.root / "plc" / "FB_Pump.TcPOU"
    data = path.read_bytes().replace(b"Start := TRUE;]]>", b"Start := ;]]>")
    path.write_bytes(data)
    step = _step(run_gate(context, baseline=baseline), "st-syntax")
    assert not step.passed
    line = data[: data.index(b"Start := ;")].count(b"\n") + 1
    assert step.evidence.startswith(f"plc/FB_Pump.TcPOU:{line}:")


def test_new_error_findings_fail_but_old_ones_are_not_blamed(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files = plc_files()
    files["plc/legacy.st"] = (
        "PROGRAM Legacy\nVAR rA : REAL; bEq : BOOL; END_VAR\nbEq := rA = 1.0;\nEND_PROGRAM\n"
    )
    context = make_context(tmp_path, isolated_env, files, config=STRICT_RULES)
    baseline = capture_baseline(context)
    assert sum(baseline.error_findings.values()) == 1
    assert run_gate(context, baseline=baseline).passed
    _replace(
        context,
        "plc/main.st",
        "    nCycles : INT;\n",
        "    nCycles : INT;\n    rLevel : REAL;\n    bFull : BOOL;\n",
    )
    _replace(context, "plc/main.st", "nCycles := nCycles + 1;", "bFull := rLevel = 100.0;")
    result = run_gate(context, baseline=baseline)
    step = _step(result, "st-rules")
    assert not step.passed
    assert step.summary == "1 new error finding"
    assert step.evidence.startswith("plc/main.st:")
    assert "error CP8 Equality comparison (=) on REAL values" in step.evidence
    assert "plc/legacy.st" not in step.evidence
    assert step.preexisting == "1 error finding in the project"
    # Without a baseline everything is blamed on the change.
    assert _step(run_gate(context, baseline=None), "st-rules").summary == "2 new error findings"


def test_a_diverging_trace_fails_with_the_cycle_table(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    context = st_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    _replace(context, "plc/fb_valve.st", "PT := T#50MS", "PT := T#80MS")
    step = _step(run_gate(context, baseline=baseline), "st-tests")
    assert not step.passed
    assert step.summary == "1 test of 1 test did not pass: tests/valve.trace.yaml::opens and alarms"
    assert "cycle 7 (t=60ms): bAlarm expected TRUE, got FALSE" in step.evidence
    assert "cycle" in step.evidence and "*FALSE*" in step.evidence


def test_a_test_failing_before_the_change_is_not_blamed(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files = plc_files()
    files["tests/valve.trace.yaml"] = VALVE_TRACE.replace("{bAlarm: TRUE}", "{bAlarm: FALSE}")
    context = make_context(tmp_path, isolated_env, files)
    baseline = capture_baseline(context)
    assert baseline.failing_tests == {"tests/valve.trace.yaml::opens and alarms"}
    _replace(context, "plc/main.st", "nCycles := nCycles + 1;", "nCycles := nCycles + 2;")
    step = _step(run_gate(context, baseline=baseline), "st-tests")
    assert step.passed
    assert step.preexisting == "1 test failing: tests/valve.trace.yaml::opens and alarms"


def test_a_broken_test_file_fails_the_tests_step(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    context = st_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    _replace(context, "tests/valve.trace.yaml", "pou: FB_Valve", "pou: FB_Valv")
    step = _step(run_gate(context, baseline=baseline), "st-tests")
    assert not step.passed
    assert "FB_Valv" in step.summary + step.evidence


def python_project(tmp_path: Path, env: dict[str, str]) -> ToolContext:
    files: dict[str, str | bytes] = {
        "pyproject.toml": PYPROJECT,
        "src/flowcalc/__init__.py": "",
        "src/flowcalc/flow.py": FLOW,
        "tests/test_flow.py": FLOW_TEST,
    }
    return make_context(tmp_path, env, files)


def test_a_python_change_runs_pytest_and_ruff(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    context = python_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    assert not baseline.repo_tests_failed
    _replace(context, "src/flowcalc/flow.py", "volume / seconds", "volume / seconds  # litres/s")
    result = run_gate(context, baseline=baseline)
    assert result.passed, result.report()
    assert _step(result, "repo-tests").summary.endswith(
        "passed (detected: Python tests, run with pytest)"
    )
    assert _step(result, "python-lint").summary == "ruff: 1 changed file clean"


def test_failing_python_tests_and_lint_problems_fail_with_their_output(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    context = python_project(tmp_path, isolated_env)
    baseline = capture_baseline(context)
    _replace(context, "src/flowcalc/flow.py", "volume / seconds", "volume * seconds")
    _write(context, "src/flowcalc/extra.py", "import os\n")
    result = run_gate(context, baseline=baseline)
    tests = _step(result, "repo-tests")
    assert not tests.passed
    assert tests.summary == "1 test failed: tests/test_flow.py::test_rate"
    assert "FAILED tests/test_flow.py::test_rate" in tests.evidence
    assert "assert 8.0 == 2.0" in tests.evidence
    lint = _step(result, "python-lint")
    assert not lint.passed
    assert lint.summary == "ruff: 1 new problem"
    assert lint.evidence == "src/flowcalc/extra.py:1:8: F401 `os` imported but unused"


def test_lint_problems_from_before_the_change_are_not_blamed(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files: dict[str, str | bytes] = {
        "pyproject.toml": PYPROJECT,
        "src/flowcalc/__init__.py": "import os\n",
        "src/flowcalc/flow.py": FLOW,
    }
    context = make_context(tmp_path, isolated_env, files)
    baseline = capture_baseline(context)
    assert sum(baseline.lint.values()) == 1
    _replace(context, "src/flowcalc/__init__.py", "import os\n", "import os\n\nVERSION = 1\n")
    step = _step(run_gate(context, baseline=baseline), "python-lint")
    assert step.passed
    assert step.preexisting == "1 ruff problem in changed files"


def test_a_configured_test_command_and_its_timeout(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    config = '[agent]\ntest_command = "sleep 30"\ncommand_timeout_s = 1\n'
    context = make_context(tmp_path, isolated_env, plc_files(), config=config)
    step = _step(run_gate(context, baseline=None), "repo-tests")
    assert not step.passed
    assert step.summary.startswith("sleep 30: timed out after")
    assert "(timed out," in step.evidence


def test_a_configured_command_that_failed_before_is_reported_not_blamed(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    config = '[agent]\ntest_command = ["sh", "-c", "echo broken; exit 3"]\n'
    context = make_context(tmp_path, isolated_env, plc_files(), config=config)
    baseline = capture_baseline(context)
    assert baseline.repo_tests_failed
    step = _step(run_gate(context, baseline=baseline), "repo-tests")
    assert step.passed
    assert "failed, as it did before the change (exit code 3)" in step.summary
    without = _step(run_gate(context, baseline=None), "repo-tests")
    assert not without.passed
    assert "broken" in without.evidence


def test_the_gate_emits_events_and_a_report(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    events: list[tuple[str, dict[str, object]]] = []
    files = plc_files()
    context = make_context(
        tmp_path, isolated_env, files, events=lambda kind, data: events.append((kind, data))
    )
    baseline = capture_baseline(context)
    result = run_gate(context, baseline=baseline)
    assert [kind for kind, _ in events] == ["baseline", "gate"]
    assert events[1][1]["passed"] is True
    report = result.report()
    assert "st-syntax      skipped" in report
    assert result.to_json()["steps"][0]["name"] == "st-syntax"


def test_a_violated_property_fails_with_its_counterexample(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files = plc_files()
    files["props/valve.props.yaml"] = VALVE_PROPERTIES
    context = make_context(tmp_path, isolated_env, files)
    baseline = capture_baseline(context)
    assert baseline.failing_properties == set()
    assert _step(run_gate(context, baseline=baseline), "st-properties").summary == "2 proved"
    _replace(
        context, "plc/fb_valve.st", "bSolenoid := bOpen;", "bSolenoid := bOpen AND NOT bAlarm;"
    )
    step = _step(run_gate(context, baseline=baseline), "st-properties")
    assert not step.passed
    assert step.summary == "1 property failed (1 proved, 1 violated)"
    assert step.evidence.startswith("props/valve.props.yaml:\nviolated   solenoid-follows-command")
    assert "from props/valve.props.yaml:4" in step.evidence
    assert "<- here" in step.evidence  # the failing cycle of the counterexample table


def test_a_property_naming_a_removed_variable_is_defective(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files = plc_files()
    files["props/valve.props.yaml"] = VALVE_PROPERTIES
    context = make_context(tmp_path, isolated_env, files)
    baseline = capture_baseline(context)
    _replace(context, "plc/fb_valve.st", "bSolenoid", "bCoil")
    step = _step(run_gate(context, baseline=baseline), "st-properties")
    assert not step.passed
    assert "defective" in step.summary
    assert "bSolenoid" in step.evidence


def test_an_unreadable_property_file_fails_unless_it_was_unreadable_before(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files = plc_files()
    files["props/valve.props.yaml"] = "entry: FB_Valve\nproperties: []\n"
    context = make_context(tmp_path, isolated_env, files)
    baseline = capture_baseline(context)
    assert baseline.failing_properties == {"props/valve.props.yaml::<file>"}
    step = _step(run_gate(context, baseline=baseline), "st-properties")
    assert step.passed
    assert step.preexisting == "not holding already: props/valve.props.yaml"
    broken = _step(run_gate(context, baseline=None), "st-properties")
    assert not broken.passed
    assert "'properties' must be a non-empty list" in broken.evidence


def test_files_the_tests_write_do_not_end_up_in_the_change(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    config = '[agent]\ntest_command = "echo results > report.xml && mkdir -p out && touch out/x"\n'
    context = make_context(tmp_path, isolated_env, plc_files(), config=config)
    step = _step(run_gate(context, baseline=None), "repo-tests")
    assert step.passed
    assert step.summary.endswith("removed files it wrote: out/x, report.xml")
    assert not (context.root / "report.xml").exists()
    assert context.workspace.changed_files() == []
