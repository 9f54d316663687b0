"""Only the newest request of a document reaches the model (debounce, cancel-previous).

Each inline-completion request takes a ticket for its document; a request
that wakes from its debounce pause, or returns from the model, and finds a
newer ticket was issued gives up: the user has typed on and its answer
would be for text that no longer exists.
"""

from __future__ import annotations

import threading


class LatestOnly:
    def __init__(self) -> None:
        self._tickets: dict[str, int] = {}
        self._lock = threading.Lock()

    def take(self, uri: str) -> int:
        with self._lock:
            ticket = self._tickets.get(uri, 0) + 1
            self._tickets[uri] = ticket
            return ticket

    def is_current(self, uri: str, ticket: int) -> bool:
        with self._lock:
            return self._tickets.get(uri) == ticket
