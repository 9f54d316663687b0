"""Python, C and C++ files open next to the PLC code: document symbols, go to
definition and find references, from werk's code index.

The server models only Structured Text; for other languages it knows the
tags of werk's repository index (``werk.tools.code``: definitions and
references by name, the same ones ``werk symbols`` and ``werk refs`` show).
The open buffer is tagged from the editor's text on each request, so its
unsaved edits count; the other files come from a ``SymbolIndex`` of the
repository, built on the first request that needs it and refreshed at most
every ``REFRESH_SECONDS`` (its tag cache makes a refresh re-parse only the
files that changed). The index holds Structured Text too, for ghost text's
ranked repository map (``werk.lsp.inline.repo_map``), but navigation never
answers from its ST tags: the semantic model does. The server owns one
``CodeIndex`` (``WerkLanguageServer.code_index``), so navigation and ghost
text share one index.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from werk.lsp.encoding import PositionConverter
from werk.tools.code.discovery import DEFAULT_EXCLUDES
from werk.tools.code.index import SymbolIndex
from werk.tools.code.languages import LanguageSupport, language_for_path, language_named
from werk.tools.code.tags import Tag, extract_tags
from werk.tools.errors import WerkError

if TYPE_CHECKING:
    from werk.lsp.server import WerkLanguageServer

log = logging.getLogger(__name__)

LANGUAGES = frozenset({"python", "c", "cpp"})
REFRESH_SECONDS = 10.0
IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
SYMBOL_KINDS = {
    "class": types.SymbolKind.Class,
    "template": types.SymbolKind.Class,
    "method": types.SymbolKind.Method,
    "function": types.SymbolKind.Function,
    "prototype": types.SymbolKind.Function,
    "field": types.SymbolKind.Field,
    "variable": types.SymbolKind.Variable,
    "struct": types.SymbolKind.Struct,
    "union": types.SymbolKind.Struct,
    "enum": types.SymbolKind.Enum,
    "constant": types.SymbolKind.EnumMember,
    "typedef": types.SymbolKind.TypeParameter,
    "macro": types.SymbolKind.Constant,
    "namespace": types.SymbolKind.Namespace,
}


@dataclass(frozen=True)
class Buffer:
    """An open file of another language as the editor has it."""

    uri: str
    path: Path
    relative: str  # its path in the index
    language: LanguageSupport
    data: bytes
    tags: list[Tag]
    converter: PositionConverter


class CodeIndex:
    """Tags of the open buffer and of the repository, for one server."""

    def __init__(self, ls: WerkLanguageServer) -> None:
        self.ls = ls
        self._index: SymbolIndex | None = None
        self._built_at = float("-inf")
        self._buffers: dict[str, tuple[bytes, Buffer]] = {}
        self._building = threading.Lock()  # ghost text refreshes it from a worker thread

    # --- the open buffer ----------------------------------------------------------------

    @staticmethod
    def language_of(path: Path) -> LanguageSupport | None:
        language = language_for_path(path)
        return language if language is not None and language.name in LANGUAGES else None

    def handles(self, uri: str) -> bool:
        path = self.ls.path(uri)
        return path is not None and self.language_of(path) is not None

    def buffer(self, uri: str) -> Buffer | None:
        path = self.ls.path(uri)
        language = self.language_of(path) if path is not None else None
        if path is None or language is None:
            return None
        try:
            data = self.ls.workspace.get_text_document(uri).source.encode("utf-8")
        except OSError:  # not open and not on disk
            return None
        cached = self._buffers.get(uri)
        if cached is not None and cached[0] == data:
            return cached[1]
        relative = self._relative(path)
        tags = extract_tags(relative, data, language).tags
        buffer = Buffer(
            uri, path, relative, language, data, tags, PositionConverter(data, self.ls.encoding)
        )
        self._buffers[uri] = (data, buffer)
        return buffer

    def _relative(self, path: Path) -> str:
        root = self.ls.st.root if self.ls.st is not None else None
        if root is not None and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
        return path.name

    # --- the repository -----------------------------------------------------------------

    def index(self) -> SymbolIndex | None:
        """The repository's index, built on first use and refreshed when it is old."""
        workspace = self.ls.st
        if workspace is None:
            return None
        with self._building:
            if self._index is not None and time.monotonic() - self._built_at < REFRESH_SECONDS:
                return self._index
            settings = workspace.config.config.index
            try:
                self._index = SymbolIndex.build(
                    workspace.root,
                    exclude=[*DEFAULT_EXCLUDES, *settings.exclude],
                    max_file_size=settings.max_file_size,
                )
            except WerkError as exc:
                log.warning("indexing %s failed: %s", workspace.root, exc.message)
            self._built_at = time.monotonic()
            return self._index

    def _open_buffers(self) -> dict[str, Buffer]:
        """Other-language buffers open in the editor, by their path in the index."""
        found: dict[str, Buffer] = {}
        open_uris = list(self.ls.workspace.text_documents)
        for closed in set(self._buffers) - set(open_uris):
            del self._buffers[closed]
        for uri in open_uris:
            if not self.handles(uri):
                continue
            buffer = self.buffer(uri)
            if buffer is not None:
                found[buffer.relative] = buffer
        return found

    def _tags_named(
        self, name: str, family: str, kinds: set[str]
    ) -> Iterator[tuple[Tag, Buffer | None]]:
        """Tags of ``name`` in the language family: open buffers first, then the index."""
        buffers = self._open_buffers()
        for buffer in buffers.values():
            if buffer.language.family != family:
                continue
            for tag in buffer.tags:
                if tag.name == name and tag.kind in kinds:
                    yield tag, buffer
        index = self.index()
        if index is None:
            return
        candidates: list[Tag] = []
        if "def" in kinds:
            candidates.extend(index.definitions(name))
        if "ref" in kinds:
            candidates.extend(index.references(name))
        for tag in candidates:
            indexed = index.files.get(tag.path)
            if tag.path in buffers or indexed is None:
                continue
            if _family(indexed.language) == family:
                yield tag, None

    def _converter(
        self, tag: Tag, converters: dict[str, PositionConverter]
    ) -> PositionConverter | None:
        """A converter for a file of the index, read from disk once per request."""
        workspace = self.ls.st
        if workspace is None:
            return None
        converter = converters.get(tag.path)
        if converter is None:
            try:
                data = (workspace.root / tag.path).read_bytes()
            except OSError:
                return None
            converter = converters[tag.path] = PositionConverter(data, self.ls.encoding)
        return converter

    def _location(
        self, tag: Tag, buffer: Buffer | None, converters: dict[str, PositionConverter]
    ) -> types.Location | None:
        if buffer is not None:
            return types.Location(
                uri=buffer.uri, range=buffer.converter.range(tag.start_byte, tag.end_byte)
            )
        workspace = self.ls.st
        converter = self._converter(tag, converters)
        if workspace is None or converter is None:
            return None
        return types.Location(
            uri=self.ls.uri(workspace.root / tag.path),
            range=converter.range(tag.start_byte, tag.end_byte),
        )

    # --- requests -----------------------------------------------------------------------

    def name_at(self, buffer: Buffer, position: types.Position) -> str | None:
        offset = buffer.converter.offset(position)
        for tag in buffer.tags:
            if tag.start_byte <= offset <= tag.end_byte:
                return tag.name
        line_start = buffer.data.rfind(b"\n", 0, offset) + 1
        line_end = buffer.data.find(b"\n", offset)
        line = buffer.data[line_start : len(buffer.data) if line_end < 0 else line_end]
        for found in IDENTIFIER.finditer(line):
            if found.start() <= offset - line_start <= found.end():
                return found.group().decode("ascii")
        return None

    def definition(self, uri: str, position: types.Position) -> list[types.Location]:
        buffer = self.buffer(uri)
        name = self.name_at(buffer, position) if buffer is not None else None
        if buffer is None or name is None:
            return []
        return self._locations(self._tags_named(name, buffer.language.family, {"def"}))

    def references(
        self, uri: str, position: types.Position, include_declaration: bool
    ) -> list[types.Location]:
        buffer = self.buffer(uri)
        name = self.name_at(buffer, position) if buffer is not None else None
        if buffer is None or name is None:
            return []
        kinds = {"def", "ref"} if include_declaration else {"ref"}
        return self._locations(self._tags_named(name, buffer.language.family, kinds))

    def _locations(self, tags: Iterable[tuple[Tag, Buffer | None]]) -> list[types.Location]:
        converters: dict[str, PositionConverter] = {}
        found: list[types.Location] = []
        seen: set[tuple[str, int]] = set()
        for tag, buffer in tags:
            if (tag.path, tag.start_byte) in seen:
                continue
            seen.add((tag.path, tag.start_byte))
            location = self._location(tag, buffer, converters)
            if location is not None:
                found.append(location)
        found.sort(
            key=lambda found: (found.uri, found.range.start.line, found.range.start.character)
        )
        return found

    def document_symbols(self, uri: str) -> list[types.DocumentSymbol]:
        """The buffer's definitions, nested where one's lines hold another's."""
        buffer = self.buffer(uri)
        if buffer is None:
            return []
        definitions = sorted(
            (tag for tag in buffer.tags if tag.kind == "def"),
            key=lambda tag: (tag.line, -tag.end_line, tag.start_byte),
        )
        roots: list[Outline] = []
        enclosing: list[Outline] = []
        for tag in definitions:
            while enclosing and not enclosing[-1].holds(tag):
                enclosing.pop()
            outline = Outline(tag, [])
            (enclosing[-1].children if enclosing else roots).append(outline)
            enclosing.append(outline)
        return [outline.symbol(buffer) for outline in roots]


@dataclass
class Outline:
    """A definition and the definitions inside its lines."""

    tag: Tag
    children: list[Outline]

    def holds(self, tag: Tag) -> bool:
        return self.tag.line <= tag.line and tag.end_line <= self.tag.end_line

    def symbol(self, buffer: Buffer) -> types.DocumentSymbol:
        tag = self.tag
        lines = buffer.converter.lines
        start = lines.starts[min(tag.line - 1, len(lines.starts) - 1)]
        last = tag.end_line  # 1-based: the index of the line after it
        end = lines.starts[last] - 1 if last < len(lines.starts) else len(buffer.data)
        return types.DocumentSymbol(
            name=tag.name,
            kind=SYMBOL_KINDS.get(tag.category, types.SymbolKind.Variable),
            range=buffer.converter.range(min(start, tag.start_byte), max(end, tag.end_byte)),
            selection_range=buffer.converter.range(tag.start_byte, tag.end_byte),
            detail=tag.signature_line.strip() or None,
            children=[child.symbol(buffer) for child in self.children] or None,
        )


def _family(language: str) -> str:
    try:
        return language_named(language).family
    except KeyError:
        return language
