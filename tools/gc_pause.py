"""Pausing Python's cyclic garbage collector while building large acyclic structures.

Dialect lowering, the symbol index and the reference graph create hundreds
of thousands of small tuples and lists in one go. None of them form cycles, but each allocation
burst triggers collections that traverse every live container again; on a
thousand-file repository that doubled build times, and it cost a sixth of
the lowering of a large ST file. The pause is process-wide: keep it short. Reference counting still
frees everything as usual while the collector is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_loaded() -> None:
    """Move everything alive now out of the collector's reach (``gc.freeze``).

    A loaded project is hundreds of thousands of objects that live until
    their file changes. Left in the collector's generations, every full
    collection walks them all, a pause of a few hundred milliseconds that
    lands on some unlucky keystroke. Long-running processes (the language
    server, the agent) call this once a project is loaded; frozen objects are
    still freed by reference counting when an edit drops them.
    """
    gc.collect()
    gc.freeze()
