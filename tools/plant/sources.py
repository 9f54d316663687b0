"""Where something of the plant model is written down: ``file:line`` as people read it.

The semantic model keeps spans of the lowered ST text; the plant model shows
them as positions in the user's own file (inside the XML for TwinCAT files),
the form a terminal or an editor can jump to. The files are read once per
model, lazily, so building a model that nobody prints costs no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from werk.tools.st.model.symbols import Location
from werk.tools.text.lines import LineIndex


@dataclass(frozen=True, order=True)
class SourceRef:
    """A span of a user's file: byte offsets and the 1-based line and column of its start."""

    path: Path
    line: int
    column: int
    start: int = 0
    end: int = 0

    def describe(self, shown: Path | None = None) -> str:
        return f"{shown or self.path}:{self.line}"

    def to_json(self, shown: Path | None = None) -> dict[str, object]:
        return {"file": str(shown or self.path), "line": self.line, "column": self.column}


class SourceLines:
    """Line lookups for the files a model points into, each file read at most once."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[bytes, LineIndex]] = {}

    def _file(self, path: Path) -> tuple[bytes, LineIndex]:
        found = self._files.get(path)
        if found is None:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            found = self._files[path] = (data, LineIndex(data))
        return found

    def ref(self, path: Path, start: int, end: int | None = None) -> SourceRef:
        data, lines = self._file(path)
        position = lines.position(start)
        line_start = lines.starts[position.line]
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        return SourceRef(path, position.line + 1, column, start, start if end is None else end)

    def of(self, location: Location) -> SourceRef:
        start, end = location.file_span()
        return self.ref(location.unit.path, start, end)
