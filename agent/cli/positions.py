"""File positions as people read them: ``path:line:column``, 1-based, in characters."""

from __future__ import annotations

from pathlib import Path

from werk.tools.errors import UsageError
from werk.tools.text.lines import LineIndex


def read_source(path: Path) -> bytes:
    """A file's bytes, or one clear message (missing, a folder, unreadable)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder; give files, or use `werk index {path}`") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def shown_path(path: Path) -> Path:
    """``path`` relative to the current folder when it lies below it, as compilers print it."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path
    return path


class FilePositions:
    """Turns byte offsets of one file into ``path:line:column`` and source lines."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = shown_path(path)
        self.data = data
        self.lines = LineIndex(data)

    def describe(self, offset: int) -> str:
        line, column = self.line_column(offset)
        return f"{self.path}:{line}:{column}"

    def line_column(self, offset: int) -> tuple[int, int]:
        position = self.lines.position(offset)
        start = self.lines.starts[position.line]
        characters = len(self.data[start:offset].decode("utf-8", "replace"))
        return position.line + 1, characters + 1

    def line_text(self, offset: int) -> str:
        position = self.lines.position(offset)
        start = self.lines.starts[position.line]
        end = self.data.find(b"\n", start)
        end = len(self.data) if end < 0 else end
        return self.data[start:end].decode("utf-8", "replace").rstrip("\r")
