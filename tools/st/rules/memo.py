"""Findings of project-wide rules, made once and reused while their unit stands.

A project rule decides again after every edit which declarations to report,
but making a finding can cost more than deciding (the fix of WERK403 maps
every edit back to the file). A finding depends on its unit's text, which
never changes while the unit object stands: an edit elsewhere in the file
only moves it, so the memo hands it back moved.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from werk.tools.st.model.symbols import Location
from werk.tools.st.rules.finding import Finding
from werk.tools.st.unit import StUnit


def unit_start(unit: StUnit) -> int:
    """Where the unit's document starts in its file (it moves when text before it changes)."""
    return unit.document.to_file.to_original(0)


class FindingMemo:
    def __init__(self) -> None:
        # (unit id, start, end, key) -> (unit, where the unit started, finding)
        self._entries: dict[tuple[int, int, int, Hashable], tuple[StUnit, int, Finding]] = {}
        self._used: set[tuple[int, int, int, Hashable]] = set()

    def get(self, location: Location, make: Callable[[], Finding], key: Hashable = ()) -> Finding:
        """The finding ``make`` returns for ``location``; ``key`` holds whatever else it
        depends on (a message argument computed from other POUs)."""
        unit = location.unit
        entry_key = (id(unit), location.start, location.end, key)
        self._used.add(entry_key)
        start = unit_start(unit)
        entry = self._entries.get(entry_key)
        if entry is not None and entry[0] is unit:
            _, made_at, finding = entry
            if made_at == start:
                return finding
            finding = finding.moved(start - made_at)
        else:
            finding = make()
        self._entries[entry_key] = (unit, start, finding)
        return finding

    def forget_unused(self) -> None:
        """Drop what the last check did not ask for (its units are gone, or the finding is)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()
