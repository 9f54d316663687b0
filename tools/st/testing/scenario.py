"""Scenario tests: named sequences of steps that set inputs, let time pass and expect outputs.

A scenario file (``*.scenario.yaml``) tests one POU (as a trace does, see
``bench`` for what the POU under test and its signals are)::

    pou: FB_Valve
    cycle: 10ms                      # default 10ms
    tolerance: {rFlow: 0.5%}         # optional, per signal
    scenarios:
      - name: alarm when the feedback does not follow
        steps:
          - set: {bOpen: TRUE, wStatus: 16#0002}   # closed feedback stays
            expect: {bSolenoid: TRUE}               # after one cycle
          - expect: {bAlarm: FALSE}
            within: [T#0ms, T#1990ms]               # throughout the window
          - expect: {bAlarm: TRUE}
            at: T#2s
          - set: {bOpen: FALSE}
            advance: 500ms
            never: {bSolenoid: TRUE}                # in every cycle of this step
          - cycles: 3
            always: {bAlarm: TRUE}

A single scenario may also be written at the top (``name`` and ``steps``
next to ``pou``).

Time runs in cycles that start at multiples of the cycle time, the first at
0 ms; "now" is the earliest start of the next cycle (after the cycle at T,
now is T + cycle), so inputs set now are read by the next cycle. The state
at a time t is what the last cycle started at or before t left behind. A
step does, in this order:

1. ``set``: write inputs (no time passes);
2. ``advance: D`` (the cycles that start in [now, now + D); now moves to
   now + D, or to the end of the last of them if that is later) or
   ``cycles: N``;
3. ``expect`` with at most one timing, measured from t0, the step's now
   after 1. and 2.:

   - none: the outputs now; if inputs were set since the last cycle, one
     cycle runs first so the POU has read them;
   - ``at: D``: the state at t0 + D (cycles run up to the one that starts
     at or before t0 + D; with a 10 ms cycle, ``at: T#2s`` is the cycle at
     t0 + 2000 ms);
   - ``within: [A, B]``: the state at t0 + A and after every cycle up to
     t0 + B must match, i.e. it holds throughout the window;
   - ``eventually: {within: D}`` (or ``eventually: D``): it matches now or
     after some cycle up to t0 + D; the scenario goes on from that cycle.

``always`` and ``never`` are checked after every cycle the step runs (a step
with them must run cycles), each signal on its own: ``never: {bAlarm: TRUE}``
fails in the first cycle where bAlarm is TRUE. A failure names the scenario, the step (its
``name`` or number and line), the cycle and time, the signal, the expected
and the actual value, and shows the trace around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werk.tools.st.testing.errors import TestDefinitionError
from werk.tools.st.testing.trace import DEFAULT_CYCLE_NS, read_cycle, read_duration
from werk.tools.st.testing.yaml_source import YamlNode, load_yaml

SCENARIO_SUFFIXES = (".scenario.yaml", ".scenario.yml")
_FILE_KEYS = {"pou", "cycle", "tolerance", "scenarios", "name", "steps"}
_SCENARIO_KEYS = {"name", "steps"}
_STEP_KEYS = {
    "name",
    "set",
    "advance",
    "cycles",
    "expect",
    "at",
    "within",
    "eventually",
    "always",
    "never",
}
_MAX_CYCLES = 10_000_000


@dataclass
class Signals:
    """Signal -> raw cell, as written in a step (typed when the scenario runs)."""

    cells: dict[str, Any]
    line: int


@dataclass
class Step:
    number: int  # 1-based within its scenario
    line: int
    name: str | None = None
    set: Signals | None = None
    advance_ns: int | None = None
    cycles: int | None = None
    expect: Signals | None = None
    at_ns: int | None = None
    within_ns: tuple[int, int] | None = None
    eventually_ns: int | None = None
    always: Signals | None = None
    never: Signals | None = None

    @property
    def label(self) -> str:
        return f"step {self.number}" + (f" '{self.name}'" if self.name else "")

    @property
    def timing(self) -> str:
        """The expectation's timing as written: ``at T#2s`` ... (empty for "now")."""
        if self.at_ns is not None:
            return f"at {_show_ns(self.at_ns)}"
        if self.within_ns is not None:
            low, high = self.within_ns
            return f"within [{_show_ns(low)}, {_show_ns(high)}]"
        if self.eventually_ns is not None:
            return f"eventually within {_show_ns(self.eventually_ns)}"
        return ""


@dataclass
class Scenario:
    name: str
    pou: str
    path: Path
    line: int
    pou_line: int
    cycle_ns: int
    tolerances: dict[str, tuple[Any, int]]
    steps: list[Step] = field(default_factory=list)


def _show_ns(ns: int) -> str:
    if ns % 1_000_000 == 0:
        ms = ns // 1_000_000
        if ms and ms % 1000 == 0:
            return f"T#{ms // 1000}s"
        return f"T#{ms}ms"
    return f"LTIME#{ns}ns"


def scenario_title(path: Path) -> str:
    name = path.name
    for suffix in SCENARIO_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def read_scenarios(path: Path, text: str | None = None) -> list[Scenario]:
    root = load_yaml(path, text)
    entries = root.check_keys("a scenario file", _FILE_KEYS)
    pou_node = entries.get("pou")
    if pou_node is None:
        raise TestDefinitionError("the file does not say which POU it tests (pou:)", path, 1)
    pou = pou_node.scalar("pou")
    cycle_ns = DEFAULT_CYCLE_NS
    if "cycle" in entries:
        cycle_ns = read_cycle(entries["cycle"])
    tolerances: dict[str, tuple[Any, int]] = {}
    if "tolerance" in entries:
        for signal, node in entries["tolerance"].mapping("tolerance").items():
            tolerances[signal] = (node.scalar(f"the tolerance of {signal}"), node.line)
    if "scenarios" in entries:
        if "steps" in entries:
            raise entries["steps"].error("steps: belong inside each of the scenarios:")
        nodes = entries["scenarios"].sequence("scenarios")
        if not nodes:
            raise entries["scenarios"].error("scenarios: is empty")
    elif "steps" in entries:
        nodes = [root]
    else:
        raise TestDefinitionError("the file has no scenarios: (or steps:)", path, 1)
    scenarios = []
    names: set[str] = set()
    for index, node in enumerate(nodes):
        own = node.mapping("a scenario")
        if node is not root:
            node.check_keys("a scenario", _SCENARIO_KEYS)
        default = scenario_title(path) if node is root else f"{scenario_title(path)}[{index + 1}]"
        name = own["name"].scalar("name") if "name" in own else default
        if name.lower() in names:
            raise node.error(f"two scenarios are called {name!r}")
        names.add(name.lower())
        if "steps" not in own:
            raise node.error(f"scenario {name!r} has no steps:")
        steps = [
            _read_step(step, number)
            for number, step in enumerate(own["steps"].sequence("steps"), start=1)
        ]
        if not steps:
            raise own["steps"].error(f"scenario {name!r} has no steps")
        line = own["name"].line if "name" in own else node.line
        scenarios.append(
            Scenario(name, pou, path, line, pou_node.line, cycle_ns, tolerances, steps)
        )
    return scenarios


def _read_step(node: YamlNode, number: int) -> Step:
    entries = node.check_keys("a step", _STEP_KEYS)
    if not entries:
        raise node.error("an empty step")
    step = Step(number, node.line)
    if "name" in entries:
        step.name = entries["name"].scalar("name")
    step.set = _signals(entries.get("set"), "set")
    step.expect = _signals(entries.get("expect"), "expect")
    step.always = _signals(entries.get("always"), "always")
    step.never = _signals(entries.get("never"), "never")
    if "advance" in entries and "cycles" in entries:
        raise node.error("a step either advances time or runs cycles, not both")
    if "advance" in entries:
        step.advance_ns = read_duration(entries["advance"], "advance")
    if "cycles" in entries:
        cycles_node = entries["cycles"]
        try:
            step.cycles = int(cycles_node.scalar("cycles"))
        except ValueError:
            raise cycles_node.error("cycles: needs a number") from None
        if not 1 <= step.cycles <= _MAX_CYCLES:
            raise cycles_node.error(f"cycles: must be between 1 and {_MAX_CYCLES}")
    timings = [key for key in ("at", "within", "eventually") if key in entries]
    if len(timings) > 1:
        raise node.error(f"an expectation has one timing, not {' and '.join(timings)}")
    if timings and step.expect is None:
        raise entries[timings[0]].error(f"{timings[0]}: needs an expect: in the same step")
    if "at" in entries:
        step.at_ns = read_duration(entries["at"], "at")
    if "within" in entries:
        window = entries["within"]
        bounds = window.sequence("within")
        if len(bounds) != 2:
            raise window.error("within: takes [FROM, TO], e.g. [T#1s, T#2s]")
        low, high = (read_duration(bound, "within") for bound in bounds)
        if low > high:
            raise window.error("within: the window ends before it starts")
        step.within_ns = (low, high)
    if "eventually" in entries:
        eventually = entries["eventually"]
        if isinstance(eventually.value, dict):
            limit = eventually.check_keys("eventually", {"within"}).get("within")
            if limit is None:
                raise eventually.error("eventually: needs within: (e.g. {within: T#3s})")
            step.eventually_ns = read_duration(limit, "eventually within")
        else:
            step.eventually_ns = read_duration(eventually, "eventually")
    runs_cycles = step.advance_ns is not None or step.cycles is not None or bool(timings)
    for key in ("always", "never"):
        if key in entries and not runs_cycles:
            raise entries[key].error(
                f"{key}: is checked in the cycles of its step: "
                "add advance:, cycles: or a timed expect"
            )
    return step


def _signals(node: YamlNode | None, what: str) -> Signals | None:
    if node is None:
        return None
    cells = {name.strip(): item.plain() for name, item in node.mapping(what).items()}
    if not cells:
        raise node.error(f"{what}: names no signals")
    return Signals(cells, node.line)
