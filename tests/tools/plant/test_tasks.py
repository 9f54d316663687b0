"""Tasks and program instances from ST CONFIGURATIONs and from TwinCAT task objects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.plant.conftest import PLAIN, TWINCAT
from werk.tools.plant.model import SystemModel
from werk.tools.plant.tasks import time_to_ms
from werk.tools.st.loader import load_project


@pytest.mark.parametrize(
    ("literal", "ms"),
    [
        ("T#10MS", 10.0),
        ("TIME#1s500ms", 1500.0),
        ("t#1.5s", 1500.0),
        ("T#1m30s", 90_000.0),
        ("T#100us", 0.1),
        ("LTIME#1h", 3_600_000.0),
        ("T#10", None),
        ("", None),
        (None, None),
    ],
)
def test_time_literals(literal: str | None, ms: float | None) -> None:
    assert time_to_ms(literal) == ms


def test_a_configuration_declares_tasks_and_runs_programs(plain: SystemModel) -> None:
    assert [(t.name, t.interval, t.interval_ms, t.priority, t.programs) for t in plain.tasks] == [
        ("Fast", "T#10MS", 10.0, 1, ["Main"]),
        ("Slow", "T#100MS", 100.0, 10, ["Diag"]),
    ]
    assert [(r.name, r.pou.name, r.task) for r in plain.programs] == [
        ("Main", "MAIN", "Fast"),
        ("Diag", "DIAG", "Slow"),
    ]
    fast = plain.tasks[0]
    assert fast.source is not None and (fast.source.path.name, fast.source.line) == ("config.st", 3)


def test_twincat_task_objects_win_over_the_system_project(twincat: SystemModel) -> None:
    assert [
        (t.name, t.interval, t.interval_ms, t.priority, t.programs, t.origin) for t in twincat.tasks
    ] == [
        ("HmiTask", "100 ms", 100.0, 30, ["HMI"], "task object"),
        ("PlcTask", "10 ms", 10.0, 20, ["MAIN"], "task object"),
    ]
    assert twincat.task_of("main") == "PlcTask"


def test_system_project_tasks_alone(tmp_path: Path) -> None:
    (tmp_path / "Plant.tsproj").write_bytes((TWINCAT / "Plant.tsproj").read_bytes())
    (tmp_path / "MAIN.st").write_text("PROGRAM MAIN\nEND_PROGRAM\n")
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project, root=tmp_path)
    assert [(t.name, t.interval_ms, t.priority, t.origin) for t in model.tasks] == [
        ("PlcTask", 10.0, 20, "system project"),
        ("HmiTask", 100.0, 30, "system project"),
    ]
    assert [(r.name, r.task) for r in model.programs] == [("MAIN", None)]


def test_without_tasks_every_program_runs_untasked(tmp_path: Path) -> None:
    for name in ("MAIN.st", "FB_Pump.st"):
        (tmp_path / name).write_bytes((PLAIN / name).read_bytes())
    project, _ = load_project(tmp_path)
    model = SystemModel.build(project, root=tmp_path)
    assert model.tasks == []
    assert [(r.name, r.task) for r in model.programs] == [("MAIN", None)]
    assert model.multi_task_writes() == []
