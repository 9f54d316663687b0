"""Per-POU summaries merged into one project-wide table, kept up to date by difference.

Project rules ask questions such as "does any code write this variable?":
the answer is a union over every POU's summary. Rebuilding that union after
each keystroke visits every summary's contents; keeping it and replacing
only the summaries that changed visits one or two.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

from werk.tools.st.model.symbols import Pou

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SummaryIndex(Generic[K, V]):
    """``key -> {pou: value}`` over the summaries last given to ``update``."""

    def __init__(self) -> None:
        self._summaries: dict[Pou, Mapping[K, V]] = {}
        self._index: dict[K, dict[Pou, V]] = {}

    def update(self, summaries: Iterable[tuple[Pou, Mapping[K, V]]]) -> None:
        """Make the index reflect exactly ``summaries`` (the POUs of the project now).

        A summary is recognised as unchanged by identity: pass the cached
        objects (``Project.derived``), not copies.
        """
        current: dict[Pou, Mapping[K, V]] = {}
        for pou, summary in summaries:
            current[pou] = summary
            previous = self._summaries.get(pou)
            if previous is summary:
                continue
            if previous is not None:
                self._remove(pou, previous)
            for key, value in summary.items():
                self._index.setdefault(key, {})[pou] = value
        if len(current) != len(self._summaries) or any(p not in current for p in self._summaries):
            for pou, previous in self._summaries.items():
                if pou not in current:
                    self._remove(pou, previous)
        self._summaries = current

    def _remove(self, pou: Pou, summary: Mapping[K, V]) -> None:
        for key in summary:
            holders = self._index.get(key)
            if holders is not None:
                holders.pop(pou, None)
                if not holders:
                    del self._index[key]

    def get(self, key: K) -> Mapping[Pou, V]:
        """The POUs whose summary holds ``key``, with their values (empty when none)."""
        return self._index.get(key, {})

    def __contains__(self, key: object) -> bool:
        return key in self._index
