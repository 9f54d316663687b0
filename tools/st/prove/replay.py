"""Running a sequence of inputs on the simulator and judging properties along it.

Everything that decides a verdict from a simulator run goes through here:
the random search, shrinking, confirming a solver's counterexample, and
``werk prove --replay``. A run starts from the initial state (a cold
restart), gives cycle ``n`` the inputs ``inputs[n - 1]`` (an input missing
from a cycle keeps its previous value) and stops at the first runtime fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from werk.tools.st.prove.entry import CYCLE_TIME, Entry, Runner, Signal
from werk.tools.st.prove.monitor import Monitor, Outcome
from werk.tools.st.prove.patterns import Quantifier
from werk.tools.st.prove.trace import Trace, TraceCycle

InputRow = dict[str, Any]  # signal key -> value


@dataclass
class Judgement:
    """What one monitor saw on one run."""

    outcome: Outcome = Outcome.GOOD  # BAD or WITNESS when found, else GOOD
    cycle: int | None = None  # 1-based cycle of the BAD/WITNESS
    fault: str | None = None  # the runtime fault, when that is what ended the run
    reason: str = ""
    valid_cycles: int = 0  # cycles judged before the run ended (assumptions held)


@dataclass
class RunResult:
    judgements: list[Judgement]
    cycles: int  # cycles run
    fault: str | None = None
    fault_cycle: int | None = None
    begin_rows: list[dict[str, Any]] = field(default_factory=list)
    end_rows: list[dict[str, Any]] = field(default_factory=list)
    times_ms: list[int] = field(default_factory=list)  # when each cycle ran


def run(
    runner: Runner,
    monitors: Sequence[Monitor],
    inputs: Sequence[InputRow],
    *,
    record: Sequence[Signal] = (),
    stop_early: bool = True,
) -> RunResult:
    """Run ``inputs`` from the initial state and judge every monitor after each cycle.

    ``record``: signals whose values are kept per cycle (begin and end), for
    a trace. With ``stop_early`` the run stops once every monitor has
    decided (found a BAD/WITNESS or lost its assumptions).
    """
    entry = runner.entry
    runner.restart()
    for monitor in monitors:
        monitor.reset()
    judgements = [Judgement() for _ in monitors]
    open_monitors = set(range(len(monitors)))
    begin_keys = _begin_keys(monitors, record)
    result = RunResult(judgements, 0)
    for number, row in enumerate(inputs, start=1):
        for key, value in row.items():
            signal = entry.signals.get(key)
            if signal is not None:
                runner.write(signal, value)
        timing = {CYCLE_TIME: row[CYCLE_TIME]} if CYCLE_TIME in row else {}
        # What was just written, not what a located input's image shows until the cycle
        # latches it: the beginning of the cycle sees the new inputs.
        begin = {
            key: row[key] if key in row else runner.read(entry.signals[key]) for key in begin_keys
        }
        fault = runner.cycle(timing)
        result.cycles = number
        result.times_ms.append(runner.time_ms)
        if fault is not None:
            result.fault = str(fault)
            result.fault_cycle = number
            for index in open_monitors:
                monitor = monitors[index]
                judgement = judgements[index]
                if monitor.pattern.quantifier is Quantifier.ALWAYS:
                    judgement.outcome = Outcome.BAD
                    judgement.cycle = number
                    judgement.fault = str(fault)
                    judgement.reason = f"the PLC stops: {fault}"
            if record:
                result.begin_rows.append({k: begin[k] for k in begin_keys})
                result.end_rows.append({})
            break
        cache: dict[str, Any] = {}

        def end_value(signal: Signal, _cache: dict[str, Any] = cache) -> Any:
            found = _cache.get(signal.key, _MISSING)
            if found is _MISSING:
                found = _cache[signal.key] = runner.read(signal)
            return found

        def begin_value(signal: Signal, _begin: dict[str, Any] = begin) -> Any:
            return _begin[signal.key] if signal.key in _begin else runner.read(signal)

        for index in sorted(open_monitors):
            monitor = monitors[index]
            outcome = monitor.step(begin_value, end_value)
            judgement = judgements[index]
            if outcome is Outcome.ASSUMPTION:
                open_monitors.discard(index)
                continue
            judgement.valid_cycles = number
            if outcome in (Outcome.BAD, Outcome.WITNESS):
                judgement.outcome = outcome
                judgement.cycle = number
                judgement.reason = monitor.reason
                open_monitors.discard(index)
        if record:
            result.begin_rows.append({s.key: begin_value(s) for s in record})
            result.end_rows.append({s.key: end_value(s) for s in record})
        if stop_early and not open_monitors:
            break
    return result


_MISSING = object()


def _begin_keys(monitors: Sequence[Monitor], record: Sequence[Signal]) -> list[str]:
    keys: dict[str, None] = {}
    for monitor in monitors:
        if monitor.pattern.id == "pattern-statechange-duringcycle":
            for signal in monitor.bound.signals:
                keys[signal.key] = None
    for signal in record:
        keys[signal.key] = None
    return list(keys)


def trace_of(
    runner: Runner,
    monitor: Monitor,
    inputs: Sequence[InputRow],
    *,
    source: str,
    seed: int | None = None,
) -> tuple[Trace, Judgement]:
    """Replay ``inputs`` and make the trace a person reads (and the judgement it gives)."""
    entry = runner.entry
    shown_inputs = entry.inputs
    record = _unique([*monitor.bound.signals, *shown_inputs])
    result = run(runner, [monitor], inputs, record=record)
    judgement = result.judgements[0]
    last = judgement.cycle or result.cycles
    cycles: list[TraceCycle] = []
    for number in range(1, min(last, result.cycles) + 1):
        begin = result.begin_rows[number - 1] if number - 1 < len(result.begin_rows) else {}
        end = result.end_rows[number - 1] if number - 1 < len(result.end_rows) else {}
        cycles.append(
            TraceCycle(
                number,
                result.times_ms[number - 1],
                {s.shown: begin.get(s.key) for s in shown_inputs if s.key in begin},
                {s.shown: end[s.key] for s in monitor.bound.signals if s.key in end},
            )
        )
    trace = Trace(
        entry=entry.name,
        cycle_ms=entry.cycle_ms,
        cycles=cycles,
        failing_cycle=judgement.cycle,
        fault=judgement.fault,
        seed=seed,
        source=source,
        confirmed=judgement.outcome is not Outcome.GOOD,
    )
    return trace, judgement


def _unique(signals: Sequence[Signal]) -> list[Signal]:
    seen: dict[str, Signal] = {}
    for signal in signals:
        seen.setdefault(signal.key, signal)
    return list(seen.values())


def rows_from_trace(entry: Entry, trace: Trace) -> list[InputRow]:
    """The input rows of a saved trace, by signal key (unknown names are an error)."""
    from werk.tools.errors import UsageError

    rows: list[InputRow] = []
    previous_ms: int | None = None
    for cycle in trace.cycles:
        row: InputRow = {}
        if previous_ms is not None and cycle.time_ms - previous_ms != entry.cycle_ms:
            row[CYCLE_TIME] = cycle.time_ms - previous_ms
        previous_ms = cycle.time_ms
        for name, value in cycle.inputs.items():
            path = name.split(".", 1)[1] if name.lower().startswith("instance.") else name
            signal = entry.find(path)
            if signal is None:
                raise UsageError(f"trace cycle {cycle.number}: {name} is not a variable")
            row[signal.key] = value
        rows.append(row)
    return rows
