"""Which ST dialect a file is written in: from the user's setting, the file name, or its text.

The dialect decides the rewrites that are ambiguous (in Siemens SCL
``"Motor DB"`` is a block name, in CODESYS a WSTRING literal), so a wrong
guess shows up as false errors. The user's setting wins; then the file type
(TIA Portal exports ``.scl``, TwinCAT stores ``.TcPOU``/``.TcGVL``/``.TcDUT``);
then markers in the text that only one vendor's ST has. A file with none is
taken as IEC 61131-3 (3rd edition).
"""

from __future__ import annotations

import re
from pathlib import Path

from werk.tools.st.document import Dialect

_TWINCAT_SUFFIXES = frozenset({".tcpou", ".tcgvl", ".tcdut", ".tcio", ".tctto"})

# Each marker counts once, however often it occurs.
_SCL_MARKERS = tuple(
    re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    for pattern in (
        rb"\bEND_VAR\s+BEGIN\b",  # BEGIN between declarations and statements
        rb"^[ \t]*BEGIN[ \t]*\r?$",
        rb"(?<![\w#'\"])#[A-Za-z_\"]",  # #local
        rb"\b(?:FUNCTION_BLOCK|FUNCTION|TYPE|DATA_BLOCK|ORGANIZATION_BLOCK)[ \t]+\"",
        rb"\b(?:ORGANIZATION_BLOCK|DATA_BLOCK)\b",
        rb"^[ \t]*(?:END_)?REGION\b",
        rb"^[ \t]*VERSION[ \t]*:[ \t]*\d",
        rb"\{[ \t]*S7_",
    )
)
_CODESYS_MARKERS = tuple(
    re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    for pattern in (
        rb"\{[ \t]*attribute\b",
        rb"\bREFERENCE[ \t]+TO\b",
        rb"\bVAR_(?:INST|STAT)\b",
        rb"\b(?:AND_THEN|OR_ELSE)\b",
        rb"[\w\])][ \t]*[SR]=(?![=>])",
        rb"\b__NEW\b",
        rb"^[ \t]*(?:END_)?ACTION\b",
        rb"^[ \t]*(?:METHOD|PROPERTY)\b",
    )
)
_TWINCAT_XML = re.compile(rb"<TcPlcObject\b")


def detect_dialect(path: str | Path | None, text: bytes, forced: Dialect | None = None) -> Dialect:
    """The dialect of ``text`` (read from ``path``): ``forced`` if given, else a best guess."""
    if forced is not None:
        return forced
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix == ".scl":
            return Dialect.SCL
        if suffix in _TWINCAT_SUFFIXES:
            return Dialect.TWINCAT
    if _TWINCAT_XML.search(text):
        return Dialect.TWINCAT
    scl = sum(1 for marker in _SCL_MARKERS if marker.search(text))
    codesys = sum(1 for marker in _CODESYS_MARKERS if marker.search(text))
    if scl == codesys == 0:
        return Dialect.IEC
    return Dialect.SCL if scl > codesys else Dialect.CODESYS
