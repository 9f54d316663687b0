"""Suggestions already paid for: asked again, or typed through, they cost no model call.

An entry remembers the document around the cursor when the suggestion was
made. The same place asks again (the editor re-requests after a cursor
wiggle): the same suggestion. The user types the first characters of the
suggestion: the rest of it, at once, as editors that show ghost text expect.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

MAX_ENTRIES = 64


@dataclass(frozen=True)
class Entry:
    uri: str
    prefix: str
    suffix: str
    text: str


class SuggestionCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[str, int, int], Entry] = OrderedDict()
        self._max = max_entries

    def remember(self, uri: str, prefix: str, suffix: str, text: str) -> None:
        key = (uri, hash(prefix), hash(suffix))
        self._entries[key] = Entry(uri, prefix, suffix, text)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def lookup(self, uri: str, prefix: str, suffix: str) -> str | None:
        """The suggestion (or its untyped rest) for this place, if one is known."""
        for key in reversed(self._entries):
            entry = self._entries[key]
            if entry.uri != uri or entry.suffix != suffix or not prefix.startswith(entry.prefix):
                continue
            typed = prefix[len(entry.prefix) :]
            if entry.text.startswith(typed) and len(typed) < len(entry.text):
                self._entries.move_to_end(key)
                return entry.text[len(typed) :]
        return None

    def forget(self, uri: str) -> None:
        for key in [k for k, e in self._entries.items() if e.uri == uri]:
            del self._entries[key]
