"""Speed of the property checker's solver engines on a timer-based function block.

``FB_Conveyor`` has a start request latch, a TON warning horn (PT = 50 ms,
five cycles at 10 ms), a TOF run-on (PT = 30 ms), an R_TRIG part counter
and an emergency stop: 24 state variables once the timers' hidden phase and
age are counted. Measured, each the best of ``--repeat`` runs:

- building the z3 model of one cycle (encoding, initial state from the simulator);
- bounded model checking to ``--depth`` (default 20) of a property that holds
  (every depth searched, nothing found), and of one that fails (the search
  stops at the shortest counterexample, then the simulator replays it);
- k-induction (interleaved with the bounded check) of three properties that
  hold, with the lemmas Houdini proves from simulated runs.

Run: ``.venv/bin/python -m werk.benchmarks.perf.prove_bench [--depth 20] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from werk.tools.st.document import Dialect, StDocument
from werk.tools.st.model.project import Project
from werk.tools.st.prove import Property, PropertyResult, Verdict, check_properties
from werk.tools.st.prove.bmc import ProofOutcome, prove
from werk.tools.st.prove.bound import bind_property
from werk.tools.st.prove.entry import Entry
from werk.tools.st.prove.smt_property import SymbolicMonitor
from werk.tools.st.prove.transition import TransitionSystem
from werk.tools.st.unit import StUnit

CONVEYOR = """\
FUNCTION_BLOCK FB_Conveyor
VAR_INPUT
    bStart : BOOL;
    bStop : BOOL;
    bEStop : BOOL;
    bPartAtEnd : BOOL;
END_VAR
VAR_OUTPUT
    bMotor : BOOL;
    bHorn : BOOL;
    nParts : INT;
END_VAR
VAR
    tonWarn : TON;
    tofRunOn : TOF;
    rtPart : R_TRIG;
    bRequest : BOOL;
END_VAR
IF bEStop OR bStop THEN
    bRequest := FALSE;
ELSIF bStart THEN
    bRequest := TRUE;
END_IF
tonWarn(IN := bRequest AND NOT bEStop, PT := T#50ms);
bHorn := bRequest AND NOT tonWarn.Q;
tofRunOn(IN := tonWarn.Q, PT := T#30ms);
bMotor := tofRunOn.Q AND NOT bEStop;
rtPart(CLK := bPartAtEnd);
IF rtPart.Q AND bMotor AND nParts < 10000 THEN
    nParts := nParts + 1;
END_IF
END_FUNCTION_BLOCK
"""

HOLDS = [
    Property("estop-stops", "pattern-implication", ("instance.bEStop", "NOT instance.bMotor")),
    Property(
        "stop-within-3",
        "werk-response",
        ("instance.bStop", "NOT instance.bMotor OR NOT instance.bStop", "3"),
    ),
    Property("parts-counted", "pattern-invariant", ("instance.nParts >= 0",)),
]
FAILS = Property(
    "no-horn-while-running", "pattern-forbidden", ("instance.bHorn AND instance.bMotor",)
)


def project() -> Project:
    document = StDocument.plain(Path("<bench>/conveyor.st"), CONVEYOR.encode(), Dialect.IEC)
    return Project([StUnit.from_document(document)])


def best(repeat: int, action: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    depth = options.depth
    entry = Entry(project(), "FB_Conveyor")

    build_time, system = best(options.repeat, lambda: TransitionSystem(entry))
    print(
        f"model: {len(system.keys)} state variables, {len(system.input_keys)} inputs, "
        f"built in {build_time * 1000:.1f} ms"
    )

    def bounded(prop: Property) -> ProofOutcome:
        monitor = SymbolicMonitor(bind_property(entry, prop))
        return prove(
            system, monitor, {}, depth=depth, deadline=time.monotonic() + 600, induct=False
        )

    seconds, outcome = best(options.repeat, lambda: bounded(HOLDS[0]))
    print(
        f"BMC to depth {depth}, '{HOLDS[0].name}' (holds): {seconds:.2f} s, "
        f"searched {outcome.depth_done} depths, counterexample: {outcome.rows is not None}"
    )
    seconds, outcome = best(options.repeat, lambda: bounded(FAILS))
    found = len(outcome.rows) if outcome.rows is not None else None
    print(
        f"BMC to depth {depth}, '{FAILS.name}' (fails): {seconds:.2f} s, "
        f"counterexample of {found} cycles"
    )

    def induction(prop: Property) -> list[PropertyResult]:
        return check_properties(
            project(), [prop], entry="FB_Conveyor", depth=depth, engine="induction"
        )

    for prop in HOLDS:
        seconds, (result,) = best(options.repeat, partial(induction, prop))
        assert result.verdict is Verdict.PROVED, result.reason
        print(f"k-induction, '{prop.name}': {seconds:.2f} s, proved with k = {result.depth}")

    seconds, (result,) = best(
        options.repeat,
        lambda: check_properties(
            project(), [FAILS], entry="FB_Conveyor", depth=depth, engine="bmc"
        ),
    )
    assert result.verdict is Verdict.VIOLATED and result.trace is not None
    print(
        f"check (bmc + replay on the simulator), '{FAILS.name}': {seconds:.2f} s, "
        f"fails at cycle {result.trace.failing_cycle}, confirmed: {result.trace.confirmed}"
    )


if __name__ == "__main__":
    main()
