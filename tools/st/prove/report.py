"""Results as text for people: one block per property, counterexamples as a cycle table.

::

    violated   P2  pattern-invariant  (falsify, cycle 3, 0.08 s)
      {instance.nLevel <= 100} is always true at the end of the PLC cycle.
      fails at the end of cycle 3
      cycle   time  instance.bFill  instance.nInflow | instance.nLevel
          1   0 ms  TRUE            60               | 60
          2  10 ms  TRUE            60               | 120  <- fails

Values are shown as ST literals (``TRUE``, ``T#30ms``, ``16#FF`` for bit
strings, ``E_Mode#Fill`` for enumerations). Inputs are left of the bar, the
variables the property mentions right of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from werk.tools.st.prove.results import PropertyResult, Verdict
from werk.tools.st.prove.trace import Trace
from werk.tools.st.sim.iec.literals import format_value
from werk.tools.st.sim.iec.types import ElementarySpec
from werk.tools.st.sim.values import EnumLayout

Specs = dict[str, Any]  # shown path -> its Signal (or just its ElementarySpec), for formatting

LABELS = {
    Verdict.PROVED: "proved",
    Verdict.VIOLATED: "violated",
    Verdict.UNKNOWN: "unknown",
    Verdict.DEFECTIVE: "defective",
}


def render_results(results: Sequence[PropertyResult], specs: Specs | None = None) -> str:
    blocks = [render_result(result, specs or {}) for result in results]
    counts = {verdict: 0 for verdict in Verdict}
    bounded = 0
    for result in results:
        counts[result.verdict] += 1
        bounded += 1 if result.held_to_bound else 0
    summary = ", ".join(f"{counts[v]} {LABELS[v]}" for v in Verdict if counts[v])
    if bounded:
        summary += f" ({bounded} held to the bound)"
    return "\n\n".join(blocks) + f"\n\n{summary or 'no properties'}\n"


def render_result(result: PropertyResult, specs: Specs) -> str:
    prop = result.property
    details = []
    if result.engine:
        details.append(result.engine)
    if result.depth is not None:
        details.append(
            f"k={result.depth}" if result.engine == "induction" else f"cycle {result.depth}"
        )
    if result.bounded_depth is not None and result.verdict is Verdict.UNKNOWN:
        details.append(f"held to depth {result.bounded_depth}")
    details.append(f"{result.seconds:.2f} s")
    lines = [f"{LABELS[result.verdict]:<10} {prop.name}  {prop.pattern_id}  ({', '.join(details)})"]
    if prop.description:
        lines.append(f"  {prop.description}")
    lines.append(f"  {prop.requirement()}")
    if prop.origin:
        lines.append(f"  from {prop.origin}")
    reason = str(result.reason)
    if result.suggestions and "did you mean" not in reason:
        reason += f" (did you mean {' or '.join(result.suggestions)}?)"
    lines.append(f"  {reason}")
    for note in result.notes:
        lines.append(f"  note: {note}")
    if result.trace is not None:
        lines.extend("  " + line for line in render_trace(result.trace, specs).splitlines())
    return "\n".join(lines)


def render_trace(trace: Trace, specs: Specs | None = None) -> str:
    """The trace as a table: cycle, time, inputs | observed values; the failing cycle marked."""
    specs = specs or {}
    if not trace.cycles:
        return "(empty trace)"
    inputs = list(trace.cycles[0].inputs)
    observed: list[str] = []
    for cycle in trace.cycles:
        for name in cycle.values:
            if name not in observed and name not in inputs:
                observed.append(name)
    header = ["cycle", "time", *inputs, "|", *observed]
    rows = [header]
    for cycle in trace.cycles:
        row = [str(cycle.number), f"{cycle.time_ms} ms"]
        row += [_shown(cycle.inputs.get(name), specs.get(name)) for name in inputs]
        row.append("|")
        row += [_shown(cycle.values.get(name), specs.get(name)) for name in observed]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    text = []
    for index, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if i < 2 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ]
        line = "  ".join(cells).rstrip()
        number = index  # header is row 0, cycle n is row n
        if trace.failing_cycle is not None and number == trace.failing_cycle:
            line += "  <- " + ("the PLC stops" if trace.fault else "here")
        text.append(line)
    if trace.fault:
        text.append(f"fault: {trace.fault}")
    return "\n".join(text)


def _shown(value: Any, known: Any) -> str:
    if value is None:
        return "-"
    layout = getattr(known, "layout", None)
    if isinstance(layout, EnumLayout):
        for member, number in layout.members.items():
            if number == value:
                return f"{layout.name}#{member}"  # ST names are case-insensitive
    spec = known.spec if hasattr(known, "spec") else known
    if isinstance(spec, ElementarySpec):
        try:
            return format_value(spec, value)
        except (TypeError, ValueError):
            pass
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)
