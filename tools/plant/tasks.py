"""Tasks and the PROGRAM instances they run (IEC 61131-3 §6.8.2), from ST and from TwinCAT.

A plain ST project declares them in a CONFIGURATION::

    RESOURCE Cpu ON PLC
        TASK Fast (INTERVAL := T#10MS, PRIORITY := 1);
        PROGRAM Main WITH Fast : MAIN;

A TwinCAT project keeps them in task objects (``.TcTTO``: cycle time,
priority, the PROGRAMs the task calls) and in the system project
(``.tsproj``: the real-time task the PLC task runs on); see
``werk.tools.plant.twincat``. Both become ``PlcTask``s and ``ProgramRun``s.
A task named in both a task object and the system project is one task; the
task object's values win, since it is what the PLC project edits.

Without any task declaration the PLC runs no task the model could name:
every PROGRAM that no other POU calls is then a ``ProgramRun`` without a
task, as CODESYS's default configuration would run it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werk.tools.plant.sources import SourceLines, SourceRef
from werk.tools.plant.twincat import TwinCatSystem
from werk.tools.st.model.project import Project
from werk.tools.st.model.symbols import Pou, PouKind, key

TIME_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|us|ns|d|h|m|s)", re.IGNORECASE)
MILLISECONDS = {"d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1, "us": 1e-3}


@dataclass
class PlcTask:
    name: str
    interval: str | None  # as declared: "T#10MS"; "10 ms" from a TwinCAT cycle time
    interval_ms: float | None
    priority: int | None
    programs: list[str] = field(default_factory=list)  # program instance names, in call order
    source: SourceRef | None = None
    origin: str = "configuration"  # "configuration", "task object", "system project"

    @property
    def key(self) -> str:
        return key(self.name)


@dataclass
class ProgramRun:
    """One PROGRAM instance the PLC runs: its instance name, type and task."""

    name: str  # the instance name: the root of its instance paths (``Main.fbPump1``)
    pou: Pou
    task: str | None
    source: SourceRef | None = None

    @property
    def key(self) -> str:
        return key(self.name)


def time_to_ms(literal: str | None) -> float | None:
    """Milliseconds of an IEC TIME literal: ``T#10MS``, ``TIME#1s500ms``, ``t#1.5s``."""
    if not literal:
        return None
    text = literal.strip().split("#", 1)[-1].replace("_", "")
    parts = TIME_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts).lower() != text.lower():
        return None
    return sum(float(number) * MILLISECONDS.get(unit.lower(), 1e-6) for number, unit in parts)


def collect_tasks(
    project: Project, system: TwinCatSystem, lines: SourceLines
) -> tuple[list[PlcTask], list[ProgramRun]]:
    """Every task and every PROGRAM instance with its task, in declaration order."""
    tasks: dict[str, PlcTask] = {}
    runs: list[ProgramRun] = []
    for unit in project.units():
        for configuration in unit.declarations.configurations:
            for task in configuration.tasks:
                tasks.setdefault(
                    key(task.name),
                    PlcTask(
                        task.name,
                        task.interval,
                        time_to_ms(task.interval),
                        task.priority,
                        source=lines.of(task.location),
                    ),
                )
            for instance in configuration.programs:
                pou = project.find_pou(instance.type_name)
                if pou is None or pou.kind is not PouKind.PROGRAM:
                    continue
                runs.append(
                    ProgramRun(instance.name, pou, instance.task, lines.of(instance.location))
                )
                if instance.task and key(instance.task) in tasks:
                    tasks[key(instance.task)].programs.append(instance.name)
    for found in sorted(system.tasks, key=lambda t: t.origin != "task object"):
        known = tasks.get(key(found.name))
        cycle = found.cycle_us
        interval = f"{cycle / 1000:g} ms" if cycle is not None else None
        if known is None:
            tasks[key(found.name)] = PlcTask(
                found.name,
                interval,
                cycle / 1000 if cycle is not None else None,
                found.priority,
                source=found.source,
                origin=found.origin,
            )
        elif known.interval_ms is None and cycle is not None:
            known.interval, known.interval_ms = interval, cycle / 1000
        for name in found.programs:
            pou = project.find_pou(name)
            if pou is None or pou.kind is not PouKind.PROGRAM:
                continue
            runs.append(ProgramRun(pou.name, pou, tasks[key(found.name)].name, found.source))
            tasks[key(found.name)].programs.append(pou.name)
    return list(tasks.values()), runs
