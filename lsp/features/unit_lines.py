"""Where a unit's text sits in its file, counted in lines.

A plain ST file is split into one unit per declaration, each a contiguous
piece of the file that an edit above it only moves (``Shift``); positions
inside such a unit, as lines and columns relative to its first byte, stay
valid while it moves. Features that answer for a whole file (semantic
tokens, folding) compute them once per unit and place them by the unit's
first line. TwinCAT units are laid out from several XML elements: their
positions are taken from the file itself.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from werk.lsp.encoding import PositionConverter
from werk.tools.st.unit import StUnit
from werk.tools.text.offsets import Shift


@dataclass(frozen=True)
class Placement:
    line: int  # the file line of the unit's first byte
    column: int  # its column there, in the client's units (0 when the unit starts a line)


def placement(unit: StUnit, converter: PositionConverter) -> Placement | None:
    """Where ``unit`` starts in the file; None when it is not one moved piece of it."""
    to_file = unit.document.to_file
    if not isinstance(to_file, Shift):
        return None
    position = converter.position(to_file.base)
    return Placement(position.line, position.character)


_converters: weakref.WeakKeyDictionary[StUnit, PositionConverter] = weakref.WeakKeyDictionary()


def document_converter(unit: StUnit, encoding: str) -> PositionConverter:
    """Positions inside the unit's own text (kept while the unit lives)."""
    found = _converters.get(unit)
    if found is None or found.encoding != encoding:
        found = PositionConverter(unit.document.text, encoding)
        _converters[unit] = found
    return found
