"""Byte offsets of worktree files as the model reads them: ``path:line:column`` and the line.

Everything in ``werk.tools`` speaks byte offsets of the user's file (inside
the XML for TwinCAT and PLCopen files); models speak 1-based lines and
character columns of the path relative to the repository root.
"""

from __future__ import annotations

from pathlib import Path

from werk.agent.workspace.paths import relative_to_root
from werk.tools.text.lines import LineIndex


class SourcePositions:
    """Reads each file once and answers position questions about it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[Path, tuple[bytes, LineIndex]] = {}

    def _file(self, path: Path) -> tuple[bytes, LineIndex]:
        if path not in self._files:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            self._files[path] = (data, LineIndex(data))
        return self._files[path]

    def relative(self, path: Path) -> str:
        return relative_to_root(self.root, path)

    def line_column(self, path: Path, offset: int) -> tuple[int, int]:
        data, lines = self._file(path)
        position = lines.position(offset)
        start = lines.starts[position.line]
        return position.line + 1, len(data[start:offset].decode("utf-8", "replace")) + 1

    def describe(self, path: Path, offset: int) -> str:
        line, column = self.line_column(path, offset)
        return f"{self.relative(path)}:{line}:{column}"

    def line_text(self, path: Path, offset: int) -> str:
        data, lines = self._file(path)
        position = lines.position(offset)
        start = lines.starts[position.line]
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        return data[start:end].decode("utf-8", "replace").rstrip("\r").strip()
