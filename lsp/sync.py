"""Editor changes to byte edits of werk's copy of a document.

LSP sends a batch of changes, each a range in the client's position
encoding relative to the text after the previous change (or a whole new
text). Each becomes one byte edit of the file's units, so only the touched
declarations are re-parsed; afterwards werk's bytes must equal the client's
text exactly, or every later position would be off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.lsp.st_workspace import StWorkspace


def apply_changes(
    workspace: StWorkspace,
    path: Path,
    changes: Sequence[types.TextDocumentContentChangeEvent],
    converter_for: Callable[[Path], PositionConverter],
) -> None:
    """Apply the changes in order; ``converter_for(path)`` gives positions for the
    file's current text (the server keeps one per version of each file)."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            converter = converter_for(path)
            start = converter.offset(change.range.start)
            end = max(start, converter.offset(change.range.end))
            workspace.edit(path, start, end, change.text.encode("utf-8"))
        else:
            workspace.replace(path, change.text.encode("utf-8"))


def resynchronise(workspace: StWorkspace, path: Path, client_text: str) -> bool:
    """Take the client's text if ours drifted; True when it had (a bug worth a log line)."""
    expected = client_text.encode("utf-8")
    if workspace.data(path) == expected:
        return False
    workspace.replace(path, expected)
    return True
