"""Trace tests: per-cycle inputs and expected outputs of one POU (`*.trace.yaml`, `*.trace.csv`).

A trace drives the POU under test one cycle per row: the row's inputs are
written, one cycle runs, then the row's expected outputs are compared with
what the POU computed. The first row that diverges fails the test, with the
cycle, the signal, the expected and the actual value, and the trace around
it. The format, in YAML::

    # valve.trace.yaml
    pou: FB_Valve             # the FUNCTION_BLOCK, PROGRAM or FUNCTION under test
    cycle: T#10ms             # cycle time (default 10ms); also 10ms or 10 (ms)
    name: opens on command    # optional; default: the file name without .trace.yaml
    inputs: [bOpen, wStatus]  # signals the rows write, in column order
    outputs: [bSolenoid, bAlarm]   # signals the rows check, after the inputs
    tolerance:                # optional, per output signal
      rFlow: 0.5%             #   relative to the expected value
      rLevel: 0.01            #   absolute
      tonCheck.ET: T#10ms     #   TIME: a duration
    rows:
      - [FALSE, 16#0002, FALSE, FALSE]   # one cycle: inputs then outputs
      - [TRUE,  16#0002, TRUE,  -]       # - (or ~, null) is "don't care"
      - {bOpen: TRUE, bAlarm: TRUE}      # by name; left-out cells are don't care
      - {bAlarm: TRUE, repeat: 3}        # the same row for 3 cycles

Cells are ST literals read for the signal's type (see ``values``): ``TRUE``,
``16#FF``, ``-5``, ``1.5``, ``T#1s``, ``E_State.Running``, ``'text'``, lists
for arrays, mappings for structs. A don't-care input keeps the value it had
(inputs hold between rows, as a real signal does). Signals are variables of
the POU under test (``tonCheck.Q`` and ``aValues[2]`` too), globals
(``GVL_IO.bStart``) or direct addresses (``%IX0.1``); for a FUNCTION, its
inputs, its VAR_OUTPUTs and its result under the function's name.

Several traces of the same POU share one file with ``traces:``, a list of
mappings with their own ``name`` and ``rows`` (and, if they differ, their
own ``pou``, ``cycle``, ``inputs``, ``outputs`` and ``tolerance``); the keys
at the top are the defaults.

The CSV form (``*.trace.csv``) holds one trace: ``#`` lines at the top set
``pou``, ``cycle``, ``name`` and ``tolerance: SIGNAL VALUE``; then a header
row names the columns, outputs marked with ``=>`` as in an ST call
(``bOpen,wStatus,=> bSolenoid,=> bAlarm``); then one row per cycle::

    # pou: FB_Valve
    # cycle: 10ms
    bOpen,wStatus,=> bSolenoid,=> bAlarm
    FALSE,16#0002,FALSE,FALSE
    TRUE,16#0002,TRUE,-
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werk.tools.st.testing.errors import TestDefinitionError
from werk.tools.st.testing.values import CellError, duration_ns
from werk.tools.st.testing.yaml_source import YamlNode, load_yaml

DEFAULT_CYCLE_NS = 10_000_000
TRACE_SUFFIXES = (".trace.yaml", ".trace.yml", ".trace.csv")
_HEADER_KEYS = {"pou", "cycle", "name", "inputs", "outputs", "tolerance"}
_MAX_REPEAT = 1_000_000


@dataclass
class TraceRow:
    """One cycle: the inputs to write and the outputs to check (raw cells, not yet typed)."""

    line: int
    inputs: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)


@dataclass
class Trace:
    name: str
    pou: str
    path: Path
    line: int  # where the trace starts (its name or the file's first key)
    pou_line: int
    cycle_ns: int
    inputs: list[str]
    outputs: list[str]
    tolerances: dict[str, tuple[Any, int]]  # signal -> (raw tolerance, line)
    rows: list[TraceRow]
    signal_lines: dict[str, int] = field(default_factory=dict)  # where each signal is named

    def line_of(self, signal: str) -> int:
        return self.signal_lines.get(signal, self.line)


def trace_title(path: Path) -> str:
    name = path.name
    for suffix in TRACE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def read_traces(path: Path, text: str | None = None) -> list[Trace]:
    """The traces of a ``.trace.yaml`` or ``.trace.csv`` file."""
    if path.name.lower().endswith(".csv"):
        return [_read_csv(path, text)]
    root = load_yaml(path, text)
    entries = root.check_keys("a trace file", _HEADER_KEYS | {"rows", "traces"})
    if "traces" in entries:
        if "rows" in entries:
            raise entries["rows"].error("a file with traces: has its rows inside each trace")
        traces = []
        names: set[str] = set()
        for index, node in enumerate(entries["traces"].sequence("traces")):
            own = node.check_keys("a trace", _HEADER_KEYS | {"rows"})
            merged = {**{k: v for k, v in entries.items() if k != "traces"}, **own}
            trace = _read_trace(path, merged, node.line, f"{trace_title(path)}[{index + 1}]")
            if trace.name.lower() in names:
                raise node.error(f"two traces are called {trace.name!r}")
            names.add(trace.name.lower())
            traces.append(trace)
        if not traces:
            raise entries["traces"].error("traces: is empty")
        return traces
    return [_read_trace(path, entries, root.line, trace_title(path))]


def _read_trace(path: Path, entries: dict[str, YamlNode], line: int, default: str) -> Trace:
    pou_node = entries.get("pou")
    if pou_node is None:
        raise TestDefinitionError("the trace does not say which POU it tests (pou:)", path, line)
    name = entries["name"].scalar("name") if "name" in entries else default
    cycle_ns = DEFAULT_CYCLE_NS
    if "cycle" in entries:
        cycle_ns = read_cycle(entries["cycle"])
    signal_lines: dict[str, int] = {}
    inputs = _names(entries.get("inputs"), "inputs", signal_lines)
    outputs = _names(entries.get("outputs"), "outputs", signal_lines)
    both = {n.lower() for n in inputs} & {n.lower() for n in outputs}
    if both:
        raise entries["outputs"].error(f"{sorted(both)[0]} is both an input and an output")
    tolerances: dict[str, tuple[Any, int]] = {}
    if "tolerance" in entries:
        for signal, node in entries["tolerance"].mapping("tolerance").items():
            tolerances[signal] = (node.scalar(f"the tolerance of {signal}"), node.line)
    if "rows" not in entries:
        raise TestDefinitionError("the trace has no rows:", path, line)
    rows: list[TraceRow] = []
    for node in entries["rows"].sequence("rows"):
        rows.extend(_read_row(node, inputs, outputs))
    if not rows:
        raise entries["rows"].error("the trace has no rows")
    start = entries["name"].line if "name" in entries else line
    return Trace(
        name,
        pou_node.scalar("pou"),
        path,
        start,
        pou_node.line,
        cycle_ns,
        inputs,
        outputs,
        tolerances,
        rows,
        signal_lines,
    )


def cycle_problem(cycle_ns: int) -> str | None:
    """Why a cycle time cannot be used: the simulator's tasks run in whole milliseconds."""
    if cycle_ns <= 0:
        return "the cycle time must be positive"
    if cycle_ns % 1_000_000:
        return "the cycle time must be a whole number of milliseconds"
    return None


def read_cycle(node: YamlNode) -> int:
    cycle_ns = read_duration(node, "cycle")
    problem = cycle_problem(cycle_ns)
    if problem is not None:
        raise node.error(problem)
    return cycle_ns


def read_duration(node: YamlNode, what: str) -> int:
    try:
        return duration_ns(node.scalar(what))
    except CellError as exc:
        raise node.error(f"{what}: {exc}") from None


def _names(node: YamlNode | None, what: str, lines: dict[str, int]) -> list[str]:
    if node is None:
        return []
    names = [item.scalar(f"a name in {what}").strip() for item in node.sequence(what)]
    seen: set[str] = set()
    for item, name in zip(node.sequence(what), names, strict=True):
        if not name:
            raise item.error(f"an empty name in {what}")
        if name.lower() in seen or name in lines:
            raise item.error(f"{name} is listed twice in {what}")
        seen.add(name.lower())
        lines[name] = item.line
    return names


def _read_row(node: YamlNode, inputs: list[str], outputs: list[str]) -> list[TraceRow]:
    if isinstance(node.value, list):
        cells = node.plain()
        width = len(inputs) + len(outputs)
        if len(cells) != width:
            columns = ", ".join([*inputs, *(f"=> {o}" for o in outputs)]) or "none declared"
            raise node.error(f"{len(cells)} cells for {width} columns ({columns})")
        row = TraceRow(node.line)
        row.inputs = dict(zip(inputs, cells[: len(inputs)], strict=True))
        row.expected = dict(zip(outputs, cells[len(inputs) :], strict=True))
        return [row]
    entries = node.mapping("a row")
    repeat = 1
    row = TraceRow(node.line)
    by_key = {name.lower(): name for name in [*inputs, *outputs]}
    input_keys = {name.lower() for name in inputs}
    for key, cell in entries.items():
        if key.lower() == "repeat":
            try:
                repeat = int(cell.scalar("repeat"))
            except ValueError:
                raise cell.error("repeat: needs a number of cycles") from None
            if not 1 <= repeat <= _MAX_REPEAT:
                raise cell.error(f"repeat: must be between 1 and {_MAX_REPEAT}")
            continue
        name = by_key.get(key.lower())
        if name is None:
            declared = ", ".join([*inputs, *outputs]) or "none"
            raise cell.error(f"{key} is not among the trace's inputs and outputs ({declared})")
        target = row.inputs if key.lower() in input_keys else row.expected
        target[name] = cell.plain()
    return [row] + [TraceRow(row.line, dict(row.inputs), dict(row.expected))] * (repeat - 1)


def _read_csv(path: Path, text: str | None) -> Trace:
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise TestDefinitionError(f"cannot read: {exc}", path) from None
    header: dict[str, tuple[str, int]] = {}
    tolerances: dict[str, tuple[Any, int]] = {}
    lines = text.splitlines()
    first = 0
    while first < len(lines) and (not lines[first].strip() or lines[first].startswith("#")):
        directive = lines[first].lstrip("#").strip()
        if directive:
            key, _, value = directive.partition(":")
            key = key.strip().lower()
            if key in ("pou", "cycle", "name"):
                header[key] = (value.strip(), first + 1)
            elif key == "tolerance":
                parts = value.split()
                if len(parts) != 2:
                    raise TestDefinitionError(
                        "write a tolerance as '# tolerance: SIGNAL VALUE'", path, first + 1
                    )
                tolerances[parts[0]] = (parts[1], first + 1)
            else:
                raise TestDefinitionError(
                    f"unknown directive {key!r} (pou, cycle, name, tolerance)", path, first + 1
                )
        first += 1
    rows_text = "\n".join(lines[first:])
    reader = csv.reader(io.StringIO(rows_text), skipinitialspace=True)
    table = [(reader.line_num + first, row) for row in reader]
    table = [(line, row) for line, row in table if any(cell.strip() for cell in row)]
    if "pou" not in header:
        raise TestDefinitionError("the trace does not say which POU it tests (# pou: NAME)", path)
    if not table:
        raise TestDefinitionError("the trace has no header row and no rows", path)
    header_line, columns = table[0]
    inputs: list[str] = []
    outputs: list[str] = []
    for column in columns:
        name = column.strip()
        if name.startswith("=>"):
            outputs.append(name[2:].strip())
        elif name:
            if outputs:
                raise TestDefinitionError(
                    f"input column {name} after the outputs: inputs come first", path, header_line
                )
            inputs.append(name)
        else:
            raise TestDefinitionError("an empty column name", path, header_line)
    rows = []
    for line, cells in table[1:]:
        if len(cells) != len(columns):
            raise TestDefinitionError(f"{len(cells)} cells for {len(columns)} columns", path, line)
        values = [cell.strip() for cell in cells]
        rows.append(
            TraceRow(
                line,
                dict(zip(inputs, values[: len(inputs)], strict=True)),
                dict(zip(outputs, values[len(inputs) :], strict=True)),
            )
        )
    if not rows:
        raise TestDefinitionError("the trace has no rows", path, header_line)
    cycle_ns = DEFAULT_CYCLE_NS
    if "cycle" in header:
        text_value, line = header["cycle"]
        try:
            cycle_ns = duration_ns(text_value)
        except CellError as exc:
            raise TestDefinitionError(f"cycle: {exc}", path, line) from None
        problem = cycle_problem(cycle_ns)
        if problem is not None:
            raise TestDefinitionError(problem, path, line)
    name = header["name"][0] if "name" in header else trace_title(path)
    pou, pou_line = header["pou"]
    named = dict.fromkeys([*inputs, *outputs], header_line)
    return Trace(name, pou, path, 1, pou_line, cycle_ns, inputs, outputs, tolerances, rows, named)
