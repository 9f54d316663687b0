"""The scan-cycle simulator: what tests, property checks, the agent and the benchmark call.

``Simulator(project, programs=["MAIN"])`` compiles the programs (and all
they call) once; ``cycle()`` runs one scan: every task that is due runs its
programs, in priority order (see ``tasks``). Time is virtual: the first
cycle runs at 0 ms, each later cycle one base interval after the previous
one, and ``advance(ms)`` runs the cycles that start in ``[now, now + ms)``
and leaves the clock at ``now + ms``. So with a 10 ms cycle, a TON with
``PT := T#100ms`` started in the cycle at 0 ms is done in the cycle at
100 ms: after ``advance(100)`` (cycles at 0..90 ms) it is not yet, after
one more ``cycle()`` it is.

The I/O image is the storage of located variables (``AT %IX0.1``); tests
write inputs between cycles with ``sim.set("%IX0.1", True)`` or
``sim.io.write(...)``, and each cycle starts by reading them into the image
(a program writing an input sees the process value again next cycle).
``get``/``set`` take instance paths
(``MAIN.fbPump.tonDelay.Q``, ``GVL_IO.bStart``) and return or accept the
iec value representation (ints, floats, bools, strs; lists and dicts for
arrays and structs). A fault of the simulated program raises
``SimulationFault``; wrong use of this API raises ``UsageError``.

``warm_restart()`` keeps RETAIN and PERSISTENT variables and re-initialises
the rest; ``cold_restart()`` re-initialises everything and clears the image.
The clock keeps running across both, as a PLC's real-time clock does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from werk.tools.errors import UsageError
from werk.tools.st.model.symbols import Pou, PouKind, Section
from werk.tools.st.sim.compiled import CompiledFb, Routine
from werk.tools.st.sim.compiler import Compiler
from werk.tools.st.sim.coverage import Coverage
from werk.tools.st.sim.faults import FaultKind, SimulationFault, Unsupported
from werk.tools.st.sim.iec.clock import VirtualClock
from werk.tools.st.sim.io_image import IoImage
from werk.tools.st.sim.natives import NativeFunction
from werk.tools.st.sim.paths import Location, PathResolver, split_path
from werk.tools.st.sim.positions import Span
from werk.tools.st.sim.runtime import (
    DEFAULT_STATEMENT_BUDGET,
    DEFAULT_WALL_TIME_LIMIT_S,
    FbInstance,
    Machine,
    MethodFrame,
    Ref,
)
from werk.tools.st.sim.tasks import (
    LOWEST_PRIORITY,
    NS_PER_MS,
    Schedule,
    ScheduledTask,
    interval_ns,
)
from werk.tools.st.sim.values import ReferenceLayout

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

DEFAULT_CYCLE_MS = 10


class Simulator:
    """A simulated PLC running one project's programs on a virtual clock."""

    def __init__(
        self,
        project: Project,
        *,
        programs: Sequence[str] | None = None,
        cycle_ms: int = DEFAULT_CYCLE_MS,
        coverage: bool = False,
        statement_budget: int = DEFAULT_STATEMENT_BUDGET,
        wall_time_limit_s: float = DEFAULT_WALL_TIME_LIMIT_S,
        natives: Mapping[str, NativeFunction] | None = None,
    ) -> None:
        """Compile ``project`` for simulation.

        ``programs``: the PROGRAMs to run each cycle, in order, every
        ``cycle_ms``. None: the project's CONFIGURATION tasks if it has any,
        else its only PROGRAM (none is fine, for harness-only use).
        ``statement_budget`` and ``wall_time_limit_s`` are the per-cycle
        watchdog. ``coverage`` compiles statement and branch counters in.
        ``natives``: FUNCTIONs of the project (by name) whose calls run a
        Python callable instead of an ST body (see ``natives``).
        """
        if cycle_ms <= 0:
            raise UsageError(f"cycle_ms must be positive, not {cycle_ms}")
        if statement_budget <= 0:
            raise UsageError(f"statement_budget must be positive, not {statement_budget}")
        self.project = project
        self.clock = VirtualClock()
        self.io = IoImage()
        self.machine = Machine(
            self.clock,
            self.io,
            statement_budget=statement_budget,
            wall_time_limit_s=wall_time_limit_s,
        )
        self.coverage: Coverage | None = Coverage() if coverage else None
        self._compiler = Compiler(
            project, self.machine, self.coverage, self._native_functions(natives or {})
        )
        self._roots: dict[str, FbInstance] = {}  # lower-case program instance/type name
        self._instances: list[FbInstance] = []  # programs and harnesses, for restarts
        self.schedule = self._schedule(programs, cycle_ms)
        self._compiler.drain()
        self._resolver = PathResolver()
        self._next_tick_ns = 0

    def _native_functions(self, natives: Mapping[str, NativeFunction]) -> dict[Pou, NativeFunction]:
        found: dict[Pou, NativeFunction] = {}
        for name, native in natives.items():
            pou = self.project.find_pou(name)
            if pou is None or pou.kind is not PouKind.FUNCTION:
                raise UsageError(f"native {name!r} is not a FUNCTION declared in the project")
            found[pou] = native
        return found

    # --- what was compiled -----------------------------------------------------------------

    @property
    def compiler(self) -> Compiler:
        """The compiled project (layouts, slots, constants), for tools that reason about the
        same code the simulator runs (the property checker encodes it for a solver)."""
        return self._compiler

    @property
    def unsupported(self) -> list[Unsupported]:
        """Constructs found while compiling that raise ``not supported`` if they run."""
        return list(self._compiler.unsupported)

    @property
    def programs(self) -> list[str]:
        """Instance paths of the scheduled programs."""
        return [instance.path for task in self.schedule.tasks for instance in task.instances]

    # --- running ---------------------------------------------------------------------------

    def cycle(self, count: int = 1) -> None:
        """Run ``count`` scan cycles: at each tick the due tasks run, in priority order."""
        if count < 0:
            raise UsageError(f"cannot run {count} cycles")
        for _ in range(count):
            tick = max(self._next_tick_ns, self.clock.now_ns)
            self.clock.advance(tick - self.clock.now_ns)
            due = self.schedule.due(tick)
            self.machine.start_cycle()
            for task in due:
                for instance in task.instances:
                    self._run_instance(instance)
                task.ran(tick)
            self._next_tick_ns = tick + self.schedule.base_ns

    def advance(self, ms: int) -> None:
        """Let ``ms`` milliseconds pass, running every cycle that starts before their end."""
        if ms < 0:
            raise UsageError(f"time only moves forward (asked to advance {ms} ms)")
        target = self.clock.now_ns + ms * NS_PER_MS
        while max(self._next_tick_ns, self.clock.now_ns) < target:
            self.cycle()
        self.clock.advance(target - self.clock.now_ns)

    def _run_instance(self, instance: FbInstance) -> None:
        try:
            instance.cls.run(instance)
        except SimulationFault:
            raise
        except Exception as exc:  # a bug of the simulator itself: reported, never hidden
            raise SimulationFault(FaultKind.INTERNAL, f"{type(exc).__name__}: {exc}") from exc

    def execute(self, action: Callable[[], Any]) -> Any:
        """Run ``action`` (compiled ST) as one watchdog period, with faults reported as such."""
        self.machine.start_cycle()
        try:
            return action()
        except SimulationFault:
            raise
        except RecursionError as exc:
            raise SimulationFault(FaultKind.STACK_OVERFLOW, "calls nested too deeply") from exc
        except Exception as exc:
            raise SimulationFault(FaultKind.INTERNAL, f"{type(exc).__name__}: {exc}") from exc

    # --- values ----------------------------------------------------------------------------

    def get(self, path: str) -> Any:
        """The value at an instance path, a GVL path or a direct address (``%IX0.1``)."""
        if path.strip().startswith("%"):
            return self.io.read(path.strip())
        return self.location(path).read()

    def set(self, path: str, value: Any) -> None:
        """Write ``value`` with the variable's store semantics (wrap, round, truncate)."""
        if path.strip().startswith("%"):
            self.io.write(path.strip(), value)
            return
        self.location(path).write(value)

    def location(self, path: str) -> Location:
        parts = split_path(path)
        (first, indexes), rest = parts[0], parts[1:]
        root = self._roots.get(first.lower())
        if root is not None:
            return self._resolver.walk(first, [root], 0, root.cls.layout, None, rest, indexes)
        gvl = self.project.gvl_by_name.get(first.lower())
        if gvl is not None and rest:
            (name, member_indexes), rest = rest[0], rest[1:]
            variable = next((v for v in gvl.variables if v.key == name.lower()), None)
            if variable is None:
                raise UsageError(f"{path}: {gvl.name} has no variable {name!r}")
            return self._global(f"{first}.{name}", variable, rest, [*indexes, *member_indexes])
        variable = self.project.find_global(first)
        if variable is not None:
            return self._global(first, variable, rest, indexes)
        roots = sorted({i.path for i in self._roots.values()})
        raise UsageError(
            f"{path}: no program instance, global variable list or global variable "
            f"{first!r} (programs: {', '.join(roots) or 'none'})"
        )

    def _global(self, root: str, variable: Any, rest: list[Any], indexes: list[str]) -> Location:
        storage = self._compiler.globals
        index = storage.slot_of.get(variable)
        if index is None:
            raise UsageError(f"{root}: {variable.name} is not simulated")
        slot = storage.slots[index]
        return self._resolver.walk(root, storage.values, index, slot.layout, slot, rest, indexes)

    # --- restarts --------------------------------------------------------------------------

    def warm_restart(self) -> None:
        """Re-initialise everything but RETAIN and PERSISTENT variables."""
        self._restart(keep_retained=True)

    def cold_restart(self) -> None:
        """Re-initialise everything (RETAIN too) and clear the I/O image."""
        self.io.clear()
        self._restart(keep_retained=False)

    def _restart(self, *, keep_retained: bool) -> None:
        self._compiler.globals.reinitialise(keep_retained=keep_retained)
        for instance in self._instances:
            instance.cls.reinitialise(instance, keep_retained=keep_retained)
        for cls in self._compiler.classes():
            for index, slot in enumerate(cls.static_slots):
                if not (keep_retained and slot.retain):
                    cls.statics[index] = slot.factory(f"{cls.name}.{slot.name}")
        for task in self.schedule.tasks:
            task.next_due_ns = self.clock.now_ns
        self._next_tick_ns = self.clock.now_ns

    # --- free-standing instances and functions ---------------------------------------------

    def instantiate(self, name: str, path: str | None = None) -> Harness:
        """A new instance of FUNCTION_BLOCK (or PROGRAM) ``name``, called by the test."""
        pou = self.project.find_pou(name)
        if pou is None or pou.kind not in (PouKind.FUNCTION_BLOCK, PouKind.PROGRAM):
            raise UsageError(f"{name!r} is not a FUNCTION_BLOCK or PROGRAM of the project")
        if self.project.is_standard(pou):
            raise UsageError(f"{name} is a standard FB: instantiate a user FB that uses it")
        cls = self._compiler.fb_class(pou)
        self._compiler.drain()
        instance = cls.new_instance(path or pou.name)
        self._instances.append(instance)
        return Harness(self, instance)

    def function(self, name: str) -> StFunction:
        """A user FUNCTION of the project, callable from Python."""
        pou = self.project.find_pou(name)
        if pou is None or pou.kind is not PouKind.FUNCTION:
            raise UsageError(f"{name!r} is not a FUNCTION of the project")
        if self.project.is_standard(pou):
            raise UsageError(f"{name} is a standard function, not one of the project's")
        routine = self._compiler.function(pou)
        self._compiler.drain()
        return StFunction(self, routine)

    # --- schedule --------------------------------------------------------------------------

    def _schedule(self, programs: Sequence[str] | None, cycle_ms: int) -> Schedule:
        if programs is not None:
            instances = [self._program(name) for name in programs]
            return Schedule([ScheduledTask("cyclic", cycle_ms * NS_PER_MS, 0, 0, instances)])
        configured = self._configured_schedule(cycle_ms)
        if configured is not None:
            return configured
        candidates = [pou for pou in self.project.all_pous() if pou.kind is PouKind.PROGRAM]
        if len(candidates) > 1:
            names = ", ".join(pou.name for pou in candidates)
            raise UsageError(
                f"the project has several PROGRAMs ({names}) and no CONFIGURATION: "
                "name the programs to run"
            )
        instances = [self._program(pou.name) for pou in candidates]
        return Schedule([ScheduledTask("cyclic", cycle_ms * NS_PER_MS, 0, 0, instances)])

    def _program(self, name: str, path: str | None = None) -> FbInstance:
        pou = self.project.find_pou(name)
        if pou is None or pou.kind is not PouKind.PROGRAM or self.project.is_standard(pou):
            available = ", ".join(
                p.name for p in self.project.all_pous() if p.kind is PouKind.PROGRAM
            )
            raise UsageError(
                f"{name!r} is not a PROGRAM of the project (PROGRAMs: {available or 'none'})"
            )
        if path is None or pou not in self._compiler.program_instances:
            instance = self._compiler.program_instance(pou, path)
        else:
            instance = self._compiler.fb_class(pou).new_instance(path)
        self._roots.setdefault(instance.path.lower(), instance)
        self._roots.setdefault(pou.name.lower(), instance)
        if not any(known is instance for known in self._instances):
            self._instances.append(instance)
        return instance

    def _configured_schedule(self, cycle_ms: int) -> Schedule | None:
        configurations = [
            configuration
            for unit in self.project.units()
            for configuration in unit.declarations.configurations
        ]
        assigned = [(c, p) for c in configurations for p in c.programs]
        if not assigned:
            return None
        tasks: dict[str, ScheduledTask] = {}
        order = 0
        for configuration in configurations:
            for task in configuration.tasks:
                span = Span(task.location.unit, task.location.start, task.location.end)
                if task.single or not task.interval:
                    self._compiler.report_unsupported(
                        f"task {task.name} without a cyclic INTERVAL", span
                    )
                    continue
                try:
                    interval = interval_ns(task.interval)
                except ValueError as exc:
                    self._compiler.report_unsupported(f"task {task.name}: {exc}", span)
                    continue
                priority = task.priority if task.priority is not None else LOWEST_PRIORITY
                tasks[task.name.lower()] = ScheduledTask(task.name, interval, priority, order)
                order += 1
        free = ScheduledTask("(no task)", cycle_ms * NS_PER_MS, LOWEST_PRIORITY + 1, order)
        for _, assignment in assigned:
            instance = self._program(assignment.type_name, assignment.name)
            if assignment.task is None:
                free.instances.append(instance)
                continue
            task_entry = tasks.get(assignment.task.lower())
            if task_entry is None:
                span = Span(
                    assignment.location.unit, assignment.location.start, assignment.location.end
                )
                self._compiler.report_unsupported(
                    f"program {assignment.name} on task {assignment.task}, which does not run",
                    span,
                )
                continue
            task_entry.instances.append(instance)
        scheduled = [task for task in tasks.values() if task.instances]
        if free.instances:
            scheduled.append(free)
        return Schedule(scheduled)


@dataclass
class FunctionResult:
    value: Any
    outputs: dict[str, Any] = field(
        default_factory=dict
    )  # VAR_OUTPUT and VAR_IN_OUT after the call


class StFunction:
    """A user FUNCTION called from Python: ``fn(x=1.0)`` or ``fn(1.0)``."""

    def __init__(self, simulator: Simulator, routine: Routine) -> None:
        self.simulator = simulator
        self.routine = routine
        self.name = routine.name
        self._parameters = {
            slot.name.lower(): (index, slot)
            for index, slot in enumerate(routine.slots)
            if slot.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        }
        self._positional = [
            variable.key
            for variable in routine.pou.variables
            if variable.section in (Section.VAR_INPUT, Section.VAR_IN_OUT)
        ]

    @property
    def parameters(self) -> list[str]:
        return [self._parameters[key][1].name for key in self._positional]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs).value

    def call(self, *args: Any, **kwargs: Any) -> FunctionResult:
        routine = self.routine
        frame = routine.new_locals(self.name)
        given = bind_arguments(self.name, self._positional, args, kwargs)
        for key, value in given.items():
            if key not in self._parameters:
                raise UsageError(f"{self.name} has no input {key!r} (inputs: {self.parameters})")
            index, slot = self._parameters[key]
            where = f"{self.name}.{slot.name}"
            if slot.section is Section.VAR_IN_OUT:
                assert isinstance(slot.layout, ReferenceLayout)
                cell = [slot.layout.target.write(value, None, where)]
                frame[index] = Ref(cell, 0)
            else:
                frame[index] = slot.layout.write(value, None, where)
        body = routine.body
        assert body is not None
        self.simulator.execute(lambda: body(frame))
        value = None
        if routine.return_slot is not None:
            value = routine.slots[routine.return_slot].layout.read(frame[routine.return_slot])
        outputs = {}
        for index, slot in enumerate(routine.slots):
            if slot.section is Section.VAR_OUTPUT:
                outputs[slot.name] = slot.layout.read(frame[index])
            elif slot.section is Section.VAR_IN_OUT and frame[index] is not None:
                assert isinstance(slot.layout, ReferenceLayout)
                outputs[slot.name] = slot.layout.target.read(frame[index].get())
        return FunctionResult(value, outputs)


def bind_arguments(
    name: str, positional: list[str], args: Sequence[Any], kwargs: dict[str, Any]
) -> dict[str, Any]:
    if len(args) > len(positional):
        raise UsageError(f"{name} takes {len(positional)} positional inputs, got {len(args)}")
    given = {key: value for key, value in zip(positional, args, strict=False)}
    for key, value in kwargs.items():
        lowered = key.lower()
        if lowered in given:
            raise UsageError(f"{name}: input {key!r} given twice")
        given[lowered] = value
    return given


class Harness:
    """One free-standing FB (or PROGRAM) instance, driven call by call from a test."""

    def __init__(self, simulator: Simulator, instance: FbInstance) -> None:
        self.simulator = simulator
        self.instance = instance
        self._resolver = PathResolver()

    @property
    def path(self) -> str:
        return self.instance.path

    @property
    def compiled(self) -> CompiledFb:
        cls: CompiledFb = self.instance.cls
        return cls

    def location(self, path: str) -> Location:
        parts = split_path(path)
        root = Location([self.instance], 0, self.compiled.layout, self.instance.path)
        location = root
        for name, indexes in parts:
            location = self._resolver.member(location, name)
            for index_text in indexes:
                location = self._resolver.element(location, index_text)
        return location

    def get(self, path: str) -> Any:
        """A member of the instance: ``"bRun"``, ``"tonDelay.ET"``, ``"aValues[2]"``."""
        return self.location(path).read()

    def set(self, path: str, value: Any) -> None:
        self.location(path).write(value)

    def call(self, **inputs: Any) -> None:
        """Set ``inputs`` (by name) and run the body once, as ``fb(IN := ...)`` would."""
        for name, value in inputs.items():
            self.set(name, value)
        instance = self.instance
        self.simulator.execute(lambda: instance.cls.run(instance))

    def call_method(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call a METHOD of the instance (dispatched on its type) and return its result."""
        routine = self.compiled.methods.get(name.lower())
        if routine is None:
            raise UsageError(f"{self.compiled.name} has no method {name!r}")
        frame = MethodFrame(routine.new_locals(self.instance.path), self.instance)
        positional = [v.key for v in routine.pou.variables if v.section is Section.VAR_INPUT]
        parameters = {
            slot.name.lower(): (index, slot)
            for index, slot in enumerate(routine.slots)
            if slot.section is Section.VAR_INPUT
        }
        for key, value in bind_arguments(routine.name, positional, args, kwargs).items():
            if key not in parameters:
                raise UsageError(f"{routine.name} has no input {key!r}")
            index, slot = parameters[key]
            frame[index] = slot.layout.write(value, None, f"{routine.name}.{slot.name}")
        body = routine.body
        assert body is not None
        self.simulator.execute(lambda: body(frame))
        if routine.return_slot is None:
            return None
        return routine.slots[routine.return_slot].layout.read(frame[routine.return_slot])

    def bind_in_out(self, name: str) -> None:
        """Give VAR_IN_OUT ``name`` storage of its own, holding its type's initial value.

        A free-standing instance has no caller to bind its in-outs, so they
        cannot be read or written; bound, ``get``/``set`` reach the storage as
        for any member (the test plays the caller's variable). A restart
        unbinds them again, as it re-initialises every slot.
        """
        cls = self.compiled
        index = cls.slot_by_name.get(name.lower())
        slot = cls.slots[index] if index is not None else None
        if slot is None or slot.section is not Section.VAR_IN_OUT:
            raise UsageError(f"{cls.name} has no VAR_IN_OUT {name!r}")
        layout = slot.layout
        assert isinstance(layout, ReferenceLayout)
        self.instance[index] = Ref([layout.target.new(f"{self.path}.{slot.name}")], 0)

    def run_action(self, name: str) -> None:
        action = self.compiled.actions.get(name.lower())
        if action is None:
            raise UsageError(f"{self.compiled.name} has no action {name!r}")
        instance = self.instance
        self.simulator.execute(lambda: action(instance))
