"""Defective properties: about free inputs only, or contradicting themselves."""

from __future__ import annotations

from tests.tools.st.prove.support import project_of, prop
from werk.tools.st.prove.bound import bind_property
from werk.tools.st.prove.defects import contradiction, input_only
from werk.tools.st.prove.entry import Entry


def test_input_only_unless_the_code_writes_the_input() -> None:
    entry = Entry(project_of("stack.st"), "FB_Queue")
    free = bind_property(entry, prop("pattern-invariant", "instance.bPut OR instance.bTake"))
    assert [s.shown for s in input_only(free, entry) or []] == ["instance.bPut", "instance.bTake"]
    written = bind_property(entry, prop("pattern-invariant", "instance.nItem > 0"))
    assert input_only(written, entry) is None  # the queue writes nItem when taking
    mixed = bind_property(entry, prop("pattern-invariant", "instance.bPut OR instance.bFull"))
    assert input_only(mixed, entry) is None


def test_contradictions() -> None:
    entry = Entry(project_of("tank.st"), "FB_Tank")
    never = bind_property(
        entry, prop("pattern-invariant", "instance.rError > 1.0 AND instance.rError < 0.0")
    )
    assert contradiction(never) is not None
    always = bind_property(entry, prop("pattern-forbidden", "instance.nSpeed = instance.nSpeed"))
    assert contradiction(always) is not None
    fine = bind_property(entry, prop("pattern-reachability", "instance.rError > 1.0"))
    assert contradiction(fine) is None
