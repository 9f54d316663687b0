"""Counterexample and witness traces: per cycle, the inputs given and the values that matter.

A trace is what the agent gets back to repair code and what an engineer
replays: the inputs of every cycle (complete: replaying them on the
simulator from the initial state reproduces the run) and, for reading, the
values of the variables the property mentions at the end of each cycle.
``failing_cycle`` is the first cycle (1-based) at whose end the property
fails (or, for reachability, holds). Saved as JSON (``werk prove --replay``
reads it back); values use the simulator's representation (ints for
integers and TIME in ms, floats, bools).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werk.tools.errors import UsageError

TRACE_FORMAT = "werk.prove.trace/1"


@dataclass
class TraceCycle:
    number: int  # 1-based
    time_ms: int  # when the cycle ran, from the first cycle
    inputs: dict[str, Any]  # as requirements name them: ``instance.bStart``
    values: dict[str, Any] = field(default_factory=dict)  # at the end of the cycle


@dataclass
class Trace:
    entry: str
    cycle_ms: int
    cycles: list[TraceCycle]
    failing_cycle: int | None = None
    fault: str | None = None  # a runtime fault that stopped the PLC in the last cycle
    seed: int | None = None
    source: str = ""  # the engine that found it: falsify, bmc
    confirmed: bool = False  # replayed on the simulator with the same outcome
    begin_values: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return len(self.cycles)

    def input_rows(self) -> list[dict[str, Any]]:
        return [dict(cycle.inputs) for cycle in self.cycles]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": TRACE_FORMAT,
            "entry": self.entry,
            "cycle_ms": self.cycle_ms,
            "failing_cycle": self.failing_cycle,
            "fault": self.fault,
            "seed": self.seed,
            "source": self.source,
            "confirmed": self.confirmed,
            "cycles": [
                {
                    "cycle": cycle.number,
                    "time_ms": cycle.time_ms,
                    "inputs": _plain(cycle.inputs),
                    "values": _plain(cycle.values),
                }
                for cycle in self.cycles
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trace:
        if data.get("format") != TRACE_FORMAT:
            raise UsageError(f"not a werk trace (format {data.get('format')!r})")
        try:
            cycles = [
                TraceCycle(
                    int(item["cycle"]),
                    int(item.get("time_ms", 0)),
                    dict(item.get("inputs", {})),
                    dict(item.get("values", {})),
                )
                for item in data["cycles"]
            ]
            return cls(
                entry=str(data["entry"]),
                cycle_ms=int(data["cycle_ms"]),
                cycles=cycles,
                failing_cycle=data.get("failing_cycle"),
                fault=data.get("fault"),
                seed=data.get("seed"),
                source=str(data.get("source", "")),
                confirmed=bool(data.get("confirmed", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"malformed trace: {exc}") from None


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (value if isinstance(value, bool | int | float | str) else str(value))
        for key, value in values.items()
    }


def save_trace(path: Path, trace: Trace, extra: dict[str, Any] | None = None) -> None:
    data = trace.to_json()
    if extra:
        data.update(extra)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def load_trace(path: Path) -> tuple[Trace, dict[str, Any]]:
    """The trace in ``path`` and the whole JSON object (it also names the property)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a werk trace")
    return Trace.from_json(data), data
