"""Positions in text: byte offsets, line/column, and maps between an original
text and the texts derived from it (dialect lowering, ST extracted from XML).
"""

from werk.tools.text.lines import LineIndex, Position
from werk.tools.text.offsets import Edit, OffsetMap, Piece, PositionMap, apply_edits

__all__ = ["Edit", "LineIndex", "OffsetMap", "Piece", "Position", "PositionMap", "apply_edits"]
