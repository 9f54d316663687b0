"""Checking properties of one entry POU: the order the engines run in, and what each may decide.

For each property, in order:

1. bind it (``bound``): an unknown variable, a type error, a bad pattern is
   a *defective* property; so is a condition that contradicts itself
   (``defects``);
2. falsify: seeded random runs of the simulator, all properties at once;
   a violation is shrunk and becomes the verdict (a witness proves
   reachability);
3. encode the entry for z3 (once), and validate the encoding against the
   simulator on a few runs; a disagreement stops every solver verdict;
4. bounded model checking to ``depth``: a counterexample is replayed on the
   simulator and only then reported (if the simulator does not fail the
   same way, the result is "unknown: internal inconsistency");
5. k-induction up to ``depth`` for every "always" property (and for
   "never reachable"), once the bounded check found nothing and no
   unsupported construct is reachable;
6. otherwise unknown, with what was tried ("no violation up to depth 20").

A violation of a property that reads only free inputs is reported as a
defect (input-only) instead. ``engine`` restricts the steps: ``falsify``
(1-2), ``bmc`` (1, 3-4), ``induction`` (1, 3-5), ``auto`` (all).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import z3

from werk.tools.errors import UsageError
from werk.tools.st.prove.binding import Defect
from werk.tools.st.prove.bmc import prove
from werk.tools.st.prove.bound import BoundProperty, bind_property
from werk.tools.st.prove.defects import contradiction, input_only
from werk.tools.st.prove.entry import CYCLE_TIME, Entry, Runner
from werk.tools.st.prove.falsify import (
    Finding,
    SearchReport,
    domains_for,
    draw_run,
    search,
    shrink,
)
from werk.tools.st.prove.inputs import code_constants
from werk.tools.st.prove.lemmas import Lemma, candidates, houdini
from werk.tools.st.prove.monitor import Monitor, Outcome
from werk.tools.st.prove.patterns import ASSERTION, Property, Quantifier
from werk.tools.st.prove.repeatability import repeatable
from werk.tools.st.prove.replay import InputRow, rows_from_trace, run, trace_of
from werk.tools.st.prove.results import PropertyResult, Verdict
from werk.tools.st.prove.smt_property import SymbolicMonitor
from werk.tools.st.prove.smt_values import Unsupported
from werk.tools.st.prove.trace import Trace
from werk.tools.st.prove.transition import TransitionSystem

if TYPE_CHECKING:
    from werk.tools.st.model.project import Project

ENGINES = ("auto", "falsify", "bmc", "induction")
FINITE_REALS = "REAL inputs are finite numbers (no NaN or infinity)"
SAMPLE_RUNS = 30


@dataclass
class CheckOptions:
    depth: int = 20  # BMC depth, induction's largest k, and the length of random runs
    timeout: float = 60.0  # seconds per property for the solver engines
    engine: str = "auto"
    runs: int = 200  # random runs of the simulator (shared by all properties)
    seed: int = 0
    cycle_ms: int = 10
    cycle_max_ms: int | None = None  # a ranged cycle time: each cycle cycle_ms..cycle_max_ms
    loop_limit: int = 64
    shrink_budget: int = 400
    validate_runs: int = 3

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r} (choose {', '.join(ENGINES)})")
        if self.depth < 1:
            raise UsageError(f"depth must be at least 1, not {self.depth}")
        if self.cycle_ms < 1:
            raise UsageError(f"cycle time must be at least 1 ms, not {self.cycle_ms}")
        if self.cycle_max_ms is not None and self.cycle_max_ms < self.cycle_ms:
            raise UsageError(f"cycle time range {self.cycle_ms}..{self.cycle_max_ms} is empty")


class _Session:
    """The state shared by the checks of one entry."""

    def __init__(self, project: Project, entry_name: str, options: CheckOptions) -> None:
        self.options = options
        self.entry = Entry(
            project, entry_name, cycle_ms=options.cycle_ms, cycle_max_ms=options.cycle_max_ms
        )
        self.runner: Runner = self.entry.runner()
        self.constants = code_constants(project)
        self.falsification: SearchReport | None = None
        self._system: TransitionSystem | None = None
        self._system_error: str | None = None
        self._validated: str | bool | None = False  # False: not yet; None: fine; str: mismatch
        self._runs: list[list[InputRow]] | None = None
        self._lemmas: list[Lemma] | None = None

    def system(self) -> TransitionSystem | None:
        if self._system is None and self._system_error is None:
            try:
                self._system = TransitionSystem(self.entry, loop_limit=self.options.loop_limit)
            except Unsupported as exc:
                self._system_error = f"not supported: {exc}"
            except (z3.Z3Exception, RecursionError) as exc:
                self._system_error = f"the encoding failed: {type(exc).__name__}: {exc}"
            except Exception as exc:  # a bug of the encoder: reported, never hidden
                self._system_error = (
                    f"internal error in the encoder ({type(exc).__name__}: {exc}); please report it"
                )
        return self._system

    def sample_runs(self, bounds: Sequence[BoundProperty]) -> list[list[InputRow]]:
        """Random input sequences for validating the model and for finding lemmas."""
        if self._runs is None:
            rng = random.Random(self.options.seed)
            domains = domains_for(self.runner, bounds, self.constants)
            self._runs = [draw_run(domains, self.options.depth, rng) for _ in range(SAMPLE_RUNS)]
        return self._runs

    def validation(self, bounds: Sequence[BoundProperty]) -> str | None:
        """None when the model agrees with the simulator on sample runs, else the mismatch."""
        if self._validated is False:
            system = self.system()
            if system is None:
                return None
            runs = [rows[:15] for rows in self.sample_runs(bounds)[: self.options.validate_runs]]
            mismatch = system.validate(self.runner, runs, deadline=time.monotonic() + 30)
            self._validated = str(mismatch) if mismatch is not None else None
        return self._validated if isinstance(self._validated, str) else None

    def lemmas(self, bounds: Sequence[BoundProperty], deadline: float) -> list[Lemma]:
        """Invariants proved inductive, from the ranges variables took in simulation."""
        if self._lemmas is None:
            system = self.system()
            if system is None:
                return []
            states = [system.initial_values]
            for rows in self.sample_runs(bounds):
                self.runner.restart()
                for row in rows:
                    if self.runner.cycle(row) is not None:
                        break
                    states.append(system.space.concrete(self.runner))
            found = houdini(system, candidates(system, states), deadline=deadline)
            self._lemmas = found
        return self._lemmas


def check_properties(
    project: Project,
    properties: Sequence[Property],
    *,
    entry: str,
    depth: int = 20,
    timeout: float = 60.0,
    engine: str = "auto",
    runs: int = 200,
    seed: int = 0,
    cycle_ms: int = 10,
    options: CheckOptions | None = None,
) -> list[PropertyResult]:
    """Check ``properties`` of the POU ``entry``; one result per property, in order.

    Raises ``UsageError`` when the entry cannot be checked at all (it does not
    exist, or is not a FUNCTION_BLOCK or PROGRAM); every problem of a single
    property is in its result.
    """
    if options is None:
        options = CheckOptions(
            depth=depth, timeout=timeout, engine=engine, runs=runs, seed=seed, cycle_ms=cycle_ms
        )
    session = _Session(project, entry, options)
    results: list[PropertyResult | None] = [None] * len(properties)
    bounds: dict[int, BoundProperty] = {}
    for index, prop in enumerate(properties):
        started = time.monotonic()
        try:
            bound = bind_property(session.entry, prop)
        except Defect as defect:
            results[index] = PropertyResult(
                prop,
                Verdict.DEFECTIVE,
                str(defect),
                engine="static",
                defect=defect.kind,
                suggestions=defect.suggestions,
                seconds=time.monotonic() - started,
            )
            continue
        contradicts = contradiction(bound)
        if contradicts is not None:
            results[index] = PropertyResult(
                prop,
                Verdict.DEFECTIVE,
                contradicts,
                engine="static",
                defect="contradiction",
                seconds=time.monotonic() - started,
            )
            continue
        bounds[index] = bound
    pending = dict(bounds)
    if options.engine in ("auto", "falsify"):
        for index, result in _falsify(session, pending).items():
            results[index] = result
            pending.pop(index, None)
    for index, bound in pending.items():
        try:
            results[index] = _solve(session, bound, list(bounds.values()))
        except (UsageError, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of the checker: this property is unknown, say why
            results[index] = PropertyResult(
                bound.property,
                Verdict.UNKNOWN,
                f"internal error ({type(exc).__name__}: {exc}); please report it",
            )
    return [result for result in results if result is not None]


# --- falsification ----------------------------------------------------------------------------


def _falsify(session: _Session, bounds: dict[int, BoundProperty]) -> dict[int, PropertyResult]:
    options = session.options
    indexes = [i for i, b in bounds.items() if b.pattern.quantifier is not Quantifier.REPEATABLE]
    monitors = [Monitor(bounds[i]) for i in indexes]
    checkable = [m for m in monitors if m.checkable]
    if not checkable:
        return {}
    domains = domains_for(session.runner, [bounds[i] for i in indexes], session.constants)
    started = time.monotonic()
    report = search(
        session.runner,
        monitors,
        domains,
        runs=options.runs,
        depth=options.depth,
        seed=options.seed,
        deadline=started + max(options.timeout, 1.0),
    )
    decided: dict[int, PropertyResult] = {}
    for position, index in enumerate(indexes):
        finding = report.findings.get(position)
        if finding is None:
            continue
        monitor = monitors[position]
        small = shrink(session.runner, monitor, finding, domains, budget=options.shrink_budget)
        result = _from_run(session, bounds[index], monitor, small.inputs, "falsify", small)
        result.seconds = time.monotonic() - started
        result.notes.append(
            f"found by simulation (seed {finding.seed}, cycle {finding.cycle}); "
            f"shrunk to {len(small.inputs)} cycle(s)"
        )
        decided[index] = result
    session.falsification = report
    return decided


def _from_run(
    session: _Session,
    bound: BoundProperty,
    monitor: Monitor,
    rows: list[InputRow],
    source: str,
    finding: Finding | None = None,
) -> PropertyResult:
    """The verdict a confirmed simulator run gives (a violation, or a reachability witness)."""
    trace, judgement = trace_of(
        session.runner, monitor, rows, source=source, seed=finding.seed if finding else None
    )
    prop = bound.property
    if judgement.outcome is Outcome.WITNESS:
        return PropertyResult(
            prop,
            Verdict.PROVED,
            f"reached at the end of cycle {judgement.cycle}",
            engine=source,
            depth=judgement.cycle,
            trace=trace,
        )
    reason = judgement.reason or f"fails at the end of cycle {judgement.cycle}"
    inputs = input_only(bound, session.entry) if judgement.fault is None else None
    if inputs is not None:
        names = ", ".join(signal.shown for signal in inputs)
        return PropertyResult(
            prop,
            Verdict.DEFECTIVE,
            f"depends only on inputs the environment sets freely ({names}); "
            f"{reason} for some input values: state it about the code's outputs or add "
            "input assumptions",
            engine=source,
            defect="input-only",
            trace=trace,
        )
    return PropertyResult(
        prop, Verdict.VIOLATED, reason, engine=source, depth=judgement.cycle, trace=trace
    )


# --- solving ----------------------------------------------------------------------------------


def _solve(
    session: _Session, bound: BoundProperty, all_bounds: list[BoundProperty]
) -> PropertyResult:
    options = session.options
    prop = bound.property
    started = time.monotonic()
    deadline = started + options.timeout
    tried: list[str] = []
    report = session.falsification
    if report is not None and options.engine in ("auto", "falsify"):
        tried.append(f"{report.runs} simulated runs of up to {options.depth} cycles")

    def unknown(reason: str, bounded: int | None = None) -> PropertyResult:
        text = reason if not tried else f"{reason}; tried: {'; '.join(tried)}"
        return PropertyResult(
            prop,
            Verdict.UNKNOWN,
            text,
            bounded_depth=bounded,
            seconds=time.monotonic() - started,
            notes=[f"assumes {FINITE_REALS}"] if _has_real_inputs(session) else [],
        )

    if bound.pattern.id == ASSERTION:
        return _assertions(session, bound, started)
    if options.engine == "falsify":
        if bound.pattern.quantifier is not Quantifier.ALWAYS:
            return unknown("not reached by simulation (falsification only)")
        # Random runs are no bound: "held to depth k" is the exhaustive search's claim only.
        return unknown("no violation found by simulation (falsification only)")
    system = session.system()
    if system is None:
        return unknown(session._system_error or "the entry could not be encoded")
    mismatch = session.validation(all_bounds)
    if mismatch is not None:
        return unknown(
            f"internal inconsistency: the solver's model disagrees with the simulator "
            f"({mismatch}); no solver verdict is given"
        )
    monitor = SymbolicMonitor(bound)
    ranges = _ranges(bound, system)
    induct = options.engine in ("auto", "induction")
    try:
        if bound.pattern.quantifier is Quantifier.REPEATABLE:
            return _repeatability(session, system, bound, monitor, ranges, deadline, started)
        lemmas = session.lemmas(all_bounds, min(deadline, time.monotonic() + 20)) if induct else []
        outcome = prove(
            system,
            monitor,
            ranges,
            depth=options.depth,
            deadline=deadline,
            induct=induct,
            lemmas=lemmas,
        )
    except (Unsupported, z3.Z3Exception) as exc:
        return unknown(f"not supported: {exc}")
    if outcome.rows is not None:
        confirmed = _confirm(session, bound, outcome.rows, started)
        if confirmed is not None:
            return confirmed
        return unknown(
            "internal inconsistency: the solver found a counterexample the simulator does not "
            "reproduce; no verdict is given"
        )
    notes = [f"assumes {FINITE_REALS}"] if _has_real_inputs(session) else []
    if outcome.k is not None:
        elapsed = time.monotonic() - started
        if bound.pattern.quantifier is Quantifier.EXISTS:
            return PropertyResult(
                prop,
                Verdict.VIOLATED,
                f"never reachable: proved by {outcome.k}-induction",
                engine="induction",
                depth=outcome.k,
                seconds=elapsed,
                notes=notes,
            )
        return PropertyResult(
            prop,
            Verdict.PROVED,
            f"proved by {outcome.k}-induction",
            engine="induction",
            depth=outcome.k,
            seconds=elapsed,
            notes=[*notes, f"{len(lemmas)} proved lemma(s) used"] if lemmas else notes,
        )
    done = outcome.depth_done
    if done:
        tried.append(f"bounded model checking to depth {done}")
    exists = bound.pattern.quantifier is Quantifier.EXISTS
    # "Held to the bound" is a claim about every run up to the depth: not for reachability
    # (nothing is held), not when runs through unsupported code were left out.
    bounded = None if exists else (done or None)
    if outcome.marker is not None:
        return unknown(f"{outcome.marker} (reachable in cycle {outcome.marker_depth})")
    if outcome.timed_out:
        return unknown(f"timeout after depth {done}", bounded)
    if exists:
        return unknown(f"not reached within {done} cycles, and not proved unreachable")
    if not induct:
        return unknown(f"no violation up to depth {done} (bounded check only)", bounded)
    return unknown(
        f"no violation up to depth {done}, not proved by k-induction up to k = {done}", bounded
    )


def _confirm(
    session: _Session, bound: BoundProperty, rows: list[InputRow], started: float
) -> PropertyResult | None:
    """Replay a solver counterexample (or witness) on the simulator; its verdict if it holds."""
    monitor = Monitor(bound)
    if not monitor.checkable:
        return None
    result = run(session.runner, [monitor], rows)
    judgement = result.judgements[0]
    if judgement.outcome is Outcome.GOOD or judgement.cycle != len(rows):
        return None
    verdict = _from_run(session, bound, Monitor(bound), rows, "bmc")
    verdict.seconds = time.monotonic() - started
    if verdict.trace is not None:
        verdict.trace.confirmed = True
    verdict.notes.append("found by bounded model checking; replayed on the simulator")
    return verdict


def _ranges(bound: BoundProperty, system: TransitionSystem) -> dict[str, tuple[Any, Any]]:
    ranges = dict(bound.ranges)
    entry = system.entry
    if entry.ranged:
        ranges[CYCLE_TIME] = (entry.cycle_ms, entry.cycle_max_ms)
    for key in system.input_keys:
        spec = system.specs[key]
        if spec.kind == "real" and key not in ranges:
            limit = 3.4028234663852886e38 if spec.bits == 32 else 1.7976931348623157e308
            ranges[key] = (-limit, limit)  # finite: no NaN, no infinity
    return ranges


def _has_real_inputs(session: _Session) -> bool:
    return any(signal.spec.kind == "real" for signal in session.entry.inputs)


def _assertions(session: _Session, bound: BoundProperty, started: float) -> PropertyResult:
    found = _assertion_comments(session.entry)
    if not found:
        return PropertyResult(
            bound.property,
            Verdict.PROVED,
            "the code has no assertions (//#ASSERT): nothing to check",
            engine="static",
            seconds=time.monotonic() - started,
        )
    return PropertyResult(
        bound.property,
        Verdict.UNKNOWN,
        f"not supported: assertions in the code ({found[0]})",
        seconds=time.monotonic() - started,
    )


def _assertion_comments(entry: Entry) -> list[str]:
    """``file:line`` of every PLCverif assertion comment (``//#ASSERT``, ``(*#ASSERT``)."""
    found: list[str] = []
    files: dict[Path, bytes] = {}
    for unit in entry.project.units():
        text = unit.document.text.upper()
        for marker in (b"//#ASSERT", b"(*#ASSERT"):
            position = text.find(marker)
            while position >= 0:
                offset = unit.document.to_file.to_original(position)
                if unit.path not in files:
                    try:
                        files[unit.path] = unit.path.read_bytes()
                    except OSError:
                        files[unit.path] = unit.document.text
                line = files[unit.path].count(b"\n", 0, offset) + 1
                found.append(f"{unit.path}:{line}")
                position = text.find(marker, position + 1)
    return found


def _repeatability(
    session: _Session,
    system: TransitionSystem,
    bound: BoundProperty,
    monitor: SymbolicMonitor,
    ranges: dict[str, tuple[Any, Any]],
    deadline: float,
    started: float,
) -> PropertyResult:
    prop = bound.property
    options = session.options
    lemmas = session.lemmas([bound], min(deadline, time.monotonic() + 20))
    unreachable = prove(
        system, monitor, ranges, depth=options.depth, deadline=deadline, lemmas=lemmas
    )
    if unreachable.k is not None:
        return PropertyResult(
            prop,
            Verdict.VIOLATED,
            f"never reachable (proved by {unreachable.k}-induction), so not repeatable",
            engine="induction",
            depth=unreachable.k,
            seconds=time.monotonic() - started,
        )
    steps = repeatable(system, monitor, ranges, max_steps=3, deadline=deadline)
    if steps is not None:
        return PropertyResult(
            prop,
            Verdict.PROVED,
            f"from every state the condition can be reached within {steps} cycle(s)",
            engine="induction",
            depth=steps,
            seconds=time.monotonic() - started,
        )
    return PropertyResult(
        prop,
        Verdict.UNKNOWN,
        "not decided: no state was found from which the condition can never be reached again, "
        "and it is not reachable within 3 cycles from every state",
        seconds=time.monotonic() - started,
    )


# --- replaying a saved trace ------------------------------------------------------------------


def replay_property(
    project: Project, prop: Property, trace: Trace, *, entry: str | None = None
) -> PropertyResult:
    """Run a saved trace's inputs again and judge ``prop`` on the run (after a fix, say).

    ``violated`` with the new trace when the property still fails (or, for
    reachability, ``proved`` when it is still reached); ``unknown`` with "no
    longer fails" when the run passes now.
    """
    started = time.monotonic()
    session = _Session(
        project, entry or trace.entry, CheckOptions(cycle_ms=trace.cycle_ms, depth=1)
    )
    try:
        bound = bind_property(session.entry, prop)
    except Defect as defect:
        return PropertyResult(
            prop,
            Verdict.DEFECTIVE,
            str(defect),
            engine="static",
            defect=defect.kind,
            suggestions=defect.suggestions,
        )
    rows = rows_from_trace(session.entry, trace)
    monitor = Monitor(bound)
    if not monitor.checkable:
        return PropertyResult(prop, Verdict.UNKNOWN, "assertions cannot be replayed")
    new_trace, judgement = trace_of(session.runner, monitor, rows, source="replay")
    elapsed = time.monotonic() - started
    if judgement.outcome is Outcome.GOOD:
        return PropertyResult(
            prop,
            Verdict.UNKNOWN,
            f"no longer fails on this trace ({len(rows)} cycle(s) replayed)",
            engine="replay",
            trace=new_trace,
            seconds=elapsed,
        )
    result = _from_run(session, bound, Monitor(bound), rows, "replay")
    result.seconds = elapsed
    return result
