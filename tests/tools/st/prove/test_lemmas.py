"""Invariants from simulation and from the standard FBs, kept only when Houdini proves them."""

from __future__ import annotations

import time

from tests.tools.st.prove.support import project_of
from werk.tools.st.prove.entry import Entry
from werk.tools.st.prove.lemmas import candidates, houdini, range_lemma
from werk.tools.st.prove.transition import TransitionSystem


def test_ranges_seen_in_simulation_become_proved_lemmas() -> None:
    entry = Entry(project_of("counters.st"), "FB_Steps")
    system = TransitionSystem(entry)
    runner = entry.runner()
    states = [system.initial_values]
    for step in [True, True, False, True]:
        runner.cycle({"bstep": step})
        states.append(system.space.concrete(runner))
    found = candidates(system, states)
    assert "0 <= ncount <= 3" in [lemma.text for lemma in found]
    # 0..3 is not preserved (a step from 3 gives 4); 0..5 would be: Houdini drops the first.
    kept = houdini(system, found, deadline=time.monotonic() + 30)
    assert all(lemma.key != "ncount" for lemma in kept)
    wider = houdini(system, [range_lemma(system, "ncount", 0, 5)], deadline=time.monotonic() + 30)
    assert [lemma.key for lemma in wider] == ["ncount"]


def test_standard_fb_lemmas_are_proved() -> None:
    entry = Entry(project_of("timers.st"), "FB_RunOn")
    system = TransitionSystem(entry)
    found = [lemma for lemma in candidates(system, []) if lemma.text.startswith("tofrunon")]
    kept = houdini(system, found, deadline=time.monotonic() + 30)
    assert sorted(lemma.text for lemma in kept) == sorted(lemma.text for lemma in found)
    assert "tofrunon: Q while IN was TRUE or running" in [lemma.text for lemma in kept]
