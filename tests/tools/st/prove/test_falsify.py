"""Falsification on the simulator: seeded, reproducible, and shrunk to minimal traces."""

from __future__ import annotations

from tests.tools.st.prove.support import project_of, prop
from werk.tools.st.prove.bound import bind_property
from werk.tools.st.prove.entry import Entry
from werk.tools.st.prove.falsify import complexity, domains_for, search, shrink
from werk.tools.st.prove.inputs import code_constants
from werk.tools.st.prove.monitor import Monitor, Outcome


def setup(pattern: str, *params: str) -> tuple[Entry, Monitor, list]:
    project = project_of("counters.st")
    entry = Entry(project, "FB_Pulses")
    bound = bind_property(entry, prop(pattern, *params))
    runner = entry.runner()
    return entry, Monitor(bound), domains_for(runner, [bound], code_constants(project))


def test_a_violation_is_shrunk_to_the_minimal_trace() -> None:
    entry, monitor, domains = setup("pattern-invariant", "instance.nCount < 3")
    runner = entry.runner()
    report = search(runner, [monitor], domains, runs=200, depth=40, seed=3)
    found = report.findings[0]
    assert found.outcome is Outcome.BAD
    small = shrink(runner, monitor, found, domains)
    # Three rising edges of bPulse need five cycles: TRUE FALSE TRUE FALSE TRUE, no reset.
    assert [row["bpulse"] for row in small.inputs] == [True, False, True, False, True]
    assert all(row["breset"] is False for row in small.inputs)
    assert small.cycle == 5
    assert complexity(small.inputs) <= complexity(found.inputs)


def test_runs_are_reproducible_from_the_seed() -> None:
    entry, monitor, domains = setup("pattern-reachability", "instance.nCount = 2")
    first = search(entry.runner(), [monitor], domains, runs=50, depth=20, seed=7)
    again = search(entry.runner(), [monitor], domains, runs=50, depth=20, seed=7)
    assert first.findings[0].inputs == again.findings[0].inputs
    assert first.findings[0].seed == again.findings[0].seed


def test_special_values_include_the_codes_thresholds() -> None:
    project = project_of("counters.st")
    entry = Entry(project, "FB_Total")
    (domain,) = domains_for(entry.runner(), [], code_constants(project))
    assert {-32768, -1, 0, 1, 32767, 99, 100, 101} <= set(domain.special)
