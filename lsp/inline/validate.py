"""A Structured Text suggestion must not break the code it is inserted into.

The unit (POU) around the cursor is parsed with the suggestion in place, by
the same parser and dialect lowering as everything else; a suggestion that
adds syntax errors is dropped. Errors the user's half-typed code already
has do not count against it.
"""

from __future__ import annotations

from pathlib import Path

from werk.tools.errors import WerkError
from werk.tools.st.loader import load_source


def keeps_syntax(path: Path, before: str, suggestion: str, after: str) -> bool:
    """``before`` and ``after`` are the unit's text around the cursor."""
    try:
        baseline = _issues(path, before + after)
        return _issues(path, before + suggestion + after) <= baseline
    except WerkError:
        return False


def _issues(path: Path, text: str) -> int:
    source = load_source(path, text.encode("utf-8"))
    return sum(len(unit.issues) for unit in source.units)
