"""The POUs of each file as they last parsed without errors.

While a line is half typed, tree-sitter recovers around the error but may
drop what follows it in the POU (a method, the rest of a VAR section).
Completion then still needs the POU as it was a moment ago: this keeps, per
file and per POU, the declarations of the last unit that parsed cleanly, and
is refreshed whenever an assistance request looks at the file.
"""

from __future__ import annotations

from pathlib import Path

from werk.lsp.cursor import all_pous_of
from werk.tools.st.model.symbols import Pou
from werk.tools.st.unit import StUnit


class LastGoodParse:
    def __init__(self) -> None:
        self._pous: dict[Path, dict[str, Pou]] = {}
        self._seen: dict[Path, list[StUnit]] = {}

    def remember(self, path: Path, units: list[StUnit]) -> None:
        """Take the clean units of ``path``'s current parse as its last good state."""
        seen = self._seen.get(path)
        if seen is not None and len(seen) == len(units) and all(map(_same, seen, units)):
            return
        self._seen[path] = list(units)
        table = self._pous.setdefault(path, {})
        for unit in units:
            if unit.issues:
                continue
            for pou in all_pous_of(unit):
                table[pou.qualified_name.lower()] = pou

    def pou(self, path: Path, qualified_name: str) -> Pou | None:
        """The last clean declaration of ``FB_Pump`` or ``FB_Pump.Start`` in ``path``."""
        return self._pous.get(path, {}).get(qualified_name.lower())


def _same(first: StUnit, second: StUnit) -> bool:
    return first is second
