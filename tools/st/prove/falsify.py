"""Falsification: many seeded random runs of the real simulator, every property watched at once.

Each run starts from the initial state and lasts up to ``depth`` cycles.
Inputs are drawn from their ``Domain`` (boundaries, the code's constants,
random); each run has its own rate of input change, from every cycle to
rarely, because timers and latches need inputs *held* for many cycles
while edge detectors need them to toggle. The first violation (or, for
reachability, witness) of each property is kept with its seed, then
``shrink`` makes it short and simple. Runs are reproducible: run ``r`` of
seed ``s`` draws from ``random.Random(s * 1_000_003 + r)``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from werk.tools.st.prove.bound import BoundProperty
from werk.tools.st.prove.entry import Runner
from werk.tools.st.prove.inputs import Constants, Domain
from werk.tools.st.prove.monitor import Monitor, Outcome
from werk.tools.st.prove.replay import InputRow, run

CHANGE_RATES = (1.0, 0.5, 0.2, 0.05)


@dataclass
class Finding:
    """A run on which a property failed (or a reachability property was witnessed)."""

    inputs: list[InputRow]  # complete rows, cycle 1 first, up to the failing cycle
    cycle: int
    outcome: Outcome
    seed: int
    fault: str | None = None
    reason: str = ""


@dataclass
class SearchReport:
    runs: int = 0
    cycles: int = 0
    seconds: float = 0.0
    findings: dict[int, Finding] = field(default_factory=dict)  # monitor index -> first finding
    # monitor index -> cycles judged with assumptions holding (how far it was tested)
    tested_cycles: dict[int, int] = field(default_factory=dict)


def domains_for(
    runner: Runner, bounds: Sequence[BoundProperty], constants: Constants
) -> list[Domain]:
    """One domain per input; a range given by any property narrows it for all of them."""
    entry = runner.entry
    limits: dict[str, tuple[Any, Any]] = {}
    for bound in bounds:
        for key, (low, high) in bound.ranges.items():
            if key in limits:
                old_low, old_high = limits[key]
                low, high = max(low, old_low), min(high, old_high)
            limits[key] = (low, high)
    domains = [
        Domain(signal, constants, entry.cycle_ms, limits.get(signal.key)) for signal in entry.inputs
    ]
    if entry.ranged:
        limits_ms = (entry.cycle_ms, entry.cycle_max_ms)
        domains.append(Domain(entry.cycle_time, constants, entry.cycle_ms, limits_ms))
    return domains


def draw_run(domains: Sequence[Domain], depth: int, rng: random.Random) -> list[InputRow]:
    rate = rng.choice(CHANGE_RATES)
    rows: list[InputRow] = []
    current = {domain.signal.key: domain.draw(rng) for domain in domains}
    for _ in range(depth):
        rows.append(dict(current))
        for domain in domains:
            if rng.random() < rate:
                current[domain.signal.key] = domain.draw(rng)
    return rows


def search(
    runner: Runner,
    monitors: Sequence[Monitor],
    domains: Sequence[Domain],
    *,
    runs: int,
    depth: int,
    seed: int = 0,
    deadline: float | None = None,
) -> SearchReport:
    """Random runs until every monitor has a finding, ``runs`` are done or time is up."""
    report = SearchReport()
    started = time.monotonic()
    active = [index for index, monitor in enumerate(monitors) if monitor.checkable]
    for number in range(runs):
        if not active or (deadline is not None and time.monotonic() > deadline):
            break
        rng = random.Random(seed * 1_000_003 + number)
        rows = draw_run(domains, depth, rng)
        chosen = [monitors[index] for index in active]
        result = run(runner, chosen, rows)
        report.runs += 1
        report.cycles += result.cycles
        still: list[int] = []
        for index, judgement in zip(active, result.judgements, strict=True):
            tested = report.tested_cycles.get(index, 0)
            report.tested_cycles[index] = max(tested, judgement.valid_cycles)
            if judgement.outcome in (Outcome.BAD, Outcome.WITNESS) and judgement.cycle:
                report.findings[index] = Finding(
                    rows[: judgement.cycle],
                    judgement.cycle,
                    judgement.outcome,
                    seed * 1_000_003 + number,
                    judgement.fault,
                    judgement.reason,
                )
            else:
                still.append(index)
        active = still
    report.seconds = time.monotonic() - started
    return report


def shrink(
    runner: Runner,
    monitor: Monitor,
    finding: Finding,
    domains: Sequence[Domain],
    *,
    budget: int = 400,
) -> Finding:
    """A shorter, simpler run with the same kind of outcome (delta debugging on the inputs).

    First whole cycles are removed (halves, quarters... single cycles), then
    each input value is replaced by a simpler one (FALSE, 0, halved) or by
    the previous cycle's value. Every candidate is replayed on the
    simulator; it is kept only if the property still fails (or is still
    witnessed). ``budget`` bounds the replays.
    """
    by_key = {domain.signal.key: domain for domain in domains}
    best = finding
    tries = 0

    def attempt(rows: list[InputRow]) -> Finding | None:
        nonlocal tries
        if not rows or tries >= budget:
            return None
        tries += 1
        result = run(runner, [monitor], rows)
        judgement = result.judgements[0]
        if judgement.outcome is finding.outcome and judgement.cycle is not None:
            return Finding(
                rows[: judgement.cycle],
                judgement.cycle,
                judgement.outcome,
                finding.seed,
                judgement.fault,
                judgement.reason,
            )
        return None

    # 1. fewer cycles
    chunk = max(len(best.inputs) // 2, 1)
    while chunk >= 1 and tries < budget:
        start = 0
        removed = False
        while start < len(best.inputs) and tries < budget:
            candidate = best.inputs[:start] + best.inputs[start + chunk :]
            found = attempt(candidate)
            if found is not None and len(found.inputs) < len(best.inputs):
                best = found
                removed = True
            else:
                start += chunk
        if not removed:
            chunk //= 2
    # 2. simpler values
    changed = True
    while changed and tries < budget:
        changed = False
        position = 0
        while position < len(best.inputs):  # a simpler value may also shorten the run
            for key in list(best.inputs[position]):
                if position >= len(best.inputs):
                    break
                domain = by_key.get(key)
                if domain is None:
                    continue
                value = best.inputs[position][key]
                options = list(domain.simpler(value))
                if position > 0:
                    previous = best.inputs[position - 1].get(key)
                    if previous != value and previous not in options:
                        options.append(previous)
                for option in options:
                    rows = [dict(row) for row in best.inputs]
                    rows[position][key] = option
                    found = attempt(rows)
                    if found is not None and complexity(found.inputs) < complexity(best.inputs):
                        best = found
                        changed = True
                        break
                if tries >= budget:
                    break
            position += 1
    return best


def complexity(rows: Sequence[InputRow]) -> tuple[int, int, float]:
    """How hard a run is to read: its length, how often inputs change, how large they are."""
    changes = 0
    magnitude = 0.0
    previous: InputRow = {}
    for row in rows:
        for key, value in row.items():
            if key in previous and previous[key] != value:
                changes += 1
            if isinstance(value, bool):
                magnitude += 1.0 if value else 0.0
            elif isinstance(value, int | float):
                magnitude += min(abs(float(value)), 1e12)
        previous = row
    return len(rows), changes, magnitude
