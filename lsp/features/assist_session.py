"""What the assistance features keep between requests, and the cursor they all start from.

Completion, signature help and hover each begin the same way: the file
offset of the LSP position, the ST text before it, the structure read from
that text, and the names visible there. The session does that once per
request and keeps what is worth keeping across requests: position
converters per file version, the last clean parse of every POU, the reading
of the text before the cursor (``ContextCache``), each declaration's
semantic tokens and folds, and the system model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.lsp.features.context_cache import ContextCache
from werk.lsp.features.cursor_context import CursorContext
from werk.lsp.features.cursor_text import CursorText, cursor_text
from werk.lsp.features.file_positions import FilePositions
from werk.lsp.features.folding import FoldingCache
from werk.lsp.features.last_good import LastGoodParse
from werk.lsp.features.scope_at import ScopeAt, pou_named
from werk.lsp.features.semantic_tokens import SemanticTokens
from werk.lsp.features.system_view import SystemView
from werk.lsp.st_workspace import StWorkspace

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer


@dataclass
class Cursor:
    """One position in one file, read every way the features need."""

    workspace: StWorkspace
    path: Path
    offset: int  # in the file
    converter: PositionConverter
    text: CursorText
    context: CursorContext
    scope: ScopeAt

    def file_offset(self, text_offset: int) -> int:
        return self.text.to_file(text_offset)

    def range_from(self, text_offset: int) -> types.Range:
        """From an offset of the cursor's text to the cursor itself."""
        start = self.converter.position(self.file_offset(text_offset))
        return types.Range(start, self.converter.position(self.offset))


class AssistSession:
    def __init__(self) -> None:
        self.positions = FilePositions()
        self.last_good = LastGoodParse()
        self.system = SystemView()
        self.contexts = ContextCache()
        self.tokens = SemanticTokens()
        self.folds = FoldingCache()

    def file_of(self, ls: WerkLanguageServer, uri: str) -> Path | None:
        """The loaded ST file behind ``uri`` (None for anything else).

        Editors ask for tokens, folds and hints after every change: each request
        keeps the file's last clean parse up to date for completion.
        """
        if ls.st is None:
            return None
        path = ls.path(uri)
        source = ls.st.files.get(path) if path is not None else None
        if path is None or source is None:
            return None
        self.last_good.remember(path, source.units)
        return path

    def cursor(
        self,
        ls: WerkLanguageServer,
        uri: str,
        position: types.Position,
        *,
        offset: int | None = None,
    ) -> Cursor | None:
        """The cursor at ``position`` (or at file ``offset`` when given)."""
        workspace = ls.st
        path = self.file_of(ls, uri)
        if workspace is None or path is None:
            return None
        converter = self.positions.converter(workspace, path, ls.encoding)
        at = converter.offset(position) if offset is None else offset
        text = cursor_text(workspace, path, at)
        if text is None:
            return None
        context = self.contexts.context(text.key, text.text, text.line)
        names = context.pou_path
        project = workspace.project
        pou = pou_named(project, text.unit, names)
        previous = self.last_good.pou(path, ".".join(names)) if names else None
        scope = ScopeAt(
            project,
            pou,
            last_good=previous,
            scanned=context.declarations,
            pou_path=names,
            unit=text.unit,
            previous=lambda pou: self.last_good.pou(path, pou.qualified_name),
        )
        return Cursor(workspace, path, at, converter, text, context, scope)
