"""TwinCAT 3 system files: task objects (``.TcTTO``) and the I/O links of a ``.tsproj``.

TwinCAT keeps what runs when, and which variable is wired to which terminal,
outside the ST sources:

- a PLC task object, ``<PLC project>/PlcTask.TcTTO``::

      <TcPlcObject><Task Name="PlcTask" Id="{...}">
        <CycleTime>10000</CycleTime>        (microseconds)
        <Priority>20</Priority>
        <PouCall><Name>MAIN</Name></PouCall>   (one per PROGRAM, in call order)
      </Task></TcPlcObject>

- the system project, ``<solution>/<name>.tsproj`` (``TcSmProject``): the
  real-time tasks under ``Project/System/Tasks`` as
  ``<Task Priority="20" CycleTime="100000"><Name>PlcTask</Name></Task>``
  (cycle time in 100 ns ticks), and the links between PLC variables and
  device channels under ``Project/Mappings``::

      <OwnerA Name="TIPC^Plant^Plant Instance">
        <OwnerB Name="TIID^Device 1 (EtherCAT)^Term 1 (EK1100)^Term 2 (EL1008)">
          <Link VarA="PlcTask Inputs^GVL_IO.bStart" VarB="Channel 1^Input"/>

  ``VarA`` is the task's process-image area (``<task> Inputs``/``Outputs``)
  and the PLC symbol; ``VarB`` is the channel of the device ``OwnerB``
  names. Links may also name the PLC side as ``OwnerB`` and the device as
  ``OwnerA``; the side whose name starts with ``TIPC^`` is the PLC.

Files that are not well-formed are skipped and reported with
``file:line:column``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.code.discovery import DEFAULT_EXCLUDES
from werk.tools.plant.sources import SourceLines, SourceRef
from werk.tools.st.containers._xml_spans import Element, joined, parse_xml, text_segments
from werk.tools.st.containers.errors import ContainerError

TASK_OBJECT_SUFFIX = ".tctto"
SYSTEM_PROJECT_SUFFIX = ".tsproj"
PLC_SIDE = "TIPC^"
SKIPPED_FOLDERS = frozenset(
    {".git", "_Boot", "_CompileInfo", "_Libraries", *(e.strip("/") for e in DEFAULT_EXCLUDES)}
)


@dataclass
class TwinCatTask:
    name: str
    cycle_us: float | None
    priority: int | None
    programs: list[str]
    source: SourceRef
    origin: str  # "task object" (.TcTTO) or "system project" (.tsproj)


@dataclass(frozen=True)
class IoLink:
    """A PLC variable wired to a device channel in the I/O configuration."""

    symbol: str  # the PLC variable: GVL_IO.bStart, MAIN.fbAxis.nPosition
    area: str | None  # the task's process image: "PlcTask Inputs"
    device: str  # TIID^Device 1 (EtherCAT)^Term 1 (EK1100)^Term 2 (EL1008)
    channel: str  # Channel 1^Input
    source: SourceRef

    @property
    def endpoint(self) -> str:
        """The channel with its device, as TwinCAT's tree shows it."""
        return f"{self.device}^{self.channel}"

    @property
    def task(self) -> str | None:
        """The task whose process image carries the value: ``PlcTask`` of ``PlcTask Inputs``."""
        if self.area is None:
            return None
        for suffix in (" Inputs", " Outputs"):
            if self.area.endswith(suffix):
                return self.area[: -len(suffix)]
        return self.area


@dataclass
class TwinCatSystem:
    tasks: list[TwinCatTask] = field(default_factory=list)
    links: list[IoLink] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # unreadable files, and why


def system_files(root: Path) -> list[Path]:
    """The ``.TcTTO`` and ``.tsproj`` files under ``root``, in path order."""
    found: list[Path] = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        for name in files:
            if name.lower().endswith((TASK_OBJECT_SUFFIX, SYSTEM_PROJECT_SUFFIX)):
                found.append(Path(folder) / name)
    return sorted(found)


def read_system(paths: Iterable[Path], lines: SourceLines | None = None) -> TwinCatSystem:
    """Tasks and links of the given files; a file that cannot be read is reported in
    ``skipped`` (one broken task object must not hide the rest of the plant)."""
    lines = lines or SourceLines()
    system = TwinCatSystem()
    for path in paths:
        try:
            data = path.read_bytes()
            root = parse_xml(path, data)
        except OSError as exc:
            system.skipped.append((path, f"cannot read: {exc.strerror or exc}"))
            continue
        except ContainerError as exc:
            system.skipped.append((path, exc.message))
            continue
        system.files.append(path)
        if path.suffix.lower() == TASK_OBJECT_SUFFIX:
            system.tasks.extend(read_task_object(path, data, root, lines))
        elif path.suffix.lower() == SYSTEM_PROJECT_SUFFIX:
            tasks, links = read_system_project(path, data, root, lines)
            system.tasks.extend(tasks)
            system.links.extend(links)
    return system


def read_task_object(
    path: Path, data: bytes, root: Element, lines: SourceLines
) -> list[TwinCatTask]:
    tasks = []
    for task in root.children_named("Task"):
        programs = [
            text(data, name)
            for call in task.children_named("PouCall")
            for name in call.children_named("Name")
        ]
        tasks.append(
            TwinCatTask(
                name=task.attributes.get("Name") or text(data, task.child("Name")) or path.stem,
                cycle_us=number(text(data, task.child("CycleTime"))),
                priority=integer(text(data, task.child("Priority"))),
                programs=[p for p in programs if p],
                source=lines.ref(path, task.start),
                origin="task object",
            )
        )
    return tasks


def read_system_project(
    path: Path, data: bytes, root: Element, lines: SourceLines
) -> tuple[list[TwinCatTask], list[IoLink]]:
    tasks: list[TwinCatTask] = []
    links: list[IoLink] = []
    for project in root.children_named("Project"):
        system = project.child("System")
        task_list = system.child("Tasks") if system is not None else None
        for task in task_list.children_named("Task") if task_list is not None else []:
            ticks = number(task.attributes.get("CycleTime"))
            tasks.append(
                TwinCatTask(
                    name=text(data, task.child("Name")) or task.attributes.get("Id", "?"),
                    cycle_us=ticks / 10 if ticks is not None else None,
                    priority=integer(task.attributes.get("Priority")),
                    programs=[],
                    source=lines.ref(path, task.start),
                    origin="system project",
                )
            )
        mappings = project.child("Mappings")
        if mappings is not None:
            links.extend(read_links(path, mappings, lines))
    return tasks, links


def read_links(path: Path, mappings: Element, lines: SourceLines) -> list[IoLink]:
    links = []
    for owner_a in mappings.children_named("OwnerA"):
        name_a = owner_a.attributes.get("Name", "")
        for owner_b in owner_a.children_named("OwnerB"):
            name_b = owner_b.attributes.get("Name", "")
            plc_first = name_a.startswith(PLC_SIDE) or not name_b.startswith(PLC_SIDE)
            for link in owner_b.children_named("Link"):
                var_a, var_b = link.attributes.get("VarA", ""), link.attributes.get("VarB", "")
                plc_var, device, channel = (
                    (var_a, name_b, var_b) if plc_first else (var_b, name_a, var_a)
                )
                area, _, symbol = plc_var.rpartition("^")
                if symbol:
                    links.append(
                        IoLink(symbol, area or None, device, channel, lines.ref(path, link.start))
                    )
    return links


def text(data: bytes, element: Element | None) -> str:
    if element is None:
        return ""
    return joined(text_segments(data, element)).decode("utf-8", "replace").strip()


def number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def integer(value: str | None) -> int | None:
    found = number(value)
    return int(found) if found is not None else None
