from __future__ import annotations

from pathlib import Path

from tests.agent.tools.conftest import Call
from tests.agent.tools.project import VALVE_PROPERTIES, VALVE_TRACE, make_context, plc_files
from werk.agent.tools import ToolContext, build_tools
from werk.agent.verification import capture_baseline


def test_run_check_reports_on_changed_files(call: Call) -> None:
    assert call("run_check").startswith("no file changed yet in this run")
    call(
        "edit_file",
        path="plc/main.st",
        search="    nCycles : INT;\nEND_VAR",
        replace="    nCycles : INT;\n    rLevel : REAL;\nEND_VAR",
    )
    call(
        "edit_file",
        path="plc/main.st",
        search="nCycles := nCycles + 1;",
        replace="nCycles := nCycles + 1;\nIF rLevel = 1.0 THEN nCycles := 0; END_IF",
    )
    result = call("run_check")
    assert result.splitlines()[0].endswith("in the changed files")
    assert "plc/main.st:10:4: warning CP8 Equality comparison (=) on REAL values" in result


def test_run_check_lists_syntax_errors_first(call: Call) -> None:
    call("edit_file", path="plc/main.st", search="nCycles := nCycles + 1;", replace="nCycles := ;")
    result = call("run_check", paths=["plc/main.st"])
    assert "1 syntax error (fix these first):" in result
    assert "plc/main.st:8:" in result


def test_run_check_marks_findings_from_before_the_change(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    files = plc_files()
    files["plc/legacy.st"] = (
        "PROGRAM Legacy\nVAR rA : REAL; bEq : BOOL; END_VAR\nbEq := rA = 1.0;\nEND_PROGRAM\n"
    )
    context = make_context(
        tmp_path, isolated_env, files, config='[rules.severity]\nCP8 = "error"\n'
    )
    capture_baseline(context)
    tools = {tool.name: tool for tool in build_tools(context)}
    result = tools["run_check"].invoke({"scope": "all"})
    assert result.splitlines()[0] == "3 findings (1 error) in the whole project"
    findings = result.splitlines()[2:5]
    assert findings[0] == (
        "plc/legacy.st:3:8: error CP8 Equality comparison (=) on REAL values (before the change)"
    )
    assert "CP12" in findings[1] + findings[2]


def test_run_tests_shows_the_diverging_cycle(call: Call, context: ToolContext) -> None:
    assert call("run_tests").startswith("the project has no PLC tests")
    call("create_file", path="tests/valve.trace.yaml", content=VALVE_TRACE)
    assert call("run_tests").startswith("all tests passed: 1 passed in")
    call("edit_file", path="plc/fb_valve.st", search="PT := T#50MS", replace="PT := T#500MS")
    result = call("run_tests")
    assert result.startswith("0 passed, 1 failed in")
    assert "FAIL   tests/valve.trace.yaml::opens and alarms" in result
    assert "cycle 7 (t=60ms): bAlarm expected TRUE, got FALSE" in result
    assert "*FALSE*" in result
    assert call("run_tests", pattern="nothing-like-this").startswith("no test matches")


def test_run_repo_tests_without_tests(call: Call) -> None:
    assert call("run_repo_tests").startswith("the repository has no test command")


def test_run_repo_tests_runs_pytest_on_the_worktree(call: Call, context: ToolContext) -> None:
    call(
        "create_file",
        path="tests/test_flow.py",
        content=(
            "from lib.flow import flow_rate\n\n\n"
            "def test_rate():\n    assert flow_rate(4.0, 2.0) == 3.0\n"
        ),
    )
    (context.root / "lib" / "__init__.py").write_text("")
    result = call("run_repo_tests")
    assert (
        "detected: Python tests, run with pytest): failed (exit code 1)" in result.splitlines()[0]
    )
    assert "FAILED tests/test_flow.py::test_rate" in result
    call("edit_file", path="tests/test_flow.py", search="== 3.0", replace="== 2.0")
    assert ": passed in" in call("run_repo_tests").splitlines()[0]


def test_finish_wants_a_summary(call: Call) -> None:
    assert call("finish", summary="done").startswith("ERROR: the summary is too short")
    assert call("finish", summary="Nothing needed changing: the valve already works.") == (
        "finish noted (no changes); the change is now verified"
    )


def test_run_prove_checks_the_property_files(call: Call) -> None:
    assert call("run_prove").startswith("the project has no property files")
    call("create_file", path="props/valve.props.yaml", content=VALVE_PROPERTIES)
    result = call("run_prove")
    assert result.startswith("<<<DATA props/valve.props.yaml (entry FB_Valve)")
    assert "2 proved" in result
    call(
        "edit_file",
        path="plc/fb_valve.st",
        search="bSolenoid := bOpen;",
        replace="bSolenoid := bOpen AND NOT bAlarm;",
    )
    violated = call("run_prove", pattern="solenoid")
    assert "violated   solenoid-follows-command" in violated
    assert "no-alarm-when-closed" not in violated
    assert "1 violated" in violated
    assert call("run_prove", path="plc/main.st").startswith(
        "ERROR: plc/main.st is not a property file of the repository"
    )
