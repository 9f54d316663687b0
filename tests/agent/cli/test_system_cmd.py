"""``werk system`` and ``werk trace`` run as a user runs them, on copies of the fixture plants."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.agent.cli.conftest import Werk

FIXTURES = Path(__file__).parents[2] / "tools" / "plant" / "fixtures"


@pytest.fixture
def plain(project: Path) -> Path:
    shutil.copytree(FIXTURES / "plain", project, dirs_exist_ok=True)
    return project


@pytest.fixture
def twincat(project: Path) -> Path:
    shutil.copytree(FIXTURES / "twincat", project, dirs_exist_ok=True)
    return project


def test_system_overview(werk: Werk, plain: Path) -> None:
    done = werk("system")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Tasks\n  Fast (T#10MS, priority 1): Main  config.st:3\n")
    assert "      Main.fbStation.fbPump1 : FB_Pump\n" in done.stdout
    assert "  GVL_Data.bReset: tasks Fast, Slow\n" in done.stdout


def test_system_json_dot_and_html(werk: Werk, twincat: Path) -> None:
    done = werk("system", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == "werk.system/1"
    assert [t["name"] for t in data["tasks"]] == ["HmiTask", "PlcTask"]
    dot = werk("system", "--dot", "-o", "system.dot")
    assert dot.returncode == 0, dot.stderr
    assert (twincat / "system.dot").read_text().startswith('digraph "project" {')
    html = werk("system", "--html")
    assert html.returncode == 0, html.stderr
    assert "wrote werk-system.html" in html.stderr
    page = (twincat / "werk-system.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "http" not in page
    both = werk("system", "--json", "--html")
    assert (both.returncode, both.stderr.strip()) == (
        2,
        "werk: error: choose one of --json, --dot, --html",
    )


def test_trace_an_output(werk: Werk, plain: Path) -> None:
    done = werk("trace", "%QX0.2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == [
        "%QX0.2: what drives it",
        "  %QX0.2 <- bAlarmLamp AT %QX0.2 : BOOL;  [I/O]  GVL_IO.st:8",
        "    GVL_IO.bAlarmLamp <- GVL_IO.bAlarmLamp := tonAlarm.Q;  [Diag]  DIAG.st:6",
        "      Diag.tonAlarm.Q <- tonAlarm: TON.Q follows IN, PT  [Diag]  DIAG.st:5",
    ]


def test_trace_forward_as_json(werk: Werk, twincat: Path) -> None:
    done = werk("trace", "gvl_io.bstart", "--from", "--json", "--depth", "1")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["target"], data["direction"]) == ("GVL_IO.bStart", "forward")
    assert [(s["statement"], s["at"]) for s in data["steps"]] == [
        (
            "fbConveyor(bEnable := GVL_IO.bStart)",
            {"file": "PLC/POUs/MAIN.TcPOU", "line": 10, "column": 31},
        )
    ]


def test_trace_of_an_unknown_signal(werk: Werk, plain: Path) -> None:
    done = werk("trace", "GVL_IO.bPump")
    assert done.returncode == 2
    assert done.stderr.startswith(
        "werk: error: no signal named 'GVL_IO.bPump' in the project (did you mean "
    )
    assert "'GVL_IO.bPump1'" in done.stderr and done.stdout == ""
    both = werk("trace", "%QX0.0", "--from", "--to")
    assert (both.returncode, both.stderr.strip()) == (
        2,
        "werk: error: choose one of --from and --to",
    )


def test_check_compares_the_code_with_the_io_list(werk: Werk, plain: Path) -> None:
    assert werk("check", "--select", "WERK6").returncode == 0
    listed = plain / "io_list.csv"
    listed.write_text(listed.read_text().replace("bPump2;%QX0.1", "bPump2;%QX0.3"))
    done = werk("check", "--select", "WERK6")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "GVL_IO.st:7:5: warning: WERK603 'GVL_IO.bPump2' is at %QX0.1 in the code but at %QX0.3 "
        "in the I/O list (io_list.csv, row 7) [io-address-differs-from-list]"
    )


def test_a_missing_io_list_is_a_usage_error(werk: Werk, plain: Path) -> None:
    (plain / "werk.toml").write_text('[plant]\nio_lists = ["io/missing.xlsx"]\n')
    done = werk("check")
    assert done.returncode == 2
    assert "missing.xlsx: I/O list not found" in done.stderr
    typo = plain / "werk.toml"
    typo.write_text('[plant]\nio_list = ["io_list.csv"]\n')
    done = werk("check")
    assert done.returncode == 2
    assert "plant.io_list: unknown key" in done.stderr and "did you mean 'io_lists'" in done.stderr


def test_an_excel_io_list_with_named_columns(werk: Werk, plain: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Signals"
    sheet.append(["Symbol", "PLC address", "Unit"])
    for tag, address in [
        ("bStartButton", "%IX0.0"), ("bStopButton", "%IX0.1"), ("bLevelHigh", "%IX0.2"),
        ("bPump1", "%QX0.0"), ("bPump2", "%QX0.1"), ("bAlarmLamp", "%QX0.2"),
    ]:  # fmt: skip
        sheet.append([tag, address, None])
    sheet.append(["nLevelRaw", "%IW2", "bar"])
    workbook.save(plain / "io.xlsx")
    (plain / "werk.toml").write_text(
        '[plant]\nio_lists = ["io.xlsx"]\nsheet = "Signals"\n'
        '[plant.columns]\ntag = "Symbol"\naddress = "PLC address"\n'
    )
    done = werk("check", "--select", "WERK6")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == (
        "GVL_IO.st:5:5: warning: WERK606 'GVL_IO.nLevelRaw' is in mm in the code but in bar in "
        "the I/O list (io.xlsx, sheet Signals, row 8): different quantities "
        "[io-unit-differs-from-list]"
    )


def test_a_broken_task_object_is_reported_and_skipped(werk: Werk, twincat: Path) -> None:
    (twincat / "PLC" / "Broken.TcTTO").write_text("<TcPlcObject><Task>\n")
    done = werk("system")
    assert done.returncode == 0, done.stderr
    assert "skipped PLC/Broken.TcTTO: " in done.stderr
    assert "  PlcTask (10 ms, priority 20): MAIN  PLC/PlcTask.TcTTO:3\n" in done.stdout
