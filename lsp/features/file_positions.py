"""Byte offsets of the user's files as LSP positions, converted once per version of a file.

Every assistance request converts positions both ways, and semantic tokens
or folding convert thousands at a time; building a line index of a
30,000-line file costs milliseconds, so each file's converter is kept until
its bytes change (an edit replaces the bytes object) or the client's
position encoding does.
"""

from __future__ import annotations

from pathlib import Path

from werk.lsp.encoding import PositionConverter
from werk.lsp.st_workspace import StWorkspace
from werk.tools.st.model.symbols import Location


class FilePositions:
    """Converters for the files of one workspace, one per file version."""

    def __init__(self) -> None:
        self._converters: dict[Path, tuple[bytes, str, PositionConverter]] = {}

    def converter(self, workspace: StWorkspace, path: Path, encoding: str) -> PositionConverter:
        data = workspace.data(path)
        cached = self._converters.get(path)
        if cached is not None and cached[0] is data and cached[1] == encoding:
            return cached[2]
        converter = PositionConverter(data, encoding)
        self._converters[path] = (data, encoding, converter)
        return converter

    def line_of(self, workspace: StWorkspace, location: Location, encoding: str) -> int:
        """The 1-based line of a model location in its file, as people cite it."""
        start, _ = location.file_span()
        converter = self.converter(workspace, location.unit.path, encoding)
        return converter.lines.position(start).line + 1
