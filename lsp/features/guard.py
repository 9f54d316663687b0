"""Requests that answer even when something goes wrong inside them.

A navigation request may arrive for a file that is not loaded, at a position
past the end, in a file whose syntax is broken halfway through an edit. The
editor should then see "nothing here", not an error popup on every cursor
move; the failure is logged for whoever reads the server's log. Refusals the
user must read (a rename that would collide) are JSON-RPC errors and pass
through untouched.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from pygls.exceptions import JsonRpcException

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def guarded(empty: Callable[[], R]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Answer ``empty()`` instead of failing; JSON-RPC errors still reach the client."""

    def decorate(handler: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(handler)
        def answer(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return handler(*args, **kwargs)
            except JsonRpcException:
                raise
            except Exception:
                log.exception("%s failed; answering with an empty result", handler.__name__)
                return empty()

        return answer

    return decorate


def nothing() -> None:
    return None
