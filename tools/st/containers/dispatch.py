"""Which reader turns a project file into ST documents, by file extension.

Plain sources (``.st``, ``.scl``, ``.iecst``, CODESYS V2 ``.exp`` exports) are
their own document; TwinCAT 3 object files (``.TcPOU``, ``.TcGVL``,
``.TcDUT``, ``.TcIO``) and PLCopen TC6 XML (``.xml`` in the PLCopen
namespace) are containers read by ``twincat`` and ``plcopen``. Anything else
holds no ST for werk, so it gets no document rather than an error: a
repository scan passes every file through here.
"""

from __future__ import annotations

from pathlib import Path

from werk.tools.st.containers._xml_spans import UTF8_BOM
from werk.tools.st.containers.plcopen import PLCOPEN_NAMESPACES, extract_plcopen
from werk.tools.st.containers.twincat import extract_twincat
from werk.tools.st.document import Dialect, StDocument
from werk.tools.text.offsets import OffsetMap, Piece

__all__ = ["PLAIN_SUFFIXES", "TWINCAT_SUFFIXES", "documents_for"]

# The dialect a plain file is written in when the caller does not say.
PLAIN_SUFFIXES = {
    ".st": Dialect.IEC,
    ".iecst": Dialect.IEC,
    ".scl": Dialect.SCL,
    ".exp": Dialect.CODESYS,
}
TWINCAT_SUFFIXES = frozenset({".tcpou", ".tcgvl", ".tcdut", ".tcio"})
_PLCOPEN_MARKERS = tuple(namespace.encode() for namespace in PLCOPEN_NAMESPACES)


def documents_for(path: Path, data: bytes, dialect: Dialect | None = None) -> list[StDocument]:
    """The ST documents in file ``path`` with content ``data``; ``[]`` if it holds no ST.

    ``dialect`` overrides the dialect the extension or the exporting tool suggests.
    Raises ``ContainerError`` when a TwinCAT or PLCopen file is malformed.
    """
    suffix = path.suffix.lower()
    if suffix in PLAIN_SUFFIXES:
        return [_plain(path, data, dialect or PLAIN_SUFFIXES[suffix])]
    if suffix in TWINCAT_SUFFIXES:
        documents = extract_twincat(path, data)
    elif suffix == ".xml" and any(marker in data for marker in _PLCOPEN_MARKERS):
        documents = extract_plcopen(path, data)
    else:
        return []
    if dialect is not None:
        for document in documents:
            document.dialect = dialect
    return documents


def _plain(path: Path, data: bytes, dialect: Dialect) -> StDocument:
    """The file as its own document, minus a UTF-8 byte order mark the parser would choke on."""
    if not data.startswith(UTF8_BOM):
        return StDocument.plain(path, data, dialect)
    text = data[len(UTF8_BOM) :]
    to_file = OffsetMap([Piece(0, len(text), len(UTF8_BOM), len(data))])
    return StDocument(path, text, to_file, dialect)
