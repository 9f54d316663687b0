"""A repository file as text the model can read and edit, written back as it was encoded.

PLC projects are not all UTF-8: TwinCAT and CODESYS exports from older
versions are Windows-1252, with German comments (``Füllstand``) that must
survive an edit byte for byte. A file is decoded as UTF-8 (a byte order mark
kept aside), else as Windows-1252, else as Latin-1, which decodes anything;
it is written back in the same encoding, with its byte order mark, so an
edit changes only the lines it meant to change. Line endings are left as
they are in the text; ``newline`` says which the file mostly uses, so that
inserted lines can follow it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from werk.tools.errors import WerkError

UTF8_BOM = b"\xef\xbb\xbf"
BINARY_PROBE_BYTES = 8 * 1024
_FALLBACK_ENCODINGS = ("utf-8", "cp1252", "latin-1")


class NotTextError(WerkError):
    """The file is binary (a NUL byte near its start): the tools do not read or edit it."""


@dataclass(frozen=True)
class FileText:
    text: str
    encoding: str
    bom: bool = False

    @property
    def newline(self) -> str:
        """The line ending the file uses most: ``\\r\\n`` or ``\\n``."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def encoded(self, text: str, *, with_bom: bool = True) -> bytes:
        """``text`` in this file's encoding (with its byte order mark, unless ``with_bom`` is
        false); ``WerkError`` if it has characters the encoding lacks."""
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            bad = text[exc.start : exc.end]
            raise WerkError(
                f"the file is encoded as {self.encoding}, which cannot hold {bad!r}; "
                "write that text with other characters (e.g. ASCII)"
            ) from None
        return UTF8_BOM + data if self.bom and with_bom else data

    def byte_offset(self, offset: int) -> int:
        """The byte offset in the file of character ``offset`` of the text."""
        prefix = UTF8_BOM if self.bom else b""
        return len(prefix) + len(self.text[:offset].encode(self.encoding, "replace"))


def decode(data: bytes) -> FileText:
    """The text of a file's bytes; ``NotTextError`` for binary content."""
    if b"\0" in data[:BINARY_PROBE_BYTES]:
        raise NotTextError("the file is binary, not text")
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) :] if bom else data
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return FileText(body.decode(encoding), encoding, bom)
        except UnicodeDecodeError:
            continue
    raise NotTextError("the file cannot be decoded as text")  # latin-1 decodes anything


def read_text(path: Path) -> FileText:
    return decode(path.read_bytes())


def write_text(path: Path, original: FileText, text: str) -> None:
    """Write ``text`` in ``original``'s encoding (atomically: a crash leaves the old file;
    its permissions, e.g. an executable script's, are kept)."""
    data = original.encoded(text)
    temporary = path.with_name(f".{path.name}.werk-tmp")
    temporary.write_bytes(data)
    if path.exists():
        shutil.copymode(path, temporary)
    temporary.replace(path)
