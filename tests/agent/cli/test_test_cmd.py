"""``werk test`` end to end through the real command: reports, files written, exit codes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.agent.cli.conftest import Werk

EXAMPLE = Path(__file__).parents[3] / "examples" / "filling-line"
FIXTURES = Path(__file__).parents[2] / "tools" / "st" / "testing" / "fixtures"
PASSING = "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\nrows: [[5, 1], [-2, -1]]\n"
FAILING = "pou: FB_Classify\ninputs: [nValue]\noutputs: [nClass]\nrows: [[5, 1], [0, 1]]\n"


@pytest.fixture
def plant(project: Path) -> Path:
    shutil.copy(FIXTURES / "plant.st", project / "plant.st")
    (project / "tests").mkdir()
    return project


def test_the_example_project_passes(werk: Werk, project: Path) -> None:
    shutil.copytree(EXAMPLE, project, dirs_exist_ok=True)
    result = werk("test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("  (")[0] for line in lines[:5]] == [
        "PASS   tests/fb_valve.scenario.yaml::no alarm when the feedback follows",
        "PASS   tests/fb_valve.scenario.yaml::alarm exactly after the discrepancy time",
        "PASS   tests/fb_valve.trace.yaml::discrepancy alarm latches",
        "PASS   tests/fb_test_valve.st::FB_TestValve.TestSolenoidFollowsCommand",
        "PASS   tests/fb_test_valve.st::FB_TestValve.TestAlarmWhenFeedbackStaysClosed",
    ]
    assert lines[-1].startswith("5 passed in ")
    check = werk("check")
    assert check.returncode == 0, check.stdout + check.stderr  # the test FB follows the rules


def test_failure_exits_1_with_json_and_junit(werk: Werk, plant: Path) -> None:
    (plant / "tests" / "ok.trace.yaml").write_text(PASSING)
    (plant / "tests" / "bad.trace.yaml").write_text(FAILING)
    result = werk("test", "--junit", "report.xml")
    assert result.returncode == 1, result.stderr
    assert "FAIL   tests/bad.trace.yaml::bad" in result.stdout
    assert "cycle 2 (t=10ms): nClass expected 1, got 0" in result.stdout
    assert "Traceback" not in result.stderr
    suites = ElementTree.parse(plant / "report.xml").getroot()
    assert (suites.get("tests"), suites.get("failures"), suites.get("errors")) == ("2", "1", "0")
    as_json = werk("test", "--json")
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["summary"]["failed"] == 1
    assert [t["status"] for t in data["tests"]] == ["fail", "pass"]
    assert data["tests"][0]["failure"]["position"] == "tests/bad.trace.yaml:4"
    only_ok = werk("test", "-k", "ok")
    assert only_ok.returncode == 0, only_ok.stdout


def test_fault_exits_1_without_traceback(werk: Werk, plant: Path) -> None:
    (plant / "tests" / "d.trace.yaml").write_text(
        "pou: FB_Divide\ninputs: [nBy]\noutputs: [nResult]\nrows: [[0, 0]]\n"
    )
    result = werk("test")
    assert result.returncode == 1
    assert "ERROR  tests/d.trace.yaml::d" in result.stdout
    assert "division by zero: integer division by zero: 100 / 0 (INT) at plant.st:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad.trace.yaml",
            "pou: FB_Classify\nrows:\n  - [1\n",
            "tests/bad.trace.yaml:4:1: malformed YAML",
        ),
        (
            "bad.trace.yaml",
            "pou: FB_Clasify\nrows: [[]]\n",
            "tests/bad.trace.yaml:1: no FUNCTION_BLOCK, PROGRAM or FUNCTION 'FB_Clasify' in the "
            "project (did you mean FB_Classify?)",
        ),
        (
            "bad.scenario.yaml",
            "pou: FB_Classify\nsteps:\n  - set: {nValeu: 1}\n",
            "tests/bad.scenario.yaml:3: FB_Classify has no variable 'nValeu' "
            "(did you mean nValue?)",
        ),
        ("bad.agents4plc.json", '{"id": 1,\n', "tests/bad.agents4plc.json:2:1: malformed JSON"),
    ],
)
def test_bad_input_exits_2(werk: Werk, plant: Path, name: str, text: str, message: str) -> None:
    (plant / "tests" / "ok.trace.yaml").write_text(PASSING)
    (plant / "tests" / name).write_text(text)
    result = werk("test")
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(werk: Werk, plant: Path) -> None:
    (plant / "tests" / "ok.trace.yaml").write_text(PASSING)
    assert werk("test", "nope/").returncode == 2
    no_match = werk("test", "-k", "zzz")
    assert no_match.returncode == 2 and "no test name contains 'zzz'" in no_match.stderr
    listed = werk("test", "--list")
    assert (listed.returncode, listed.stdout) == (0, "trace      tests/ok.trace.yaml::ok\n")


def test_coverage_and_fail_under(werk: Werk, plant: Path) -> None:
    (plant / "tests" / "ok.trace.yaml").write_text(PASSING)  # 3 of 4 statements, 3 of 4 branches
    result = werk("test", "--coverage", "--coverage-json", "coverage.json")
    assert result.returncode == 0, result.stderr
    assert "  FB_Classify  3/4  75.0%  3/4  75.0%" in result.stdout
    assert "75.0% of statements and branches" in result.stdout
    data = json.loads((plant / "coverage.json").read_text())
    assert (data["total_percent"], data["files"][0]["file"]) == (75.0, "plant.st")
    low = werk("test", "--fail-under", "80")
    assert low.returncode == 1
    assert "coverage 75.0% is below --fail-under 80%" in low.stderr
    assert werk("test", "--fail-under", "75").returncode == 0


def test_settings_in_werk_toml(werk: Werk, plant: Path) -> None:
    (plant / "tests" / "ok.trace.yaml").write_text(PASSING)
    (plant / "elsewhere").mkdir()
    (plant / "elsewhere" / "bad.trace.yaml").write_text(FAILING)
    (plant / "werk.toml").write_text('[test]\npaths = ["tests"]\nfail_under = 90\n')
    result = werk("test")
    assert result.returncode == 1  # tests/ only: it passes, but coverage is 75%
    assert "bad.trace.yaml" not in result.stdout
    assert "below --fail-under 90%" in result.stderr
    (plant / "werk.toml").write_text("[test]\nfail_under = 101\n")
    bad_setting = werk("test")
    assert bad_setting.returncode == 2 and "test.fail_under" in bad_setting.stderr
