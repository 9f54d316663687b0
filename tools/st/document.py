"""A piece of Structured Text as werk analyses it, and the way back to the file.

ST lives in plain ``.st``/``.scl`` files, but also inside TwinCAT XML
(``.TcPOU``...) and PLCopen XML, where one POU is spread over several CDATA
sections. Each is turned into an ``StDocument``: ST text that reads like one
plain source (``text``), plus a position map from that text back to the bytes
of the user's file, so every finding is reported where the user can see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from werk.tools.text.offsets import OffsetMap, PositionMap


class Dialect(StrEnum):
    """The ST dialect a document is written in; decides the ambiguous rewrites."""

    IEC = "iec"  # IEC 61131-3 3rd edition, no vendor extensions assumed
    CODESYS = "codesys"  # CODESYS V3 and TwinCAT 3 (the same language family)
    TWINCAT = "twincat"
    SCL = "scl"  # Siemens S7-1200/1500 SCL as exported from TIA Portal


class Origin(StrEnum):
    """Where the ST text came from."""

    PLAIN = "plain"  # a .st/.scl/.iecst file: text is the file
    TWINCAT = "twincat"  # .TcPOU/.TcGVL/.TcDUT: CDATA sections laid out as one document
    PLCOPEN = "plcopen"  # PLCopen TC6 XML: ST bodies and synthesised declarations


@dataclass
class StDocument:
    """ST text, its dialect, and how its offsets map to the user's file."""

    path: Path
    text: bytes
    to_file: PositionMap
    dialect: Dialect
    origin: Origin = Origin.PLAIN
    # The name a container gives its content, e.g. the GVL name that qualifies
    # its globals (``GVL_IO.bStart``) or the POU name of a TwinCAT file.
    container_name: str | None = None
    # Things the extraction noticed, for the user: "implementation of FB_X is
    # in LD, not ST: skipped".
    notes: list[str] = field(default_factory=list)

    @classmethod
    def plain(cls, path: Path, text: bytes, dialect: Dialect) -> StDocument:
        return cls(path, text, OffsetMap.identity(len(text)), dialect)
