"""Reading the text before the cursor again only from where it changed.

In a PROGRAM of 1,500 lines, lexing and reading everything before the cursor
on each completion costs tens of milliseconds. The structure reader's state
between two statements is small (the open frames, how many declarations it
has read), so it is kept every ``CHECKPOINT_TOKENS`` tokens; the next request
in the same declaration resumes from the last checkpoint whose text is
unchanged, which while typing is the statement just before the cursor.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

from werk.lsp.features.cursor_context import (
    Checkpoint,
    CursorContext,
    ScannedDeclaration,
    StructureReader,
    split_partial,
)
from werk.lsp.features.st_tokens import lex

CHECKPOINT_TOKENS = 200
MAX_ENTRIES = 32


@dataclass
class _Entry:
    text: bytes
    declarations: list[ScannedDeclaration]
    checkpoints: list[Checkpoint] = field(default_factory=list)


class ContextCache:
    """``CursorContext``s of the texts of recently edited declarations, read incrementally."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self.resumed_from = 0  # where the last read started (for tests and benchmarks)

    def context(self, key: Hashable, text: bytes, line: int) -> CursorContext:
        """The context at the end of ``text`` (the text before the cursor, on ``line``)."""
        entry = self._entries.get(key)
        resume: Checkpoint | None = None
        kept: list[Checkpoint] = []
        if entry is not None:
            same = common_prefix(entry.text, text)
            kept = [c for c in entry.checkpoints if c.offset <= same]
            resume = kept[-1] if kept else None
        if resume is not None and entry is not None:
            reader = StructureReader.resume(resume, entry.declarations)
            lexed = lex(text, resume.offset, resume.line)
        else:
            reader = StructureReader()
            lexed = lex(text)
        self.resumed_from = resume.offset if resume is not None else 0
        tokens, partial, inside_value = split_partial(lexed.code, len(text))
        since = 0
        for token in tokens:
            reader.feed(token)
            since += 1
            if since >= CHECKPOINT_TOKENS and token.text == ";":
                checkpoint = reader.checkpoint(token.end, token.line)
                if checkpoint is not None:
                    kept.append(checkpoint)
                    since = 0
        self._entries[key] = _Entry(text, reader.declarations, kept)
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)
        return reader.context(partial, lexed.ends_in_text, line, inside_value)


def common_prefix(first: bytes, second: bytes) -> int:
    """The length of the longest common prefix (a binary search of memory comparisons)."""
    left, right = memoryview(first), memoryview(second)
    length = min(len(left), len(right))
    if left[:length] == right[:length]:
        return length
    low, high = 0, length  # left[:low] == right[:low]; left[:high] != right[:high]
    while high - low > 1:
        middle = (low + high) // 2
        if left[:middle] == right[:middle]:
            low = middle
        else:
            high = middle
    return low
