"""The project's signal flow: every write of every storage place, per instance and task.

``werk.tools.plant.flow`` says what one POU's code writes from what, relative
to the instance running it. Here each POU's templates are placed under every
instance that runs them (``fbPump1.bRun`` in ``FB_Station`` becomes
``Main.fbStation.fbPump1.bRun`` and ``Main.fbStation2.fbPump1.bRun``), and
each resulting ``SignalStep`` gets the tasks it runs in: a PROGRAM instance
runs in its task, and whatever it calls (FB instances, methods, actions,
functions, other PROGRAMs) runs in the tasks of its callers.

Signals are the paths of storage places (``GVL_IO.bStart``,
``Main.fbStation.fbPump1.tonDelay.Q``, ``%QX0.1``, a TwinCAT channel).
Queries overlap paths the way memory does: a write of ``GVL.stHmi`` writes
``GVL.stHmi.bStart``, and a write of ``GVL.stHmi.bStart`` writes part of
``GVL.stHmi``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from werk.tools.plant.flow import PouFlow, StepKind, StepTemplate
from werk.tools.plant.sources import SourceLines, SourceRef
from werk.tools.st.model.symbols import Pou, key

Frame = tuple[str, Pou]  # (the instance path, or a function's name; the POU whose code runs)


@dataclass(frozen=True)
class SignalStep:
    """One write: ``target`` gets a value from ``sources`` when ``conditions`` allow it."""

    kind: StepKind
    target: str
    sources: tuple[str, ...]
    conditions: tuple[str, ...]
    context: str  # the instance whose code runs it (a function's name for a function)
    pou: str  # the POU the code is in: FB_Pump, FB_Pump.Reset, MAIN
    statement: str
    source: SourceRef
    tasks: tuple[str, ...]
    conditional: bool = False
    temporary: bool = False  # the target lives only during one call

    def reads(self, signal: str) -> str | None:
        """``data`` or ``condition`` if this step reads ``signal``, else ``None``."""
        wanted = key(signal)
        if any(overlaps(key(s), wanted) for s in self.sources):
            return "data"
        if any(overlaps(key(s), wanted) for s in self.conditions):
            return "condition"
        return None


@dataclass
class MultiTaskWrite:
    """A signal written from more than one task: the writes race."""

    signal: str
    tasks: tuple[str, ...]
    writers: list[SignalStep]


def overlaps(first: str, second: str) -> bool:
    """Whether two signal keys share storage: equal, or one is a member or element of the other."""
    if first == second:
        return True
    shorter, longer = (first, second) if len(first) < len(second) else (second, first)
    return longer.startswith(shorter) and longer[len(shorter)] in ".["


def prefixes(signal_key: str) -> Iterator[str]:
    """``a.b.c`` -> ``a``, ``a.b`` (the storage ``signal_key`` is part of)."""
    position = signal_key.find(".")
    while position >= 0:
        yield signal_key[:position]
        position = signal_key.find(".", position + 1)


@dataclass
class SignalFlow:
    steps: list[SignalStep] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # key -> the path as first shown
    _writers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _readers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # prefix key -> keys below it that steps write or read (for whole-structure queries)
    _below: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, step: SignalStep) -> None:
        index = len(self.steps)
        self.steps.append(step)
        self._index(step.target, self._writers, index)
        for signal in (*step.sources, *step.conditions):
            self._index(signal, self._readers, index)

    def _index(self, signal: str, table: dict[str, list[int]], index: int) -> None:
        signal_key = key(signal)
        self.names.setdefault(signal_key, signal)
        if not table[signal_key] or table[signal_key][-1] != index:
            table[signal_key].append(index)
        for prefix in prefixes(signal_key):
            self._below[prefix].add(signal_key)

    def _matching(self, signal: str, table: dict[str, list[int]]) -> list[SignalStep]:
        wanted = key(signal)
        indexes: set[int] = set(table.get(wanted, ()))
        for prefix in prefixes(wanted):
            indexes.update(table.get(prefix, ()))
        for below in self._below.get(wanted, ()):
            indexes.update(table.get(below, ()))
        return [self.steps[i] for i in sorted(indexes)]

    def writers(self, signal: str) -> list[SignalStep]:
        """The steps that write ``signal`` or storage overlapping it, in build order."""
        return self._matching(signal, self._writers)

    def readers(self, signal: str) -> list[SignalStep]:
        return self._matching(signal, self._readers)

    def multi_task_writes(self) -> list[MultiTaskWrite]:
        """Signals whose writes (their own, or of storage containing them) run in several tasks."""
        found: list[MultiTaskWrite] = []
        reported: list[str] = []
        for signal_key in sorted(self._writers):
            if any(overlaps(done, signal_key) for done in reported):
                continue
            writers = [s for s in self.writers(signal_key) if not s.temporary]
            tasks = sorted({task for step in writers for task in step.tasks}, key=str.lower)
            if len(tasks) < 2:
                continue
            reported.append(signal_key)
            found.append(MultiTaskWrite(self.names[signal_key], tuple(tasks), writers))
        return found


@dataclass
class FlowBuilder:
    """Places POU templates under instances and works out each frame's tasks."""

    lines: SourceLines
    flow: SignalFlow = field(default_factory=SignalFlow)
    # frame -> the frames its code calls
    calls: dict[tuple[str, str], set[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(set)
    )
    frame_tasks: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    pending: list[tuple[StepTemplate, str, Pou]] = field(default_factory=list)
    _sources: dict[int, SourceRef] = field(default_factory=dict)

    @staticmethod
    def frame_key(context: str, pou: Pou) -> tuple[str, str]:
        return (key(context), pou.qualified_name.lower())

    def place(self, context: str, pou_flow: PouFlow) -> None:
        """``pou_flow``'s steps and calls as run by the instance at ``context``."""
        caller = self.frame_key(context, pou_flow.pou)
        self.calls.setdefault(caller, set())
        for call in pou_flow.calls:
            callee_context = call.instance.under(context) if call.instance else call.callee.name
            self.calls[caller].add(self.frame_key(callee_context, call.callee))
        for template in pou_flow.steps:
            self.pending.append((template, context, pou_flow.pou))

    def runs_with(self, context: str, pou: Pou, other: Pou) -> None:
        """``other``'s code runs whenever ``pou``'s does at ``context`` (an inherited body)."""
        self.calls[self.frame_key(context, pou)].add(self.frame_key(context, other))

    def run_in(self, context: str, pou: Pou, task: str | None) -> None:
        if task:
            self.frame_tasks[self.frame_key(context, pou)].add(task)

    def propagate_tasks(self) -> None:
        """Every frame runs in the tasks of the frames that call it, transitively."""
        stack = list(self.frame_tasks)
        while stack:
            frame = stack.pop()
            tasks = self.frame_tasks[frame]
            for callee in self.calls.get(frame, ()):
                known = self.frame_tasks[callee]
                if not tasks <= known:
                    known |= tasks
                    stack.append(callee)

    def tasks_of(self, context: str, pou: Pou) -> tuple[str, ...]:
        found = self.frame_tasks.get(self.frame_key(context, pou))
        if not found and pou.parent is not None:  # a property read runs with its instance
            found = self.frame_tasks.get(self.frame_key(context, pou.parent))
        return tuple(sorted(found or (), key=str.lower))

    def source_of(self, template: StepTemplate) -> SourceRef:
        found = self._sources.get(id(template))
        if found is None:
            found = self._sources[id(template)] = self.lines.of(template.location)
        return found

    def finish(self, extra: Iterable[SignalStep] = ()) -> SignalFlow:
        self.propagate_tasks()
        for template, context, pou in self.pending:
            self.flow.add(
                SignalStep(
                    kind=template.kind,
                    target=template.target.under(context),
                    sources=tuple(ref.under(context) for ref in template.sources),
                    conditions=tuple(ref.under(context) for ref in template.conditions),
                    context=context,
                    pou=pou.qualified_name,
                    statement=template.statement,
                    source=self.source_of(template),
                    tasks=self.tasks_of(context, pou),
                    conditional=template.conditional,
                    temporary=template.target.temporary,
                )
            )
        for step in extra:
            self.flow.add(step)
        return self.flow
