"""The system model: the plant behind the code, as one object to ask questions of.

``SystemModel.build(project, root=...)`` puts together what the other modules
of this package read: tasks and the PROGRAM instances they run, every FB
instance by path, the I/O image with TwinCAT links, and (on first use, since
it costs most) the signal flow. It answers the questions an automation
engineer asks: what drives this output (``slice(target)``), what does this
input influence (``slice(target, FORWARD)``), where does this FB run
(``instances_of``), what is this variable wired to (``binding``), which
signals do several tasks write (``multi_task_writes``).

The model is a snapshot of the project it was built from: after an edit,
build it again (the semantic model keeps its analyses, so that is cheap for
everything but the flow).

Targets are paths as the engineer writes them, case-insensitively:
``%QX0.1``, ``GVL_IO.bStart``, ``Main.fbPump1.bRun``, a unique plain name
(``bStart``), or a TwinCAT channel (``TIID^...^Channel 1^Input``). An
unknown target is a ``UsageError`` that suggests the closest known paths.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from werk.tools.errors import UsageError
from werk.tools.plant.addresses import normal_address
from werk.tools.plant.engineering import Engineering, engineering_of
from werk.tools.plant.flow import PouFlow, Ref, fb_parameters, global_path, pou_flow
from werk.tools.plant.instances import FbInstance, InstanceTree, build_instances
from werk.tools.plant.io_image import IoImage, IoPoint, collect_io, io_steps
from werk.tools.plant.signals import FlowBuilder, MultiTaskWrite, SignalFlow, SignalStep
from werk.tools.plant.slicing import Slice, SliceDirection, slice_flow
from werk.tools.plant.sources import SourceLines, SourceRef
from werk.tools.plant.tasks import PlcTask, ProgramRun, collect_tasks
from werk.tools.plant.twincat import IoLink, TwinCatSystem, read_system, system_files
from werk.tools.st.model.project import Project
from werk.tools.st.model.scope import inheritance_chain
from werk.tools.st.model.symbols import (
    GlobalList,
    Location,
    Pou,
    PouKind,
    TypeDecl,
    Variable,
    key,
)

MAX_SUGGESTIONS = 3
MAX_MEMBER_DEPTH = 4  # struct members named in queries: gstHmi.stPump.bStart


@dataclass
class Binding:
    """What one declaration is in the plant: its instance paths, address, wiring, unit, range."""

    variable: Variable
    paths: list[str]  # one per instance of the POU that declares it (one for a global)
    type: str
    declared_at: SourceRef
    address: str | None = None
    links: list[IoLink] = field(default_factory=list)
    engineering: Engineering = field(default_factory=Engineering)
    description: str | None = None

    def describe(self) -> str:
        """Plain lines for an editor's hover or an agent's context."""
        where = f" AT {self.address}" if self.address else ""
        lines = [f"{self.variable.name} : {self.type}{where}"]
        engineering = " ".join(
            part
            for part in (
                f"[{self.engineering.unit}]" if self.engineering.unit else "",
                self.engineering.range_text() or "",
            )
            if part
        )
        if engineering:
            lines.append(f"unit and range: {engineering}")
        lines.extend(f"wired to {link.endpoint}" for link in self.links)
        if len(self.paths) == 1:
            lines.append(f"signal: {self.paths[0]}")
        elif self.paths:
            lines.append(f"{len(self.paths)} instances: {', '.join(self.paths)}")
        else:
            lines.append("no instance runs it")
        return "\n".join(lines)


@dataclass
class SystemModel:
    project: Project
    tasks: list[PlcTask]
    programs: list[ProgramRun]
    instances: InstanceTree
    io: IoImage
    twincat: TwinCatSystem
    lines: SourceLines
    _flow: SignalFlow | None = None
    _signals: dict[str, str] | None = None

    # --- building ----------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        project: Project,
        *,
        root: Path | None = None,
        system_paths: Iterable[Path] | None = None,
    ) -> SystemModel:
        """The model of ``project``; TwinCAT task objects and ``.tsproj`` files are read from
        ``system_paths``, else found under ``root`` (those that cannot be read are listed in
        ``twincat.skipped``)."""
        lines = SourceLines()
        paths = list(system_paths) if system_paths is not None else []
        if system_paths is None and root is not None:
            paths = system_files(root)
        system = read_system(paths, lines)
        tasks, runs = collect_tasks(project, system, lines)
        covered = {run.pou for run in runs}
        for pou in project.all_pous():
            if pou.kind is PouKind.PROGRAM and pou not in covered and pou.parent is None:
                runs.append(ProgramRun(pou.name, pou, None, lines.of(pou.location)))
        instances = build_instances(project, runs)
        image = collect_io(project, instances, system.links, direct_addresses(project), lines)
        return cls(project, tasks, runs, instances, image, system, lines)

    @property
    def flow(self) -> SignalFlow:
        """Every write in the project, per instance and task (built on first use)."""
        if self._flow is None:
            self._flow = self._build_flow()
        return self._flow

    def _build_flow(self) -> SignalFlow:
        flows: dict[Pou, PouFlow] = {}
        in_progress: set[Pou] = set()

        def flow_of(pou: Pou) -> PouFlow:
            found = flows.get(pou)
            if found is None:
                if self.project.is_standard(pou):
                    found = PouFlow(pou)
                else:
                    in_progress.add(pou)
                    found = pou_flow(pou, self.project, self.program_path, function_reads)
                    in_progress.discard(pou)
                flows[pou] = found
            return found

        def function_reads(function: Pou) -> list[Ref]:
            return [] if function in in_progress else flow_of(function).absolute_reads()

        builder = FlowBuilder(self.lines)
        for instance in self.instances.all():
            body, members = frame_pous(instance.pou, self.project)
            if body is not None:
                builder.place(instance.path, flow_of(body))
                if body is not instance.pou:  # an inherited body runs with the instance
                    builder.runs_with(instance.path, instance.pou, body)
            for member in members:
                builder.place(instance.path, flow_of(member))
        for pou in self.project.all_pous():
            if pou.kind is PouKind.FUNCTION:
                builder.place(pou.name, flow_of(pou))
        for run in self.programs:
            builder.run_in(run.name, run.pou, run.task)
        return builder.finish(io_steps(self.io))

    # --- questions ---------------------------------------------------------------------------

    def program_path(self, pou: Pou) -> str:
        """The instance path of a PROGRAM: its (first) instance name in the task configuration."""
        return next((run.name for run in self.programs if run.pou is pou), pou.name)

    def instances_of(self, pou: Pou | str) -> list[FbInstance]:
        """Every instance of an FB type (derived types included), or a PROGRAM's instance."""
        wanted = pou.key if isinstance(pou, Pou) else key(pou)
        return [
            instance
            for instance in self.instances.all()
            if any(p.key == wanted for p in inheritance_chain(instance.pou, self.project.find_pou))
        ]

    def instance(self, path: str) -> FbInstance | None:
        return self.instances.find(path)

    def task_of(self, program: str) -> str | None:
        return next((run.task for run in self.programs if run.key == key(program)), None)

    def slice(
        self,
        target: str,
        direction: SliceDirection | str = SliceDirection.BACKWARD,
        *,
        max_depth: int | None = None,
    ) -> Slice:
        """What drives ``target`` (backward) or what it drives (forward)."""
        signal = self.resolve(target)
        return slice_flow(self.flow, signal, SliceDirection(direction), max_depth=max_depth)

    def writers(self, target: str) -> list[SignalStep]:
        return self.flow.writers(self.resolve(target))

    def readers(self, target: str) -> list[SignalStep]:
        return self.flow.readers(self.resolve(target))

    def multi_task_writes(self) -> list[MultiTaskWrite]:
        return self.flow.multi_task_writes()

    def binding(self, variable: Variable | str) -> Binding:
        """Where a declaration lives and what it is wired to; a path names one declaration."""
        if isinstance(variable, str):
            found = self.variable_at(self.resolve(variable))
            if found is None:
                raise UsageError(f"{variable!r} is not a declared variable")
            variable = found
        owner = variable.owner
        if isinstance(owner, GlobalList):
            paths = [global_path(variable)]
        elif isinstance(owner, Pou):
            paths = [f"{i.path}.{variable.name}" for i in self.instances_of(owner)]
        else:
            paths = []
        points = [p for p in self.io.points if p.variable is variable]
        return Binding(
            variable=variable,
            paths=paths,
            type=str(variable.type),
            declared_at=self.lines.of(variable.location),
            address=normal_address(variable.address) or variable.address,
            links=[link for p in points for link in p.links],
            engineering=engineering_of(variable),
            description=variable.doc,
        )

    def variable_at(self, path: str) -> Variable | None:
        """The declaration behind an instance or global path (``Main.fbPump1.bRun``)."""
        head, _, name = path.rpartition(".")
        instance = self.instances.find(head) if head else None
        if instance is not None:
            return next(
                (v for v in fb_parameters(instance.pou, self.project) if v.key == key(name)), None
            )
        gvl = self.project.gvl_by_name.get(key(head)) if head else None
        if gvl is not None:
            return next((v for v in gvl.variables if v.key == key(name)), None)
        return self.project.find_global(path) if not head else None

    def global_variables(self) -> list[tuple[str, Variable]]:
        """Every global variable by its path (``GVL_Data.bReset``), in declaration order."""
        return [
            (global_path(variable), variable)
            for gvl in self.project.global_lists
            if not self.project.is_standard(gvl)
            for variable in gvl.variables
        ]

    def io_point(self, signal: str) -> IoPoint | None:
        return self.io.by_signal(signal)

    # --- names -------------------------------------------------------------------------------

    def signal_names(self) -> dict[str, str]:
        """Every signal a query may name: key -> the path as shown."""
        if self._signals is None:
            names: dict[str, str] = {}

            def add(path: str, variable: Variable, depth: int = 0) -> None:
                names.setdefault(key(path), path)
                declared = self.project.resolve_type(variable.type)
                if isinstance(declared, TypeDecl) and depth < MAX_MEMBER_DEPTH:
                    for member in declared.fields:
                        add(f"{path}.{member.name}", member, depth + 1)

            for instance in self.instances.all():
                for variable in fb_parameters(instance.pou, self.project):
                    add(f"{instance.path}.{variable.name}", variable)
            for gvl in self.project.global_lists:
                if not self.project.is_standard(gvl):
                    for variable in gvl.variables:
                        add(global_path(variable), variable)
            for point in self.io.points:
                names.setdefault(point.key, point.signal)
                for endpoint in point.endpoints():
                    names.setdefault(key(endpoint), endpoint)
            for signal_key, shown in self.flow.names.items():
                names.setdefault(signal_key, shown)
            self._signals = names
        return self._signals

    def resolve(self, target: str) -> str:
        """The signal ``target`` names; ``UsageError`` with suggestions when it names none."""
        text = target.strip()
        names = self.signal_names()
        address = normal_address(text) if text.startswith("%") else None
        wanted = key(address or text)
        if wanted in names:
            return names[wanted]
        ending = [shown for k, shown in names.items() if k.endswith("." + wanted)]
        if len(ending) == 1:
            return ending[0]
        if ending:
            listed = ", ".join(sorted(ending, key=str.lower)[:8])
            raise UsageError(
                f"{target!r} is ambiguous: {listed}{', ...' if len(ending) > 8 else ''}",
                hint="give the full path, e.g. " + sorted(ending, key=str.lower)[0],
            )
        typed = self.type_member_paths(text)
        if typed:
            raise UsageError(
                f"{target!r} names a declaration, not a signal: it exists once per instance",
                hint="trace one of " + ", ".join(typed[:MAX_SUGGESTIONS]),
            )
        shown = suggestions(text, names)
        guess = f" (did you mean {' or '.join(repr(s) for s in shown)}?)" if shown else ""
        raise UsageError(f"no signal named {target!r} in the project{guess}")

    def type_member_paths(self, text: str) -> list[str]:
        """``FB_Pump.bRun`` -> the instance paths of that variable (``Main.fbPump1.bRun``...)."""
        head, _, name = text.rpartition(".")
        pou = self.project.find_pou(head) if head else None
        if pou is None or pou.kind not in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM):
            return []
        if not any(v.key == key(name) for v in fb_parameters(pou, self.project)):
            return []
        return [f"{i.path}.{name}" for i in self.instances_of(pou)]


def suggestions(text: str, names: dict[str, str]) -> list[str]:
    """Known paths close to ``text``: as a whole, or by their last part (``bPump`` ->
    ``GVL_IO.bPump1``), since engineers often remember the name but not the path."""
    wanted = key(text)
    close = difflib.get_close_matches(wanted, list(names), n=MAX_SUGGESTIONS, cutoff=0.75)
    if len(close) < MAX_SUGGESTIONS:
        by_last: dict[str, list[str]] = {}
        for name_key in names:
            by_last.setdefault(name_key.rsplit(".", 1)[-1], []).append(name_key)
        last = wanted.rsplit(".", 1)[-1]
        for near in difflib.get_close_matches(last, list(by_last), n=MAX_SUGGESTIONS, cutoff=0.6):
            close.extend(k for k in sorted(by_last[near]) if k not in close)
    return [names[k] for k in close[:MAX_SUGGESTIONS]]


def frame_pous(pou: Pou, project: Project) -> tuple[Pou | None, list[Pou]]:
    """The code an instance of ``pou`` runs: its body (or the nearest inherited one) and its
    methods, actions and properties, inherited ones included unless overridden."""
    chain = list(inheritance_chain(pou, project.find_pou))
    body = next((p for p in chain if p.body or p is chain[-1]), pou)
    members: dict[str, Pou] = {}
    for owner in chain:
        for table in (owner.methods, owner.actions, owner.properties):
            for name, member in table.items():
                members.setdefault(name, member)
    return body, list(members.values())


def direct_addresses(project: Project) -> dict[str, Location]:
    """Addresses the code uses directly (``%QX0.2 := ...``), each with its first use."""
    found: dict[str, Location] = {}
    for pou in project.all_pous():
        if pou.location.unit.symbols_only or project.is_standard(pou):
            continue
        for use in project.analysis(pou).uses:
            if use.address:
                normal = normal_address(use.address) or use.address
                if normal not in found:
                    found[normal] = use.location
    return found
