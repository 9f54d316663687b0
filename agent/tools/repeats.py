"""Spotting a model that repeats the same failing call.

Small models, given an error, often send the identical edit again, or the
same edit with different spacing. The graph should notice after a few
rounds and stop or change course instead of burning the budget. A failing
call is fingerprinted by tool name, arguments and error: argument text has
its whitespace collapsed (re-indenting a search block does not make it a
new attempt), keys are sorted, and the error's numbers are masked (line
numbers and counts shift as the file changes, the mistake does not).
Successful calls have no fingerprint: reading the same file twice is fine.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from werk.agent.tools.formatting import is_error

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")


def failure_fingerprint(name: str, arguments: Mapping[str, Any], result: str) -> str | None:
    """A stable id of a failing call; ``None`` when ``result`` is not an ``ERROR:``."""
    if not is_error(result):
        return None
    payload = {
        "tool": name,
        "arguments": {str(key): _normalised(value) for key, value in sorted(arguments.items())},
        "error": _NUMBER.sub("#", _SPACE.sub(" ", result.strip().splitlines()[0])),
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return _SPACE.sub(" ", value).strip()
    if isinstance(value, Mapping):
        return {str(k): _normalised(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_normalised(v) for v in value]
    return value


class RepeatedFailures:
    """Counts each failing call by fingerprint over a run.

    ``record`` returns how often this very failure has now been seen (0 for
    a success); the graph compares it with ``[agent] max_repeated_failures``.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def record(self, name: str, arguments: Mapping[str, Any], result: str) -> int:
        fingerprint = failure_fingerprint(name, arguments, result)
        if fingerprint is None:
            return 0
        self.counts[fingerprint] += 1
        return self.counts[fingerprint]
